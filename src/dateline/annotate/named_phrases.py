"""Names the recogniser missed that the sentence itself marks as names.

The small English model often tags nothing in "The Dow Jones Industrial Average fell by 3%"
or "the S&P 500 was down", even where it tags the same index in another article. Such a name
is a run of capitalised proper nouns (the tagger's NNP/NNPS) right after "the": a person's name
does not take "the", so the run is an organisation (or a place, by its head word: "the Moscone
Center" stays a place only when the head word says so, :mod:`dateline.link.kinds`). A run needs
two words, or one word and a number ("the S&P 500", "the FTSE 100"). A title makes it a role,
not a name ("the Vice President"); a sentence written in title case (a headline: "The Big
Three Fall Again") says nothing, since every word there is capitalised.

A proper noun coordinated with a name the model tagged is a name of the same kind
(:func:`coordinated_names`: "Europe and Asia", "Apple and AT&T", "the iPod Classic, Nano and
Shuffle"): a list joins like with like.

Without part-of-speech tags (a pipeline run for entities alone) nothing is recovered.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from dateline.annotate.offsets import indices_with, line_breaks, lower_case_words
from dateline.annotate.products import STANDALONE_MODEL
from dateline.annotate.roles import TITLE_WORDS
from dateline.link.kinds import ORG_HEADS, PLACE_HEADS, kind_by_head

PROPER_TAGS = frozenset({"NNP", "NNPS"})
# a number after a one-word name ("S&P 500"), not an amount ("the Dow 300 points")
INDEX_NUMBER_DIGITS = range(2, 5)
AMOUNT_WORDS = frozenset({"%", "percent", "per", "points", "point", "million", "billion"})
# share of a sentence's words that start lower-case for it to be running text, not a headline
MIN_LOWER_SHARE = 0.3
COORDINATORS = frozenset({"and", "or", "&"})
MIN_REPEATED_LENGTH = 3
AMOUNT = re.compile(r"\d[.,]\d")  # "SGD1.75"


def determined_names(doc: Doc, taken: set[int]) -> list[tuple[int, int, str]]:
    """(start token, end token, label) of each name after "the", or after a name's possessive
    ("Frankfurt's DAX 30", "Japan's Nikkei"), that the model left untagged; no token of one is
    an entity of the model or in ``taken`` (tokens of other candidates). A name of one word
    must stand alone (:func:`lone_name`)."""
    if not doc.has_annotation("TAG"):
        return []
    found: list[tuple[int, int, str]] = []
    running: dict[int, bool] = {}  # by the first token of a line
    index = 0
    # only a "the" or a possessive starts one: the tokens between are skipped unread
    for candidate in indices_with(doc, lowers=("the",), tags=("POS",)):
        if candidate < index or candidate >= len(doc) - 1:
            continue
        index = candidate
        possessive = after_name_possessive(doc, index, taken)
        if doc[index].lower_ != "the" and not possessive:
            continue
        start = end = index + 1
        while end < len(doc) and is_name_word(doc[end], end, taken):
            end += 1
        if end - start == 1 and is_index_number(doc, end, taken):
            end += 1
        words = end - start
        if words == 1 and not lone_name(doc, start, possessive):
            words = 0
        if words < 1 or any(title_word(doc[i].text) for i in range(start, end)):
            index = max(end, index + 1)
            continue
        line = line_of(doc, start)
        if line.start not in running:
            running[line.start] = is_running_text(line)
        if running[line.start]:
            text = doc[start:end].text
            found.append((start, end, "PLACE" if kind_by_head(text) == "PLACE" else "ORG"))
        index = end
    return found


def after_name_possessive(doc: Doc, index: int, taken: set[int]) -> bool:
    """Whether token ``index`` is the possessive ending of a name ("Japan | 's")."""
    if index == 0 or doc[index].tag_ != "POS":
        return False
    owner = doc[index - 1]
    return bool(owner.ent_type_) or index - 1 in taken


def lone_name(doc: Doc, index: int, possessive: bool) -> bool:
    """Whether the one word after "the" or a name's possessive is a name ("the Eurogroup",
    "Japan's Nikkei"): not a generic head nor a common noun capitalised ("Britain's
    Parliament", "the Fund", "the Internet"), not the first word of a
    longer phrase ("the Standard & Poor's 500"), no amount ("the SGD1.75") and no model
    designator ("the A330s", which :mod:`dateline.annotate.products` names)."""
    word = doc[index]
    if word.lower_ in ORG_HEADS | PLACE_HEADS or is_common_noun(word.lower_):
        return False
    if AMOUNT.search(word.text) or STANDALONE_MODEL.match(word.text):
        return False  # an amount, or a model that the product rules name
    after = doc[index + 1] if index + 1 < len(doc) else None
    if after is not None and after.lower_ in COORDINATORS and ends_in_possessive(doc, index + 2):
        return False  # "the Standard & Poor's 500": one name over the "&"
    return after is None or not (after.text[:1].isupper() and after.is_alpha)


def repeated_proper_nouns(doc: Doc, taken: set[int]) -> list[tuple[int, int, str]]:
    """(start token, end token, "ORG") of each untagged proper noun that running text writes
    capitalised inside a sentence at least twice ("jobs at Opel ... costs at Opel"), never in
    lower case nor after an article ("the Treaty"), and that is no title or generic head: a
    name the model never recognised, most often a company's."""
    if not doc.has_annotation("TAG"):
        return []
    places: dict[str, list[int]] = {}
    running: dict[int, bool] = {}
    for index in indices_with(doc, tags=PROPER_TAGS):  # no other token is a name word
        token = doc[index]
        if not (
            is_name_word(token, index, taken)
            and token.is_alpha
            and len(token.text) >= MIN_REPEATED_LENGTH
            and not token.is_sent_start
            and index > 0
            and doc[index - 1].is_alpha  # not after a quote mark, a dash or a line break
            and not breaks_line(doc[index - 1])
        ):
            continue
        if doc[index - 1].lower_ in ("the", "a", "an"):
            places.setdefault(token.text, []).append(-1)  # "the Treaty": a common noun's way
            continue
        neighbours = (doc[index - 1], doc[index + 1] if index + 1 < len(doc) else None)
        if any(n is not None and n.text[:1].isupper() and n.is_alpha for n in neighbours):
            continue  # part of a longer capitalised phrase
        places.setdefault(token.text, []).append(index)
    lower_words = lower_case_words(doc)
    found = []
    for word, indices in places.items():
        if len(indices) < 2 or -1 in indices or title_word(word) or word.lower() in lower_words:
            continue  # "Government" beside "the government": a common noun capitalised
        if word.lower() in ORG_HEADS | PLACE_HEADS:
            continue
        for index in indices:
            line = line_of(doc, index)
            if line.start not in running:
                running[line.start] = is_running_text(line)
            if running[line.start]:
                found.append((index, index + 1, "ORG"))
    return found


def is_common_noun(word: str) -> bool:
    """Whether the lower-case ``word`` (or its singular) is a noun of the English lexicon."""
    nouns = common_nouns()
    return word in nouns or (len(word) > 4 and word.endswith("s") and word[:-1] in nouns)


def common_nouns() -> frozenset[str]:
    """The nouns the default pipeline's lemmatizer knows (empty when it has no index)."""
    from dateline.annotate.nlp import lexicon_words

    return lexicon_words("noun")


def ends_in_possessive(doc: Doc, index: int) -> bool:
    """Whether token ``index`` is a capitalised word with a possessive after it ("Poor's")."""
    return (
        index + 1 < len(doc)
        and doc[index].text[:1].isupper()
        and doc[index + 1].text in ("'s", "’s")
    )


def coordinated_names(
    doc: Doc, names: list[tuple[int, int, str]], taken: set[int]
) -> list[tuple[int, int, str]]:
    """(start token, end token, label) of each run of untagged proper nouns coordinated with a
    name of ``names`` ("Asia" in "Europe and Asia"), with that name's label: the run follows the
    name after "and"/"or", or after a comma when the list goes on to "and"/"or" ("X, Y and Z");
    or it precedes the name, before "and"/"or". No token of a run is in ``taken``."""
    if not doc.has_annotation("TAG"):
        return []
    taken = set(taken)
    found: list[tuple[int, int, str]] = []
    pending = sorted(names)
    running: dict[int, bool] = {}  # by the first token of a line
    while pending:
        start, end, label = pending.pop(0)
        line = line_of(doc, start)
        if line.start not in running:
            running[line.start] = is_running_text(line)
        if not running[line.start]:
            continue  # a headline in title case capitalises every word
        for run in following_runs(doc, end, taken) + preceding_run(doc, start, taken):
            taken.update(range(run[0], run[1]))
            found.append((run[0], run[1], label))
            pending.append((run[0], run[1], label))
    return found


def name_run(doc: Doc, start: int, taken: set[int]) -> int:
    """The end of the run of untagged proper nouns from ``start`` (``start`` if none). A run
    followed by another capitalised word is part of something longer ("Vice President X",
    "Space Company EADS"; a date may follow), and a lone generic head ("our Company") names
    nothing: no run."""
    end = start
    while end < len(doc) and is_name_word(doc[end], end, taken) and not title_word(doc[end].text):
        end += 1
    after = doc[end] if end < len(doc) else None
    if (
        after is not None
        and after.text[:1].isupper()
        and after.is_alpha
        and after.ent_type_ not in ("DATE", "TIME")  # "Europe and Asia Monday" is a list
    ):
        return start
    if end - start == 1 and doc[start].lower_ in ORG_HEADS | PLACE_HEADS:
        return start
    return end


def following_runs(doc: Doc, end: int, taken: set[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    position = end
    while position < len(doc) - 1:
        separator = doc[position].lower_
        if separator not in COORDINATORS and separator != ",":
            break
        stop = name_run(doc, position + 1, taken)
        if stop == position + 1:
            break
        runs.append((position + 1, stop))
        if separator in COORDINATORS:
            return runs
        position = stop
    return []  # a comma that no "and" closes is an apposition, not a list


def preceding_run(doc: Doc, start: int, taken: set[int]) -> list[tuple[int, int]]:
    if start < 2 or doc[start - 1].lower_ not in COORDINATORS:
        return []
    first = stop = start - 1
    while first > 0 and is_name_word(doc[first - 1], first - 1, taken):
        first -= 1
        if title_word(doc[first].text):
            return []
    if stop - first == 1 and doc[first].lower_ in ORG_HEADS | PLACE_HEADS:
        return []
    return [(first, stop)] if first < stop else []


def is_name_word(token: Token, index: int, taken: set[int]) -> bool:
    return (
        index not in taken
        and not token.ent_type
        and token.tag_ in PROPER_TAGS
        and token.text[:1].isupper()
        and any(ch.isalpha() for ch in token.text)
    )


def is_index_number(doc: Doc, index: int, taken: set[int]) -> bool:
    if index >= len(doc) or index in taken:
        return False
    token = doc[index]
    if not (token.text.isdigit() and len(token.text) in INDEX_NUMBER_DIGITS):
        return False
    after = doc[index + 1].lower_ if index + 1 < len(doc) else ""
    return after not in AMOUNT_WORDS


def title_word(text: str) -> bool:
    lower = text.lower()
    return lower in TITLE_WORDS or (lower.endswith("s") and lower[:-1] in TITLE_WORDS)


def line_of(doc: Doc, index: int) -> Span:
    """The sentence around token ``index``, within its line (a headline is a line of its own,
    which the parser may join to the next sentence)."""
    sentence = doc[index].sent if doc.has_annotation("SENT_START") else doc[:]
    breaks = line_breaks(doc)
    start, end = index, index + 1
    while start > sentence.start and not breaks[start - 1]:
        start -= 1
    while end < sentence.end and not breaks[end - 1]:
        end += 1
    return doc[start:end]


def breaks_line(token: Token) -> bool:
    return "\n" in token.text or "\n" in token.whitespace_


def is_running_text(sentence: Span) -> bool:
    words = [token.text for token in sentence if token.is_alpha]
    lower = sum(1 for word in words if word[:1].islower())
    return bool(words) and lower >= 2 and lower / len(words) >= MIN_LOWER_SHARE

"""Names the recogniser missed that the sentence itself marks as names.

The small English model often tags nothing in "The Dow Jones Industrial Average fell by 3%"
or "the S&P 500 was down", even where it tags the same index in another article. Such a name
is a run of capitalised proper nouns (the tagger's NNP/NNPS) right after "the": a person's name
does not take "the", so the run is an organisation (or a place, by its head word: "the Moscone
Center" stays a place only when the head word says so, :mod:`dateline.link.kinds`). A run needs
two words, or one word and a number ("the S&P 500", "the FTSE 100"). A title makes it a role,
not a name ("the Vice President"); a sentence written in title case (a headline: "The Big
Three Fall Again") says nothing, since every word there is capitalised.

Without part-of-speech tags (a pipeline run for entities alone) nothing is recovered.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from dateline.annotate.roles import TITLE_WORDS
from dateline.link.kinds import kind_by_head

PROPER_TAGS = frozenset({"NNP", "NNPS"})
# a number after a one-word name ("S&P 500"), not an amount ("the Dow 300 points")
INDEX_NUMBER_DIGITS = range(2, 5)
AMOUNT_WORDS = frozenset({"%", "percent", "per", "points", "point", "million", "billion"})
# share of a sentence's words that start lower-case for it to be running text, not a headline
MIN_LOWER_SHARE = 0.3


def determined_names(doc: Doc, taken: set[int]) -> list[tuple[int, int, str]]:
    """(start token, end token, label) of each name after "the" that the model left untagged;
    no token of one is an entity of the model or in ``taken`` (tokens of other candidates)."""
    if not doc.has_annotation("TAG"):
        return []
    found: list[tuple[int, int, str]] = []
    running: dict[int, bool] = {}  # by the first token of a line
    index = 0
    while index < len(doc) - 1:
        if doc[index].lower_ != "the":
            index += 1
            continue
        start = end = index + 1
        while end < len(doc) and is_name_word(doc[end], end, taken):
            end += 1
        if end - start == 1 and is_index_number(doc, end, taken):
            end += 1
        words = end - start
        if words < 2 or any(title_word(doc[i].text) for i in range(start, end)):
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
    start, end = index, index + 1
    while start > sentence.start and not breaks_line(doc[start - 1]):
        start -= 1
    while end < sentence.end and not breaks_line(doc[end - 1]):
        end += 1
    return doc[start:end]


def breaks_line(token: Token) -> bool:
    return "\n" in token.text or "\n" in token.whitespace_


def is_running_text(sentence: Span) -> bool:
    words = [token.text for token in sentence if token.is_alpha]
    lower = sum(1 for word in words if word[:1].islower())
    return bool(words) and lower >= 2 and lower / len(words) >= MIN_LOWER_SHARE

"""Quotes with their speakers: direct, partial and indirect (reported) speech.

Three steps over one parsed document:

1. :func:`find_quoted_spans` pairs quotation marks, tolerating unbalanced and misused marks
   (an opening mark used to close, a mark left open at the end of a paragraph);
2. :func:`find_cues` finds reporting cues ("said", "pointed out", "according to", "in X's
   opinion") and the phrase naming who speaks;
3. :func:`find_attributions` ties quoted spans to cues and adds indirect speech; the speaker
   phrase is resolved to an entity mention (names, pronouns, and role phrases such as "the
   former Russian Ambassador to Seoul" that the article tied to a person earlier) by
   :mod:`dateline.annotate.speakers`.

Quoted words with no cue (scare quotes, titles, headings) are not quotes of anybody and are
dropped. See docs/events.md for the rules.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.attrs import IDX, LEMMA, LOWER, POS
from spacy.symbols import VERB
from spacy.tokens import Doc, Span, Token

from dateline.annotate.offsets import SpanIndex, token_column
from dateline.annotate.speakers import (
    AGENT_SUFFIXES,
    GROUP_WORDS,
    NOT_NAMES,
    ROLE_NOUNS,
    SOURCE_NOUNS,
    SPEAKER_NOUNS,
    SPEAKING_PRONOUNS,
    SpeakerResolver,
    noun_phrase,
    plausible_speaker,
    proper_name_span,
)
from dateline.records import Article, Mention, Quote, QuoteKind

OPENING_MARKS = "“„«"
CLOSING_MARKS = "”»"
NEUTRAL_MARKS = '"'
ALL_MARKS = OPENING_MARKS + CLOSING_MARKS + NEUTRAL_MARKS
MAX_QUOTE_CHARS = 2000

# Verbs that report speech or a stated position; the value is the cue recorded.
REPORTING_VERBS = frozenset(
    {
        "say", "tell", "add", "warn", "explain", "note", "insist", "argue", "claim", "declare",
        "state", "stress", "emphasize", "emphasise", "announce", "assert", "affirm", "admit",
        "acknowledge", "confirm", "deny", "reply", "respond", "write", "tweet", "suggest",
        "predict", "recall", "remark", "comment", "observe", "conclude", "urge", "maintain",
        "contend", "complain", "concede", "caution", "vow", "promise", "testify", "allege",
        "report", "disclose", "reveal", "indicate", "ask", "continue", "joke", "quip",
        "shout", "recount", "boast", "lament", "charge", "counter", "retort",
    }
)  # fmt: skip
# Reporting verbs after which the speaker may follow the verb ("said Lavrov"); with "tell"
# or "ask" the noun after the verb is the listener.
INVERTIBLE_VERBS = REPORTING_VERBS - {"tell", "ask", "urge", "promise", "charge", "report"}
# Verbs of belief and stance: the holder's position is attributed to them when the verb
# governs a clause ("Clinton believes that ...", "the study found that ...").
BELIEF_VERBS = frozenset(
    {
        "believe", "think", "feel", "know", "hope", "expect", "fear", "worry", "doubt",
        "understand", "agree", "recognize", "recognise", "estimate", "find", "show", "reckon",
        "suspect", "assume", "realize", "realise", "accuse", "mention", "post", "describe",
        "question", "wonder", "blame", "cite", "say", "guess", "forecast", "project",
    }
)  # fmt: skip
# Verbs of intention and demand: "Trump wants to build a wall", "she vowed to fight on",
# "they called for an inquiry"; the intended act (an infinitive) is what is attributed.
INTENT_VERBS = frozenset(
    {
        "want", "plan", "intend", "promise", "pledge", "vow", "refuse", "decline", "threaten",
        "offer", "propose", "aim", "urge", "encourage", "demand", "call", "ask", "hope",
        "expect", "agree", "resolve", "swear",
    }
)  # fmt: skip
# Verbs that take a public position on someone or something ("Bush called Trump
# “unhinged”", "Obama endorsed Clinton", "she accused him of lying"): what they say of it
# is the object and its complement.
POSITION_VERBS = frozenset(
    {
        "prefer", "favor", "favour", "show", "reveal", "indicate", "see", "view",
        "regard", "call", "label", "dub", "brand", "accuse", "criticize", "criticise", "condemn",
        "denounce", "praise", "endorse", "support", "back", "oppose", "defend", "attack",
        "blast", "mock", "dismiss", "reject", "applaud", "thank", "cite", "mention",
        "describe", "question", "propose", "blame", "hail", "credit", "decry", "fault",
        "commend", "characterize", "characterise",
    }
)  # fmt: skip
AS_VERBS = frozenset({"see", "view", "regard"})
# Reporting verbs that pass on an instruction ("told Bush to quiet down")
TELLING_VERBS = frozenset({"tell", "warn", "advise", "remind", "instruct", "beg"})
# Verbs whose topic follows a preposition ("talked about the economy", "pointed to the polls")
TOPIC_PREPOSITIONS: dict[str, frozenset[str]] = {
    "talk": frozenset({"about"}),
    "speak": frozenset({"about", "of"}),
    "point": frozenset({"to"}),
    "refer": frozenset({"to"}),
    "comment": frozenset({"on"}),
    "complain": frozenset({"about", "of"}),
    "warn": frozenset({"of", "about", "against"}),
    "insist": frozenset({"on"}),
    "argue": frozenset({"for", "against"}),
    "boast": frozenset({"about", "of"}),
    "joke": frozenset({"about"}),
    "write": frozenset({"about"}),
    "tweet": frozenset({"about"}),
}
# Reporting verbs whose object is what was reported ("noted her years as senator",
# "announced his candidacy", "denied the claim")
OBJECT_REPORTS = frozenset(
    {
        "note", "announce", "report", "confirm", "claim", "deny", "admit", "acknowledge",
        "recall", "reveal", "predict", "promise", "declare", "disclose", "stress",
        "emphasize", "emphasise", "concede", "allege", "repeat", "echo",
    }
)  # fmt: skip
STANCE_VERBS = (
    BELIEF_VERBS | INTENT_VERBS | POSITION_VERBS | frozenset(TOPIC_PREPOSITIONS)
) - REPORTING_VERBS
CUE_VERBS = REPORTING_VERBS | STANCE_VERBS
# "call for an inquiry", "push for reform": the object of the preposition is the demand
DEMAND_PREPOSITIONS = {"call": "for", "ask": "for"}
PHRASAL_CUES = {("point", "out"): "point out", ("spell", "out"): "spell out"}

SENTENCE_END = re.compile(r"[.!?][”\"’»]?\s")
# Between a quote and the attribution after it ("“...,” he had added Lavrov"): punctuation
# and at most a pronoun, auxiliaries or an adverb; anything else means the cue reports
# something else.
ATTRIBUTION_GAP = re.compile(
    r"[\s,.;:!?—–-]*(?:(?:he|she|they|it|has|had|have|was|is|also|then|later|further|once)\s+){0,3}",
    re.IGNORECASE,
)
_MARK_OR_BREAK = re.compile(f"''|``|[\n{re.escape(ALL_MARKS)}]")
HEADLINE_END = re.compile(r"[.!?:;,\"“”’'»)\]…]\s*$")


@dataclass(frozen=True, slots=True)
class QuotedSpan:
    """Characters between a pair of quotation marks; ``start``/``end`` include the marks.

    ``open_width``/``close_width`` are the marks' lengths (2 for the ``''`` some newspapers
    use); ``close_width`` is 0 for a quote left open at the end of a paragraph whose next
    paragraph opens with a quotation mark (the quote goes on there, ``continues``).
    """

    start: int
    end: int
    open_width: int = 1
    close_width: int = 1
    continues: bool = False

    @property
    def inner_start(self) -> int:
        return self.start + self.open_width

    @property
    def inner_end(self) -> int:
        return self.end - self.close_width


@dataclass(frozen=True, slots=True)
class Cue:
    """A reporting cue, the phrase naming its speaker, and the clause it governs."""

    lemma: str
    start: int
    end: int
    speaker: Span | None
    content: tuple[int, int] | None  # character span of the reported clause, if any
    invertible: bool


@dataclass(frozen=True, slots=True)
class Attribution:
    """One quote as found, with the local speaker phrase kept for evaluation."""

    start: int
    end: int
    kind: QuoteKind
    cue: str
    cue_start: int
    cue_end: int
    speaker_phrase: tuple[int, int] | None
    speaker_text: str | None
    speaker_mention: tuple[int, int] | None
    # the speaker is a person's name that no entity mention covers (see speaker_mentions)
    speaker_unlisted: bool = False


def find_quoted_spans(text: str) -> list[QuotedSpan]:
    """Pair quotation marks into spans.

    A mark opens when it is followed by a non-space character; while a quote is open, any mark
    that does not look like an opener closes it (so an opening mark misused as a closer works).
    A quote still open at a line break is dropped as unbalanced, unless the next paragraph
    opens with a quotation mark: then the speaker goes on (a quote of several paragraphs).
    Single marks (‘…’) outside double ones are quotes too (headlines, British style).
    """
    spans: list[QuotedSpan] = []
    open_at: int | None = None
    open_width = 1
    continuing = False
    for mark in _MARK_OR_BREAK.finditer(text):
        index, char = mark.start(), mark.group()
        width = len(char)
        if char == "\n":
            if open_at is not None and _next_paragraph_opens_quote(text, index):
                end = len(text[:index].rstrip())
                if end - open_at > open_width:
                    spans.append(QuotedSpan(open_at, end, open_width, 0, continuing))
                continuing = True
            elif open_at is not None or text[:index].rstrip(" \t")[-1:] not in ("\n", ""):
                continuing = False  # a blank line between paragraphs changes nothing
            open_at = None
            continue
        looks_opening = _looks_opening(text, index, width)
        if open_at is None:
            if char in CLOSING_MARKS and not looks_opening:
                continue
            if looks_opening:
                open_at, open_width = index, width
            continue
        if char in OPENING_MARKS and looks_opening and text[index - 1 : index].isspace():
            open_at, open_width = index, width  # the earlier mark was never closed
            continue
        if index - open_at > MAX_QUOTE_CHARS:
            open_at = index if looks_opening else None
            open_width = width
            continue
        if index - open_at > open_width:
            spans.append(QuotedSpan(open_at, index + width, open_width, width, continuing))
        open_at, continuing = None, False
    return sorted(spans + _single_quoted(text, spans), key=lambda q: q.start)


def _next_paragraph_opens_quote(text: str, index: int) -> bool:
    following = text[index:].lstrip()
    return bool(following) and (
        following[0] in OPENING_MARKS + NEUTRAL_MARKS or following.startswith("''")
    )


SINGLE_QUOTED = re.compile(r"(?<![\w‘’'])‘(?=\S)((?:[^‘’\n]|’(?=\w))+?)(?<=\S)’(?!\w)")


def _single_quoted(text: str, double: Sequence[QuotedSpan]) -> list[QuotedSpan]:
    """‘…’ spans that are not inside a double-quoted span (nested quotes stay in theirs)."""
    if "‘" not in text:
        return []
    inside = SpanIndex((q.start, q.end) for q in double)
    return [
        QuotedSpan(m.start(), m.end())
        for m in SINGLE_QUOTED.finditer(text)
        if not inside.overlaps(m.start(), m.end())
    ]


def _looks_opening(text: str, index: int, width: int = 1) -> bool:
    after = text[index + width : index + width + 1]
    before = text[index - 1 : index] if index else ""
    if not after or after.isspace() or after in ",.;:!?)":
        return False
    return not before or before.isspace() or before in "([{—–-:/" or before in ALL_MARKS


def is_heading(text: str, span: QuotedSpan) -> bool:
    """A quoted span that is a whole line by itself is a title or heading, not a quote
    (unless it is a paragraph of a quote that runs over several)."""
    if span.continues or span.close_width == 0:
        return False
    line_start = text.rfind("\n", 0, span.start) + 1
    line_end = text.find("\n", span.end)
    line_end = len(text) if line_end == -1 else line_end
    return not text[line_start : span.start].strip() and not text[span.end : line_end].strip(" .")


def find_cues(doc: Doc, text: str | None = None) -> list[Cue]:
    """Reporting cues in ``doc`` with their speaker phrase and reported clause.

    ``text`` is the document's text where the caller has it at hand (``doc.text`` is rebuilt
    from the tokens on every access).
    """
    cues: list[Cue] = []
    text = doc.text if text is None else text
    strings = doc.vocab.strings
    according, opinion, to = strings["according"], strings["opinion"], strings["to"]
    lowered_lemmas: dict[int, str] = {}
    # the columns needed, read once; a Token is made only for the few words that may be cues
    offsets, parts_of_speech = token_column(doc, IDX), token_column(doc, POS)
    lowers, lemmas = token_column(doc, LOWER), token_column(doc, LEMMA)
    columns = zip(offsets, parts_of_speech, lowers, lemmas, strict=True)
    line_start, next_break = 0, text.find("\n")
    in_headline = _is_headline(text, line_start)
    for index, (offset, pos, lower, lemma_id) in enumerate(columns):
        if 0 <= next_break < offset:
            # the token starts a later line: the one after the last break before it
            line_start = text.rfind("\n", 0, offset) + 1
            next_break = text.find("\n", line_start)
            in_headline = _is_headline(text, line_start)
        if in_headline:
            continue
        if pos == VERB:
            lemma = lowered_lemmas.get(lemma_id)
            if lemma is None:
                lemma = lowered_lemmas[lemma_id] = strings[lemma_id].lower()
            phrasal = lemma in _PHRASAL_VERBS and _phrasal_cue(doc[index]) is not None
            if lemma in STANCE_VERBS and not phrasal:
                cue = _stance_cue(doc[index], lemma)
                if cue is not None:
                    cues.append(cue)
                continue
            if lemma in REPORTING_VERBS or phrasal:
                cue = _verb_cue(doc[index])
                if cue is not None:
                    cues.append(cue)
                continue
        if lower == according and index + 1 < len(lowers) and lowers[index + 1] == to:
            cue = _prepositional_cue(doc[index], doc[index + 1], "according to")
            if cue is not None:
                cues.append(cue)
        elif lower == opinion and doc[index].head.lower_ == "in":
            cue = _opinion_cue(doc[index])
            if cue is not None:
                cues.append(cue)
    return cues


def _is_headline(text: str, line_start: int) -> bool:
    """Whether the line at ``line_start`` lacks closing punctuation (a title or heading)."""
    line_end = text.find("\n", line_start)
    line = text[line_start : len(text) if line_end == -1 else line_end]
    return not HEADLINE_END.search(line)


def _verb_cue(verb: Token) -> Cue | None:
    if any(child.dep_ in ("nsubjpass", "auxpass") for child in verb.children):
        return None
    if verb.dep_ in ("amod", "acl") and verb.tag_ == "VBN":
        return None  # "the said agreement", "the sanctions adopted by"
    lemma = verb.lemma_.lower()
    end = verb.idx + len(verb.text)
    particle = _phrasal_cue(verb)
    if particle is not None:
        lemma = PHRASAL_CUES[(lemma, particle.lower_)]
        end = particle.idx + len(particle.text)
    invertible = lemma in INVERTIBLE_VERBS or lemma in PHRASAL_CUES.values()
    return Cue(
        lemma=lemma,
        start=verb.idx,
        end=end,
        speaker=_verb_speaker(verb, invertible),
        content=_clause_span(verb)
        or (_intended_span(verb, lemma) if lemma in INTENT_VERBS else None),
        invertible=invertible,
    )


_PHRASAL_VERBS = frozenset(verb for verb, _ in PHRASAL_CUES)


def _stance_cue(verb: Token, lemma: str) -> Cue | None:
    """A belief, stance or intention verb is a cue only with what it attributes: a clause
    for belief verbs, an infinitive or a "for" object for intention verbs."""
    if any(child.dep_ in ("nsubjpass", "auxpass") for child in verb.children):
        return None
    if verb.dep_ in ("amod", "acl", "relcl", "xcomp", "advcl", "pcomp", "csubj"):
        return None  # "the plan to ...", "who many believe ...", "in order to seek ..."
    content = _clause_span(verb) if lemma in BELIEF_VERBS else None
    if content is None and lemma in INTENT_VERBS:
        content = _intended_span(verb, lemma)
    if content is None and lemma in POSITION_VERBS:
        content = _position_span(verb)
    if content is None:
        content = _topic_span(verb, lemma)
    if content is None:
        return None
    speaker = _subject_of(verb)
    if speaker is None or speaker.i > verb.i:
        return None
    phrase = noun_phrase(speaker)
    if not plausible_speaker(phrase):
        return None
    return Cue(
        lemma=lemma,
        start=verb.idx,
        end=verb.idx + len(verb.text),
        speaker=phrase,
        content=content,
        invertible=False,
    )


def _intended_span(verb: Token, lemma: str) -> tuple[int, int] | None:
    """The infinitive an intention verb governs ("vowed [to fight on]", "urged Congress [to
    act]"), or the object of its preposition ("called [for an inquiry]")."""
    for child in verb.children:
        if child.dep_ == "xcomp" and any(t.lower_ == "to" for t in child.lefts):
            return _subtree_span(child)
        if child.dep_ in ("dobj", "prep") and child.i > verb.i:
            for grandchild in child.children:
                if grandchild.dep_ == "xcomp" and any(t.lower_ == "to" for t in grandchild.lefts):
                    return _subtree_span(grandchild)  # "called on Congress to act"
        if child.dep_ == "prep" and DEMAND_PREPOSITIONS.get(lemma) == child.lower_:
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return _subtree_span(objects[0])
    return None


def _topic_span(verb: Token, lemma: str) -> tuple[int, int] | None:
    """The topic after the verb's preposition ("talked [about the economy]")."""
    prepositions = TOPIC_PREPOSITIONS.get(lemma)
    if not prepositions:
        return None
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in prepositions and child.i > verb.i:
            objects = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
            if objects:
                return _subtree_span(objects[0])
    return None


def _position_span(verb: Token) -> tuple[int, int] | None:
    """What a position verb says of its object: the object with its complement ("called [the
    plan “a disaster”]", "accused [Clinton of lying]"); a pronoun alone says nothing."""
    objects = [c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i]
    if not objects:
        return None
    obj = objects[0]
    if verb.lemma_.lower() in AS_VERBS and not any(c.lower_ == "as" for c in verb.children):
        return None  # "sees Trump as a threat" is a position, "saw Trump" is not
    tokens = [t for t in obj.subtree]
    complements = [
        c
        for c in verb.children
        if c.i > obj.i
        and (
            c.dep_ in ("oprd", "xcomp", "ccomp")
            or (c.dep_ == "prep" and c.lower_ in ("of", "as", "for"))
        )
    ]
    for complement in complements:
        tokens += list(complement.subtree)
    tokens = _on_line_of(verb, sorted(tokens, key=lambda t: t.i))
    if not tokens or (len(tokens) == 1 and tokens[0].pos_ == "PRON"):
        return None
    while len(tokens) > 1 and (tokens[-1].is_punct or tokens[-1].is_space):
        tokens.pop()
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def _subtree_span(token: Token) -> tuple[int, int]:
    tokens = list(token.subtree)
    while len(tokens) > 1 and (tokens[-1].is_punct or tokens[-1].is_space):
        tokens.pop()
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def _phrasal_cue(verb: Token) -> Token | None:
    if verb.lemma_.lower() not in _PHRASAL_VERBS:
        return None
    for child in verb.children:
        if child.dep_ == "prt" and (verb.lemma_.lower(), child.lower_) in PHRASAL_CUES:
            return child
    return None


def _verb_speaker(verb: Token, invertible: bool) -> Span | None:
    speaker = _verb_speaker_phrase(verb, invertible)
    return speaker if speaker is not None and plausible_speaker(speaker) else None


def _verb_speaker_phrase(verb: Token, invertible: bool) -> Span | None:
    subject = _subject_of(verb)
    if subject is not None and subject.lower_ in ("who", "that") and verb.dep_ == "relcl":
        subject = verb.head  # "Trump, who said ...": the relative clause's head speaks
    if subject is not None and subject.ent_type_ in ("DATE", "TIME"):
        subject = None
    if subject is not None and subject.i > verb.i and invertible:
        after = _noun_phrase_after(verb)
        if after is not None and after.start <= subject.i < after.end:
            return after
    if subject is not None and subject.pos_ != "PRON":
        return noun_phrase(subject)
    after = _noun_phrase_after(verb) if invertible else None
    if after is not None and not _in_reported_clause(after.root, verb):
        # "She said Trump favors ...": said by her, not by the reported clause's subject
        return after
    if subject is not None:
        return noun_phrase(subject)
    return None


CLAUSE_DEPENDENCIES = frozenset({"ccomp", "xcomp", "advcl", "relcl", "acl", "csubj", "conj"})


def _in_reported_clause(token: Token, verb: Token) -> bool:
    """Whether ``token`` sits in a clause that ``verb`` governs (not the verb's own phrase)."""
    while token.head != token and token != verb:
        if (token.dep_ in CLAUSE_DEPENDENCIES and token.head == verb) or token.pos_ in (
            "VERB",
            "AUX",
        ):
            return True
        token = token.head
    return False


def _subject_of(verb: Token) -> Token | None:
    subjects = [c for c in verb.children if c.dep_ == "nsubj" and _same_line(verb, c)]
    if subjects:
        return min(subjects, key=lambda c: abs(c.i - verb.i))
    # "X said ... and added": a conjoined verb shares the first verb's subject, and so does
    # a participle ("Cruz is making a pitch, saying ...")
    participle = verb.tag_ == "VBG" and verb.dep_ in ("advcl", "xcomp", "conj")
    if (verb.dep_ == "conj" or participle) and verb.head.pos_ in ("VERB", "AUX"):
        for child in verb.head.children:
            if child.dep_ == "nsubj" and _same_line(verb, child):
                return child
    if verb.tag_ == "VBG" and verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
        return verb.head  # "GOP voters saying they want ...", "an ad asking ..."
    return _name_before(verb)


def _same_line(verb: Token, other: Token) -> bool:
    """Whether no line break separates ``other`` from ``verb`` (a parse across a title and
    the first paragraph is a slip, not a subject)."""
    start, end = sorted((verb.i, other.i))
    return not any("\n" in t.text_with_ws for t in verb.doc[start:end])


def _name_before(verb: Token) -> Token | None:
    """A name right before a verb the parser left without a subject ("Chris Christie said"
    under a title line)."""
    index = verb.i - 1
    doc = verb.doc
    while (
        index >= 0
        and doc[index].pos_ in ("AUX", "ADV", "PART")
        and "\n" not in doc[index].text_with_ws
    ):
        index -= 1
    if index < 0 or doc[index].pos_ not in ("PROPN", "NOUN") or "\n" in doc[index].text_with_ws:
        return None
    return (
        doc[index]
        if doc[index].pos_ == "PROPN" or doc[index].ent_type_ in ("PERSON", "ORG")
        else None
    )


SKIPPABLE_AFTER_VERB = frozenset({"ADV", "AUX", "PART"})


def _noun_phrase_after(verb: Token) -> Span | None:
    """The speaker of an inverted attribution: '..., said the North Korean official'."""
    doc = verb.doc
    index = verb.i + 1
    for child in verb.children:
        if child.dep_ == "prt":
            index = max(index, child.i + 1)
    while index < len(doc):
        token = doc[index]
        if (
            token.ent_type_ in ("DATE", "TIME")
            or token.pos_ in SKIPPABLE_AFTER_VERB
            or (
                token.text == ","
                and index + 1 < len(doc)
                and doc[index + 1].ent_type_ in ("DATE", "TIME")
            )
            or token.is_space
        ):
            index += 1
        else:
            break
    if index >= len(doc):
        return None
    first = doc[index]
    if first.pos_ not in ("DET", "ADJ", "PROPN", "NOUN") or first.lower_ in ("that", "this", "it"):
        return None
    if "\n" in doc[verb.i : index].text_with_ws.rstrip("\n"):
        return None
    return _extend_inverted_phrase(doc, index)


NAME_POS = frozenset({"DET", "ADJ", "PROPN", "NOUN", "NUM"})


def _extend_inverted_phrase(doc: Doc, start: int) -> Span | None:
    end = start
    seen_noun = False
    while end < len(doc):
        token = doc[end]
        if token.pos_ in NAME_POS or (
            token.text in "-’'." and seen_noun and token.whitespace_ == ""
        ):
            seen_noun = seen_noun or token.pos_ in ("NOUN", "PROPN")
            end += 1
            continue
        if token.pos_ == "PART" and token.tag_ == "POS":
            end += 1
            continue
        if (
            token.pos_ == "ADP"
            and token.lower_ in ("of", "to", "for", "at", "in")
            and seen_noun
            and end + 1 < len(doc)
            and doc[end + 1].pos_ in ("DET", "PROPN", "NOUN", "ADJ")
        ):
            end += 1
            continue
        break
    while end > start and doc[end - 1].pos_ in ("DET", "ADP", "PUNCT", "PART"):
        end -= 1
    if end == start or not any(t.pos_ in ("NOUN", "PROPN") for t in doc[start:end]):
        return None
    phrase = doc[start:end]
    # "said the Russian ambassador to Pyongyang, Alexandr Matsegora": the name after the
    # comma is the speaker the role phrase introduces.
    if end + 1 < len(doc) and doc[end].text == "," and doc[end + 1].pos_ == "PROPN":
        name = proper_name_span(doc[end + 1])
        if name.end >= len(doc) or doc[name.end].is_punct:
            return doc[start : name.end]
    return phrase


def _clause_span(verb: Token) -> tuple[int, int] | None:
    """The reported clause: "said [that X]", "[X], sources said" (before or after the verb)."""
    clauses = [c for c in verb.children if c.dep_ == "ccomp"]
    if clauses:
        # after the verb first: a clause before it across a quote's end is a parse slip
        clause = next((c for c in clauses if c.i > verb.i), clauses[0])
        tokens = _on_line_of(verb, _without_other_reports(clause))
        if tokens:
            return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    if verb.dep_ == "parataxis" and verb.head.pos_ in ("VERB", "AUX") and verb.i > verb.head.i:
        # "X happened, a source said": the source's report is the clause it hangs from
        own = {t.i for t in verb.subtree}
        # "X happened, a source said, after Y": the clause around the attribution
        tokens = [t for t in verb.head.subtree if t.i not in own]
        while tokens and (tokens[-1].is_punct or tokens[-1].is_space):
            tokens.pop()
        if tokens:
            return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    return None


def _on_line_of(verb: Token, tokens: list[Token]) -> list[Token]:
    """The ``tokens`` on the verb's line: a reported clause does not run across paragraphs."""
    doc = verb.doc
    first = verb.i
    while first > 0 and "\n" not in doc[first - 1].text_with_ws:
        first -= 1
    last = verb.i
    while last + 1 < len(doc) and "\n" not in doc[last].text_with_ws:
        last += 1
    kept = [t for t in tokens if first <= t.i <= last and not t.is_space]
    while kept and kept[0].is_punct and kept[0].text not in ALL_MARKS:
        kept.pop(0)
    return kept


def _without_other_reports(clause: Token) -> list[Token]:
    """The clause's words up to a conjoined report of its own ("said X and said that Y":
    X only), without trailing punctuation and conjunctions."""
    cut: set[int] = set()
    for token in clause.subtree:
        if token.dep_ == "conj" and token.lemma_.lower() in CUE_VERBS and token.i > clause.i:
            cut.update(t.i for t in token.subtree)
            cut.update(t.i for t in token.head.children if t.dep_ == "cc" and t.i < token.i)
    tokens = [t for t in clause.subtree if t.i not in cut]
    if cut:
        tokens = [t for t in tokens if t.i < min(cut)]
    while len(tokens) > 1 and (
        tokens[-1].is_punct or tokens[-1].is_space or tokens[-1].dep_ == "cc"
    ):
        tokens.pop()
    return tokens


def _prepositional_cue(according: Token, to: Token, lemma: str) -> Cue | None:
    objects = [child for child in to.children if child.dep_ == "pobj"] or [
        child for child in according.children if child.dep_ == "pobj"
    ]
    if not objects:
        return None
    speaker = noun_phrase(objects[0])
    # whatever "according to" names is a source: a person, a poll, a filing
    if speaker.root.pos_ not in ("NOUN", "PROPN") and not plausible_speaker(speaker):
        return None
    if speaker.root.ent_type_ in NOT_NAMES:
        return None
    return Cue(
        lemma=lemma,
        start=according.idx,
        end=max(to.idx + len(to.text), speaker.end_char),
        speaker=speaker,
        content=_clause_around(according, speaker),
        invertible=False,
    )


def _opinion_cue(opinion: Token) -> Cue | None:
    preposition = opinion.head
    owner: Token | None = None
    for child in opinion.children:
        if child.dep_ == "poss":
            owner = child
        elif child.dep_ == "prep" and child.lower_ == "of":
            owner = next((c for c in child.children if c.dep_ == "pobj"), None)
    if owner is None:
        return None
    speaker = noun_phrase(owner)
    if not plausible_speaker(speaker):
        return None
    return Cue(
        lemma="in the opinion of",
        start=preposition.idx,
        end=max(opinion.idx + len(opinion.text), speaker.end_char),
        speaker=speaker,
        content=_clause_around(preposition, speaker),
        invertible=False,
    )


def _clause_around(phrase_head: Token, speaker: Span) -> tuple[int, int] | None:
    """The sentence minus the attributing phrase ("According to X, ...")."""
    sentence = phrase_head.sent
    phrase_tokens = list(phrase_head.subtree)
    phrase_start = min(phrase_tokens[0].i, speaker.start)
    phrase_end = max(phrase_tokens[-1].i + 1, speaker.end)
    before = sentence.doc[sentence.start : phrase_start]
    after = sentence.doc[phrase_end : sentence.end]
    part = after if len(after.text.strip(" ,.")) >= len(before.text.strip(" ,.")) else before
    text = part.text
    if "\n" in text.strip():
        # a clause does not run across a line break (headings, the next paragraph)
        pieces = text.split("\n")
        text = pieces[-1] if part is before else pieces[0]
    stripped = text.strip(" ,.;:\n")
    if len(stripped.split()) < 3:
        return None
    offset = part.start_char + part.text.index(stripped)
    return offset, offset + len(stripped)


def find_attributions(article: Article, doc: Doc, mentions: Sequence[Mention]) -> list[Attribution]:
    """Every quote in the document with cue, local speaker phrase and resolved speaker."""
    text = article.text
    cues = find_cues(doc, text)
    quoted = [span for span in find_quoted_spans(text) if not is_heading(text, span)]
    inside_quotes = SpanIndex((q.start, q.end) for q in quoted)
    cues += _label_cues(doc, text)
    pending: list[tuple[int, int, QuoteKind, Cue]] = []
    used_cues: set[int] = set()
    found = [_cue_for(text, span, cues, quoted) or _dash_cue(doc, text, span) for span in quoted]
    _follow_on(text, quoted, found)
    for span, cue in zip(quoted, _shared_in_runs(quoted, found), strict=True):
        if cue is None:
            continue  # scare quotes and titles are not quotes of anybody
        used_cues.add(cue.start)
        inner_start, inner_end = _trim(text, span.inner_start, span.inner_end)
        if inner_end <= inner_start:
            continue
        kind: QuoteKind = "direct" if _is_whole_utterance(text, doc, span) else "partial"
        if kind == "partial" and not cue.lemma.isalpha() and not _has_verb(doc, span):
            continue  # "the “special envoy”, according to the terminology": a term, not words
        pending.append((inner_start, inner_end, kind, cue))
    for cue in cues:
        if cue.start in used_cues or cue.content is None or cue.speaker is None:
            continue
        if inside_quotes.strictly_inside(cue.start) or _is_nested(cue, cues):
            continue  # reported speech inside a quote or inside other reported speech
        start, end = cue.content
        if any(start <= q.start < end for q in quoted):
            continue
        if cue.lemma == "colon":
            start, end = _trim(text, start, end)
        else:
            start, end = _trim(text, _drop_complementizer(text, start, end), end)
        if end - start >= 8:
            pending.append((start, end, "direct" if cue.lemma == "colon" else "indirect", cue))
    # resolve in reading order: an unnamed "expert" is the person quoted just before
    resolver = SpeakerResolver(doc, mentions, quoted)
    pending.sort(key=lambda item: (min(item[0], item[3].start), item[1]))
    return [_attribution(start, end, kind, cue, resolver) for start, end, kind, cue in pending]


FOLLOW_ON_GAP = re.compile(r"[ \t]*[.,;]?[ \t]+")


def _follow_on(text: str, quoted: Sequence[QuotedSpan], cues: list[Cue | None]) -> None:
    """“…,” Berg said. “More …”: a quote right after the attribution of the one before it
    (nothing but the sentence's end between them) has the same speaker."""
    for index in range(1, len(quoted)):
        previous = cues[index - 1]
        if cues[index] is not None or previous is None or previous.speaker is None:
            continue
        said_end = max(previous.end, previous.speaker.end_char)
        if quoted[index - 1].end <= previous.start and FOLLOW_ON_GAP.fullmatch(
            text, said_end, quoted[index].start
        ):
            cues[index] = previous


def _shared_in_runs(quoted: Sequence[QuotedSpan], cues: Sequence[Cue | None]) -> list[Cue | None]:
    """A quote of several paragraphs has one speaker: a paragraph of it with no cue of its
    own takes the cue of the nearest paragraph of the same quote that has one."""
    shared = list(cues)
    run: list[int] = []
    for index in range(len(quoted) + 1):
        if index < len(quoted) and (not run or quoted[index].continues):
            run.append(index)
            continue
        for member in run:
            if shared[member] is None:
                before = [cues[i] for i in run if i < member and cues[i] is not None]
                after = [cues[i] for i in run if i > member and cues[i] is not None]
                shared[member] = before[-1] if before else (after[0] if after else None)
        run = [index]
    return shared


# "“…” ― Sonya Herrera": a dash and a name right after a quote, closing its line or sentence
DASH_ATTRIBUTION = re.compile(r"[ \t]*[―—–-]{1,2}[ \t]*")
# "PENCE: Well, ...", "Blair: ‘We will ...’": a short name opening a line, then a colon
LABEL_LINE = re.compile(
    r"^[ \t]*([A-Z][\w.’'-]*(?:[ \t]+(?:[A-Z][\w.’'-]*|and|&|on|at|in|to|of|for)){0,5})"
    r"[ \t]*:[ \t]+(\S[^\n]*)$",
    re.MULTILINE,
)
LABEL_POS = frozenset({"PROPN", "NOUN", "ADJ", "PUNCT", "CCONJ", "ADP", "DET"})
NOT_SPEAKER_LABELS = frozenset(
    {
        "update", "updated", "note", "photo", "photos", "video", "watch", "read", "related",
        "editor", "image", "credit", "credits", "transcript", "q", "a", "question", "answer",
        "breaking", "exclusive", "opinion", "analysis", "source", "sources", "see", "also",
        "disclosure", "correction", "listen", "subscribe", "follow", "contact", "email",
        "tags", "topics", "filed", "posted", "published", "by", "date", "time", "location",
    }
)  # fmt: skip
NAME_ENTITIES = frozenset({"PERSON", "ORG", "NORP", "GPE"})


def _dash_cue(doc: Doc, text: str, span: QuotedSpan) -> Cue | None:
    dash = DASH_ATTRIBUTION.match(text, span.end)
    if dash is None or dash.group().strip() == "-":
        return None  # a lone hyphen is too often a word joiner
    first = doc.char_span(dash.end(), dash.end() + 1, alignment_mode="expand")
    if first is None or first[0].pos_ != "PROPN":
        return None
    name = proper_name_span(first[0])
    after = text[name.end_char : name.end_char + 2]
    if name.start != first[0].i or not (after == "" or after[0] in "\n,.;(" or after == " ("):
        return None
    return Cue(
        lemma="dash",
        start=dash.start(),
        end=dash.end(),
        speaker=name,
        content=None,
        invertible=False,
    )


def _label_cues(doc: Doc, text: str) -> list[Cue]:
    """Speaker labels: a line opened by a name and a colon (a transcript, a headline)."""
    if ":" not in text:
        return []
    cues: list[Cue] = []
    for line in LABEL_LINE.finditer(text):
        label = doc.char_span(line.start(1), line.end(1), alignment_mode="expand")
        if label is None or label[0].lower_ in NOT_SPEAKER_LABELS:
            continue
        if not all(t.pos_ in LABEL_POS or t.ent_type_ in NAME_ENTITIES for t in label):
            continue
        named = any(t.pos_ == "PROPN" or t.ent_type_ in NAME_ENTITIES for t in label)
        if not named and not (len(label) == 1 and label[0].is_title):
            continue
        if any(t.ent_type_ in NOT_NAMES for t in label):
            continue
        said = doc.char_span(line.start(2), line.end(2), alignment_mode="expand")
        if said is None or not (
            said.text[:1] in ALL_MARKS + "‘"
            or (len(said) >= 3 and any(t.pos_ in ("VERB", "AUX") for t in said))
            or sum(t.is_alpha for t in said) >= 4
        ):
            continue  # "Rating: 5.0", "Tags: politics": a field, not words said
        cues.append(
            Cue(
                lemma="colon",
                start=line.end(1),
                end=line.start(2),
                speaker=label,
                content=(line.start(2), line.end(2)),
                invertible=False,
            )
        )
    return cues


def _is_nested(cue: Cue, cues: Sequence[Cue]) -> bool:
    return any(
        other.content is not None
        and other is not cue
        and other.speaker is not None
        and other.content[0] <= cue.start < other.content[1]
        for other in cues
    )


def _attribution(
    start: int, end: int, kind: QuoteKind, cue: Cue, resolver: SpeakerResolver
) -> Attribution:
    phrase = cue.speaker
    mention = resolver.resolve(phrase, (start, end)) if phrase is not None else None
    if (
        phrase is not None
        and mention is None
        and kind != "direct"
        and phrase.root.lower_ not in SPEAKING_PRONOUNS
        and phrase.root.lemma_.lower() not in SPEAKER_NOUNS | ROLE_NOUNS | SOURCE_NOUNS
        and phrase.root.lower_ not in GROUP_WORDS
        and cue.lemma != "according to"
        and not _names_people(phrase)
    ):
        # Reported speech given to a phrase that names nobody the article knows ("the
        # firings", "74 percent of likely voters") is mostly a parse error: leave it unsaid.
        phrase = None
    return Attribution(
        start=start,
        end=end,
        kind=kind,
        cue=cue.lemma,
        cue_start=cue.start,
        cue_end=cue.end,
        speaker_phrase=(phrase.start_char, phrase.end_char) if phrase is not None else None,
        speaker_text=phrase.text if phrase is not None else None,
        speaker_mention=mention,
        speaker_unlisted=mention is not None and resolver.is_unlisted_person(mention),
    )


def _names_people(phrase: Span) -> bool:
    """A name, or a noun for people by what they do ("activists", "the front-runner",
    "the New York businessman"): a speaker even when the article names nobody."""
    head = phrase.root
    if head.pos_ == "PROPN" or head.ent_type_ in NAME_ENTITIES:
        return head.ent_type_ not in NOT_NAMES
    lemma = head.lemma_.lower()
    return head.pos_ == "NOUN" and (
        lemma.endswith(AGENT_SUFFIXES) or lemma.endswith("runner") or lemma in PEOPLE_NOUNS
    )


PEOPLE_NOUNS = frozenset(
    {"people", "user", "voter", "member", "politician", "critic", "supporter", "activist",
     "resident", "citizen", "democrat", "republican", "conservative", "liberal", "expert"}
)  # fmt: skip


def _cue_for(
    text: str, span: QuotedSpan, cues: Sequence[Cue], quoted: Sequence[QuotedSpan]
) -> Cue | None:
    outside = [
        cue for cue in cues if not (span.start <= cue.start < span.end) and cue.speaker is not None
    ]
    # 1. the quote lies inside the clause a cue reports ("Lavrov said that X was “...”")
    for cue in outside:
        if (
            cue.content
            and cue.content[0] <= span.inner_start
            and span.inner_end <= cue.content[1] + 2
        ):
            return cue
    # 1b. the quote opens inside the reported clause and runs on past it ("Bush tells
    # reporters that “to be able to beat expectations would help. I think we will.”")
    for cue in outside:
        if cue.content and cue.content[0] <= span.start < cue.content[1] and cue.end <= span.start:
            return cue
    # 2. the cue follows the quote in the same sentence ("“...,” said Iváshentsov")
    following = [cue for cue in outside if cue.start >= span.end]
    if following:
        cue = min(following, key=lambda c: c.start)
        gap = text[span.end : cue.start]
        speaker_start = cue.speaker.start_char if cue.speaker is not None else cue.start
        if (
            len(gap) <= 250
            and "\n" not in gap
            and not SENTENCE_END.search(gap)
            and not any(span.end <= q.start < cue.start for q in quoted)
            and ATTRIBUTION_GAP.fullmatch(text[span.end : min(cue.start, speaker_start)])
            and not _closes_sentence(text, span)
        ):
            return cue
    # 3. the cue introduces the quote ("Lavrov said: “...”")
    preceding = [cue for cue in outside if cue.end <= span.start]
    if preceding:
        cue = max(preceding, key=lambda c: c.end)
        gap = text[cue.end : span.start]
        if re.fullmatch(r"[\s,:]*(that\s*)?", gap) or (
            gap.rstrip().endswith(":") and len(gap.split()) <= 5 and "\n" not in gap
        ):
            return cue
    return None


def _closes_sentence(text: str, span: QuotedSpan) -> bool:
    """“... end.” closes its sentence: an attribution after it belongs to the next one.

    An attribution that follows a quote is joined by a comma (“...,” she said) or follows a
    question or exclamation (“...?” he asked).
    """
    inner = text[span.inner_start : span.inner_end].rstrip()
    return inner.endswith(".") and not inner.endswith("..") and text[span.end : span.end + 1] != ","


def _is_whole_utterance(text: str, doc: Doc, span: QuotedSpan) -> bool:
    before = text[: span.start].rstrip(" \t")
    opens_sentence = not before or before[-1] in ".!?:\n—" or before[-1] in ALL_MARKS
    return opens_sentence and _has_verb(doc, span)


def _has_verb(doc: Doc, span: QuotedSpan) -> bool:
    inner = doc.char_span(span.inner_start, span.inner_end, alignment_mode="expand")
    return inner is not None and any(t.pos_ in ("VERB", "AUX") for t in inner)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in ALL_MARKS):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:" + ALL_MARKS):
        end -= 1
    return start, end


def _drop_complementizer(text: str, start: int, end: int) -> int:
    match = re.match(r"(that|whether|if)\s+", text[start:end], flags=re.IGNORECASE)
    return start + match.end() if match else start


def extract_quotes(article: Article, doc: Doc, mentions: Sequence[Mention]) -> list[Quote]:
    """Direct, partial and indirect quotes in ``article`` with cue and resolved speaker span."""
    return quotes_and_speakers(article, doc, mentions)[0]


def quotes_and_speakers(
    article: Article, doc: Doc, mentions: Sequence[Mention]
) -> tuple[list[Quote], list[Mention]]:
    """The quotes of ``article``, and a PERSON mention for each speaker the resolver found
    by name where the entity stage has no mention ("said the North Korean official" resolved
    to "Marshal Choe Ryong-hae"), so that the speaker reaches the store as an entity."""
    found_all = find_attributions(article, doc, mentions)
    return _quotes(article, found_all), speaker_mentions(article, found_all)


def speaker_mentions(article: Article, attributions: Sequence[Attribution]) -> list[Mention]:
    """PERSON mentions for the resolved speakers that no entity mention covers."""
    spans = sorted(
        {a.speaker_mention for a in attributions if a.speaker_unlisted and a.speaker_mention}
    )
    return [
        Mention(
            article.id,
            start,
            end,
            article.text[start:end],
            "PERSON",
            canonical=article.text[start:end],
        )
        for start, end in spans
    ]


def _quotes(article: Article, attributions: Sequence[Attribution]) -> list[Quote]:
    quotes: list[Quote] = []
    for found in attributions:
        speaker = found.speaker_mention
        quotes.append(
            Quote(
                article_id=article.id,
                start=found.start,
                end=found.end,
                text=article.text[found.start : found.end],
                kind=found.kind,
                cue=found.cue,
                speaker_start=speaker[0] if speaker else None,
                speaker_end=speaker[1] if speaker else None,
                speaker_text=found.speaker_text,
            )
        )
    return quotes

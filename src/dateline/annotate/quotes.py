"""Quotes with their speakers: direct, partial and indirect (reported) speech.

Three steps over one parsed document:

1. :func:`~dateline.annotate.quote_marks.find_quoted_spans` pairs quotation marks,
   tolerating unbalanced and misused marks and quotes that run over several paragraphs;
2. :func:`~dateline.annotate.cues.find_cues` finds cues ("said", "believes that", "called
   X “Y”", "according to", "PENCE:") and the phrase naming who speaks;
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

from spacy.tokens import Doc, Span

from dateline.annotate.cues import (
    CUE_VERBS,
    NAME_ENTITIES,
    NOUN_CUES,
    REPORTING_VERBS,
    Cue,
    dash_cue,
    find_cues,
    label_cues,
)
from dateline.annotate.offsets import SpanIndex
from dateline.annotate.quote_marks import ALL_MARKS, QuotedSpan, find_quoted_spans, is_heading
from dateline.annotate.speakers import (
    AGENT_SUFFIXES,
    GROUP_WORDS,
    NOT_NAMES,
    ROLE_NOUNS,
    SOURCE_NOUNS,
    SPEAKER_NOUNS,
    SPEAKING_PRONOUNS,
    SpeakerResolver,
)
from dateline.records import Article, Mention, Quote, QuoteKind

__all__ = [
    "CUE_VERBS",
    "REPORTING_VERBS",
    "Attribution",
    "Cue",
    "QuotedSpan",
    "extract_quotes",
    "find_attributions",
    "find_cues",
    "find_quoted_spans",
    "is_heading",
    "quotes_and_speakers",
    "speaker_mentions",
]

SENTENCE_END = re.compile(r"[.!?][”\"’»]?\s")
# Between a quote and the attribution after it ("“...,” he had added Lavrov"): punctuation
# and at most a pronoun, auxiliaries or an adverb; anything else means the cue reports
# something else.
ATTRIBUTION_GAP = re.compile(
    r"[\s,.;:!?—–-]*(?:(?:he|she|they|it|has|had|have|was|is|also|then|later|further|once)\s+){0,3}",
    re.IGNORECASE,
)


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


def find_attributions(article: Article, doc: Doc, mentions: Sequence[Mention]) -> list[Attribution]:
    """Every quote in the document with cue, local speaker phrase and resolved speaker."""
    text = article.text
    cues = find_cues(doc, text)
    quoted = [span for span in find_quoted_spans(text) if not is_heading(text, span)]
    inside_quotes = SpanIndex((q.start, q.end) for q in quoted)
    cues += label_cues(doc, text)
    pending: list[tuple[int, int, QuoteKind, Cue]] = []
    used_cues: set[int] = set()
    found = [
        _label_inside(text, span, cues)
        or _cue_for(text, span, cues, quoted)
        or dash_cue(doc, text, span)
        for span in quoted
    ]
    _follow_on(text, quoted, found)
    for span, cue in zip(quoted, _shared_in_runs(quoted, found), strict=True):
        if cue is None:
            continue  # scare quotes and titles are not quotes of anybody
        used_cues.add(cue.start)
        inner_start, inner_end = _trim(text, span.inner_start, span.inner_end)
        if cue.lemma == "colon" and inner_start <= cue.start < inner_end:
            inner_start = _trim(text, cue.end, inner_end)[0]  # "\"PENCE: Well, …": the words
        if inner_end <= inner_start:
            continue
        kind: QuoteKind = "direct" if _is_whole_utterance(text, doc, span) else "partial"
        if kind == "partial" and not cue.lemma.isalpha() and not _has_verb(doc, span):
            continue  # "the “special envoy”, according to the terminology": a term, not words
        pending.append((inner_start, inner_end, kind, cue))
    for cue in cues:
        if cue.content is None or cue.speaker is None:
            continue
        if inside_quotes.strictly_inside(cue.start) or _is_nested(cue, cues):
            continue  # reported speech inside a quote or inside other reported speech
        start, end = cue.content
        if any(start <= q.start < end for q in quoted):
            continue
        if cue.start in used_cues and inside_quotes.overlaps(start, end):
            continue  # the quote it introduces is its report; its own words are the rest
        if cue.lemma == "colon":
            start, end = _trim(text, start, end)
        else:
            start, end = _trim(text, _drop_complementizer(text, start, end), end)
        if end - start >= 8:
            pending.append((start, end, "direct" if cue.lemma == "colon" else "indirect", cue))
    for cue in cues:
        block = _block_quote(text, cue, used_cues, quoted)
        if block is not None:
            pending.append((*block, "direct", cue))
    # resolve in reading order: an unnamed "expert" is the person quoted just before
    resolver = SpeakerResolver(doc, mentions, quoted, text)
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
        and not _share_of_group(phrase)
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


def _share_of_group(phrase: Span) -> bool:
    """A share of a group that answers a poll: "more than six in 10", "two-thirds of
    Democratic insiders", "one in four" (a number with its group, or a fraction)."""
    head = phrase.root
    if head.pos_ == "NUM":
        return any(child.lower_ in ("in", "of") for child in head.children)
    return head.lemma_.lower() in GROUP_WORDS


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
    # 1. the quote lies inside the clause a cue reports ("Lavrov said that X was “...”"); a
    # verb before a noun ("Klein called Trump's claim that “…” absurd": Klein quotes it)
    for cue in sorted(outside, key=lambda c: c.lemma in NOUN_CUES):
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
        if speaker_start < span.end:
            speaker_start = cue.start  # a subject before the quote is no inverted attribution
        if cue.speaker is not None and span.end <= cue.speaker.start_char < cue.start:
            # the full stops of "Rep. Elijah E. Cummings" end no sentence
            gap = (
                text[span.end : cue.speaker.start_char]
                + " "
                + text[cue.speaker.end_char : cue.start]
            )
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


BLOCK_INTRODUCTION = re.compile(r"[ \t]*:[ \t]*\n\s*")


def _block_quote(
    text: str, cue: Cue, used_cues: set[int], quoted: Sequence[QuotedSpan]
) -> tuple[int, int] | None:
    """The paragraph a line ending in a cue and a colon introduces ("Limbaugh added:" and
    the next paragraph, quoted without marks)."""
    if cue.start in used_cues or cue.speaker is None or cue.lemma not in REPORTING_VERBS:
        return None
    introduction = BLOCK_INTRODUCTION.match(text, max(cue.end, cue.speaker.end_char))
    if introduction is None:
        return None
    start = introduction.end()
    end = text.find("\n", start)
    end = len(text) if end == -1 else end
    if text[start : start + 1] in ALL_MARKS or any(start <= q.start < end for q in quoted):
        return None  # a marked quote has its own span
    start, end = _trim(text, start, end)
    return (start, end) if end - start >= 8 else None


def _label_inside(text: str, span: QuotedSpan, cues: Sequence[Cue]) -> Cue | None:
    """The speaker label a quoted transcript paragraph opens with ("\"WALLACE: Let's …")."""
    for cue in cues:
        if (
            cue.lemma == "colon"
            and cue.speaker is not None
            and span.inner_start <= cue.speaker.start_char
            and not text[span.inner_start : cue.speaker.start_char].strip()
            and cue.end < span.inner_end
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

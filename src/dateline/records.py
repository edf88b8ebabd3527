"""The record types that flow between stages.

Every record is a frozen, slotted dataclass. Children of an article carry its id and
character offsets into the article's stored ``text`` so that every claim traces back to
the sentence it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

#: how an article's date is known. The first five are evidence of when it was written
#: (``url``: a date in its address; ``path``: in its file or folder name); ``inferred``
#: (from the text's content) and ``corpus`` (from articles ingested with it) are guesses with
#: a range and a confidence; ``undated`` means the evidence was too weak: ``published`` is
#: None and ``published_range`` is whatever window the evidence allows, if any.
PublishedBasis = Literal["metadata", "user", "url", "path", "text", "inferred", "corpus", "undated"]
#: the bases that state when an article was written, as opposed to a guess
FIRM_DATE_BASES: frozenset[str] = frozenset({"metadata", "user", "url", "path", "text"})
TimeBasis = Literal["stated", "resolved", "inferred", "article"]
QuoteKind = Literal["direct", "partial", "indirect"]
Modality = Literal["happened", "planned", "refused", "negated", "hypothetical"]


@dataclass(frozen=True, slots=True)
class Article:
    """One news article as ingested: cleaned text plus where it came from and when."""

    id: str
    text: str
    title: str = ""
    url: str | None = None
    path: str | None = None
    source: str | None = None
    author: str | None = None
    categories: tuple[str, ...] = ()
    published: str | None = None
    published_basis: PublishedBasis | None = None
    published_range: tuple[str, str] | None = None
    published_confidence: float | None = None
    language: str | None = None
    language_confidence: float | None = None
    content_hash: str = ""
    duplicate_of: str | None = None
    input_format: str = "text"
    removed: tuple[str, ...] = ()

    @property
    def firmly_dated(self) -> bool:
        """Whether ``published`` is stated evidence (not a guess) that downstream may rely on."""
        return self.published is not None and (
            self.published_basis is None or self.published_basis in FIRM_DATE_BASES
        )


#: the labels of entity mentions, most specific first
ENTITY_LABELS = ("PERSON", "ORG", "PLACE", "NORP", "EVENT", "PRODUCT")
#: a label's rank in ENTITY_LABELS: the more specific label wins a tied vote
LABEL_PRIORITY = {label: rank for rank, label in enumerate(ENTITY_LABELS)}


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of an entity in one article."""

    article_id: str
    start: int
    end: int
    text: str
    label: str
    entity_id: str | None = None
    role: str | None = None
    # the fullest form of this name in the article ("Putin" -> "Vladimir Putin")
    canonical: str = ""


@dataclass(frozen=True, slots=True)
class Entity:
    """One real-world referent across the corpus."""

    id: str
    name: str
    label: str
    aliases: tuple[tuple[str, int], ...] = ()
    roles: tuple[str, ...] = ()
    article_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TimeExpr:
    """A time expression with its TIMEX3-style value (2014-12-19, 2015-05, 199X, P4Y, ...)."""

    article_id: str
    start: int
    end: int
    text: str
    type: Literal["DATE", "TIME", "DURATION", "SET"]
    value: str
    anchor: str | None = None
    basis: TimeBasis = "resolved"


@dataclass(frozen=True, slots=True)
class Quote:
    """Words attributed to a speaker, with the cue verb that attributes them."""

    article_id: str
    start: int
    end: int
    text: str
    kind: QuoteKind
    cue: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker_text: str | None = None
    speaker_id: str | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """Something that happened (or was planned, refused...), who did it to whom, where, when."""

    id: str
    article_id: str
    trigger_start: int
    trigger_end: int
    trigger: str
    category: str
    modality: Modality = "happened"
    actor_ids: tuple[str, ...] = ()
    target_ids: tuple[str, ...] = ()
    place_id: str | None = None
    when: str | None = None
    when_basis: TimeBasis = "article"
    sentence_start: int = 0
    sentence_end: int = 0
    sentence: str = ""
    # mention spans (start, end) in the article; the link stage turns them into entity ids
    actor_spans: tuple[tuple[int, int], ...] = ()
    target_spans: tuple[tuple[int, int], ...] = ()
    place_span: tuple[int, int] | None = None


@dataclass(frozen=True, slots=True)
class Story:
    """Articles about one real-world happening; ``thread_id`` links stories over time."""

    id: str
    title: str
    article_ids: tuple[str, ...]
    first: str | None = None
    last: str | None = None
    thread_id: str | None = None


@dataclass(frozen=True, slots=True)
class ClauseTense:
    """The tense the parse read for the clause of a time expression ("" where it read none):
    what re-resolving the article's times against a corrected date reads instead of a parse."""

    start: int
    end: int
    tense: str


@dataclass(frozen=True, slots=True)
class Annotations:
    """Everything the per-document annotation stages found in one article."""

    article_id: str
    mentions: tuple[Mention, ...] = ()
    times: tuple[TimeExpr, ...] = ()
    quotes: tuple[Quote, ...] = ()
    events: tuple[Event, ...] = ()
    tenses: tuple[ClauseTense, ...] = ()


@dataclass(frozen=True, slots=True)
class SkippedInput:
    """One input that could not be ingested, and why; goes into the per-run report."""

    location: str
    reason: str
    code: str = "E000"


@dataclass(slots=True)
class IngestReport:
    """What one ingest run did: counts per outcome and one line per skipped input."""

    added: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[SkippedInput] = field(default_factory=list)
    warnings: list[SkippedInput] = field(default_factory=list)  # kept, with a W... code

    @property
    def ok(self) -> bool:
        return not self.skipped

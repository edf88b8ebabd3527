"""An entity's timeline: the events it took part in across all articles, in time order.

The same event reported more than once (by several articles, or twice in one) becomes one
line with all its sources:

- events the link stage grouped into one cross-article event cluster
  (:mod:`dateline.link.events`, stored under ``events.clusters``) are one line;
- otherwise two events are the same when they have the same category, share their
  participants (two in common, or the very same set) and have compatible dates (equal, one
  containing the other such as 2015-05 and 2015-05-09, or within a week where one of them
  only has its article's date). A date that is only a guess (see *lanes*) or missing never
  keeps two reports apart, but then the two must also share the trigger's stem ("resigned",
  "resignation"), so that one guess does not glue different happenings together; within one
  article, dates resolved against the same guess still compare as dates. A negated
  or refused event never merges with one that happened.

Every line says how its date is known, in its ``lane``:

- ``dated``: a date stated in the text, resolved against a firm article date, or a firm
  article date (metadata, user, URL, path, date line; :attr:`Article.firmly_dated`);
- ``approximate``: the only date is a guess: the article's guessed date, or a date resolved
  against it (time basis ``inferred``). Shown as "around", never at a precise point;
- ``undated``: no date at all.

Lines come in lane order (dated, approximate, undated), each lane in time order.

What the entity said is part of its timeline too: the annotate stage records speech as quotes,
not events (no event restates a quote), so each quote the entity is the speaker of becomes a
``statement`` event on its cue verb ("said", "told"), dated by its article.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from dateline.query.articles import ArticleCache
from dateline.records import FIRM_DATE_BASES, Article, Event, Quote, TimeBasis, TimeExpr
from dateline.store.interface import Store

ARTICLE_DATE_SLACK_DAYS = 7
CONTRARY_MODALITIES = frozenset({"negated", "refused"})
Lane = Literal["dated", "approximate", "undated"]
LANES: tuple[Lane, ...] = ("dated", "approximate", "undated")
STATEMENT = "statement"
CUE_REACH = 40  # characters around the speaker and quote where the cue verb may stand
_WORD = re.compile(r"[^\W\d_]+")
_CLAUSE_END = re.compile(r"[.!?;\n]")
_SENTENCE_END = re.compile(r"[.!?\n]")
#: past forms of speech verbs that no suffix rule gives
IRREGULAR_FORMS = {
    "say": ("said",), "tell": ("told",), "think": ("thought",), "write": ("wrote", "written"),
    "speak": ("spoke", "spoken"), "hold": ("held",), "feel": ("felt",),
    "admit": ("admitted",), "commit": ("committed",), "forecast": ("forecast",),
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class TimelineSource:
    """Where a timeline line comes from: an article and the sentence in it."""

    article_id: str
    title: str
    sentence_start: int
    sentence_end: int
    sentence: str


@dataclass(frozen=True, slots=True)
class TimelineMention:
    """One event mention behind a line: its event id and trigger span in its article."""

    event_id: str
    article_id: str
    trigger_start: int
    trigger_end: int
    trigger: str


@dataclass(slots=True)
class TimelineLine:
    """One event of the timeline with the date, how it was obtained, and every source."""

    date: str | None
    date_basis: TimeBasis
    category: str
    modality: str
    summary: str
    sentence: str
    sources: list[TimelineSource] = field(default_factory=list)
    event_ids: list[str] = field(default_factory=list)
    participants: frozenset[str] = frozenset()
    lane: Lane = "dated"
    mentions: list[TimelineMention] = field(default_factory=list)
    stems: set[str] = field(default_factory=set)
    clusters: set[str] = field(default_factory=set)


def _as_date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if len(value) >= 10 else None
    except ValueError:
        return None


def dates_compatible(
    first: str | None, first_basis: str, second: str | None, second_basis: str
) -> bool:
    """Whether two time values can be the date of one event."""
    if first is None or second is None:
        return first is second
    if first.startswith(second) or second.startswith(first):
        return True
    if "article" in (first_basis, second_basis):
        a, b = _as_date(first), _as_date(second)
        return a is not None and b is not None and abs((a - b).days) <= ARTICLE_DATE_SLACK_DAYS
    return False


def event_lane(event: Event, guessed_articles: Collection[str]) -> Lane:
    """How firmly the event's date is known (see the module docstring)."""
    if event.when is None:
        return "undated"
    if event.when_basis == "inferred":
        return "approximate"
    if event.when_basis == "article" and event.article_id in guessed_articles:
        return "approximate"
    return "dated"


@lru_cache(maxsize=1 << 16)  # asked for again for every line an event is compared with
def trigger_stem(trigger: str) -> str:
    """The trigger's first word less a common ending: "resigned", "resignation" -> "resign"."""
    words = trigger.lower().split()
    word = "".join(ch for ch in (words[0] if words else "") if ch.isalpha())
    for suffix in ("ations", "ation", "ings", "ing", "ed", "es", "e", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _participants(event: Event) -> frozenset[str]:
    return frozenset(event.actor_ids) | frozenset(event.target_ids)


def _reports(line: TimelineLine, article_id: str) -> bool:
    """Whether one of the line's sources is the article."""
    return any(source.article_id == article_id for source in line.sources)


def _same_event(
    line: TimelineLine,
    event: Event,
    lane: Lane,
    cluster: str | None,
    others: frozenset[str] | None = None,
) -> bool:
    """Whether ``event`` belongs on ``line``; ``others``: its participants, when known."""
    if line.category != event.category:
        return False
    if (line.modality in CONTRARY_MODALITIES) != (event.modality in CONTRARY_MODALITIES):
        return False
    if cluster is not None and cluster in line.clusters:
        return True  # the link stage found them to be one happening
    # dates and words first: they tell most lines apart, without building a set
    if not _same_time(line, event, lane):
        return False
    if others is None:
        others = _participants(event)
    return len(line.participants & others) >= 2 or line.participants == others


def _same_time(line: TimelineLine, event: Event, lane: Lane) -> bool:
    """Whether the line's date (or, where a date is a guess, its words) fits the event's."""
    if not line.lane == lane == "dated" and not (
        line.lane == lane == "approximate" and _reports(line, event.article_id)
    ):
        # a guess or a missing date keeps nothing apart, but then the words must agree
        # (within one article, dates resolved against the same guess still compare)
        return trigger_stem(event.trigger) in line.stems
    if event.category == STATEMENT and not _reports(line, event.article_id):
        # one speaks often: what articles of different days report were different statements
        # unless a date in the text says otherwise
        return (
            line.date is not None
            and event.when is not None
            and (line.date.startswith(event.when) or event.when.startswith(line.date))
        )
    return dates_compatible(line.date, line.date_basis, event.when, event.when_basis)


def _stronger_date(line: TimelineLine, event: Event, lane: Lane) -> tuple[str | None, TimeBasis]:
    """Prefer a firm date over a guess; of two dates one of which contains the other, the
    more precise one; else a date read from the text over an article date, and the more
    precise one."""
    if event.when is None:
        return line.date, line.date_basis
    if line.date is None or LANES.index(lane) < LANES.index(line.lane):
        return event.when, event.when_basis
    if LANES.index(lane) > LANES.index(line.lane):
        return line.date, line.date_basis
    coarse, fine = sorted((line.date, event.when), key=len)
    if len(coarse) >= len("2005-04") and fine.startswith(coarse):
        # "flew in April 2005" and a report of the flight dated 2005-04-27: the day it was
        # (a year says too little to pin a report of another day to it)
        return (
            (event.when, event.when_basis) if fine == event.when else (line.date, line.date_basis)
        )
    line_from_text = line.date_basis != "article"
    event_from_text = event.when_basis != "article"
    if event_from_text and not line_from_text:
        return event.when, event.when_basis
    if event_from_text == line_from_text and len(event.when) > len(line.date):
        return event.when, event.when_basis
    return line.date, line.date_basis


def summarize(event: Event, names: dict[str, str]) -> str:
    """A short line: "Vladimir Putin invited Kim Jong-un (in Moscow)"."""
    actors = " and ".join(names.get(i, i) for i in event.actor_ids)
    targets = ", ".join(names.get(i, i) for i in event.target_ids if i not in event.actor_ids)
    parts = [actors, event.trigger, targets]
    if event.place_id:
        parts.append(f"(in {names.get(event.place_id, event.place_id)})")
    return " ".join(p for p in parts if p)


def merge_events(
    events: Iterable[Event],
    names: dict[str, str],
    titles: dict[str, str],
    guessed_articles: Collection[str] = frozenset(),
    clusters: Mapping[str, str] | None = None,
) -> list[TimelineLine]:
    """Group events into timeline lines (see the module docstring), in lane and time order.

    ``guessed_articles``: the ids of articles whose date is a guess; ``clusters``: event id
    -> cross-article event cluster id.
    """
    clusters = clusters or {}
    lines: list[TimelineLine] = []
    # only lines of the event's category, negated (or refused) or not as it is, can take it:
    # look among those alone (a line keeps the category and modality of its first event)
    by_kind: dict[tuple[str, bool], list[TimelineLine]] = {}
    events = list(events)
    lane_of = {event.id: event_lane(event, guessed_articles) for event in events}
    for event in sorted(
        events,
        key=lambda e: (LANES.index(lane_of[e.id]), e.when or "9999", e.article_id, e.trigger_start),
    ):
        lane = lane_of[event.id]
        cluster = clusters.get(event.id)
        source = TimelineSource(
            article_id=event.article_id,
            title=titles.get(event.article_id, ""),
            sentence_start=event.sentence_start,
            sentence_end=event.sentence_end,
            sentence=event.sentence,
        )
        mention = TimelineMention(
            event.id, event.article_id, event.trigger_start, event.trigger_end, event.trigger
        )
        same_kind = by_kind.setdefault((event.category, event.modality in CONTRARY_MODALITIES), [])
        others = _participants(event)
        line = next(
            (line for line in same_kind if _same_event(line, event, lane, cluster, others)),
            None,
        )
        if line is None:
            same_kind.append(
                TimelineLine(
                    date=event.when,
                    date_basis=event.when_basis,
                    category=event.category,
                    modality=event.modality,
                    summary=summarize(event, names),
                    sentence=event.sentence,
                    sources=[source],
                    event_ids=[event.id],
                    participants=others,
                    lane=lane,
                    mentions=[mention],
                    stems={trigger_stem(event.trigger)},
                    clusters={cluster} if cluster else set(),
                )
            )
            lines.append(same_kind[-1])
            continue
        line.date, line.date_basis = _stronger_date(line, event, lane)
        line.lane = min(line.lane, lane, key=LANES.index)
        line.participants |= others
        line.event_ids.append(event.id)
        line.mentions.append(mention)
        line.stems.add(trigger_stem(event.trigger))
        if cluster:
            line.clusters.add(cluster)
        if all(
            (s.article_id, s.sentence_start) != (source.article_id, source.sentence_start)
            for s in line.sources
        ):
            line.sources.append(source)
    lines.sort(
        key=lambda line: (
            LANES.index(line.lane),
            line.date or "9999",
            line.sources[0].article_id,
            line.sources[0].sentence_start,
        )
    )
    return lines


def event_clusters(store: Store, events: Sequence[Event]) -> dict[str, str]:
    """Event id -> its cross-article cluster id, as the link stage stored them, for
    ``events`` (not every clustered event of the corpus: a page reads what it shows)."""
    return store.event_clusters_of([event.id for event in events])


def cue_span(text: str, quote: Quote) -> tuple[int, int] | None:
    """Where the quote's cue verb (stored as its lemma, "say") stands: an inflected form of it
    ("said", "says") nearest the speaker (else the quote), outside the quoted words, between
    the start and the end of the speaker and the quote."""
    if not quote.cue:
        return None
    lemma = quote.cue.split()[0].lower()

    def cues(low: int, high: int) -> list[tuple[int, int]]:
        return [
            match.span()
            for match in _WORD.finditer(text, max(0, low), min(len(text), high))
            if not quote.start <= match.start() < quote.end and inflects(match.group(), lemma)
        ]

    # next to the quoted words first: a speaker resolved from a pronoun ("he said") stands
    # where the article named him, which may be sentences before
    beside = [
        span
        for span in cues(quote.start - CUE_REACH, quote.end + CUE_REACH)
        if not _SENTENCE_END.search(text, min(span[1], quote.end), max(span[0], quote.start))
    ]
    if beside:
        return min(
            beside, key=lambda span: min(abs(span[0] - quote.start), abs(span[0] - quote.end))
        )
    pivot = quote.speaker_start if quote.speaker_start is not None else quote.start
    found = cues(
        min(quote.start, pivot) - CUE_REACH,
        max(quote.end, quote.speaker_end or quote.end) + CUE_REACH,
    )
    return min(found, key=lambda span: abs(span[0] - pivot)) if found else None


@lru_cache(maxsize=1 << 16)  # asked of every word near every quote a page shows
def inflects(word: str, lemma: str) -> bool:
    """Whether ``word`` is ``lemma`` or an inflection of it ("said" of "say", "states" of
    "state")."""
    word = word.lower()
    if word == lemma or word in IRREGULAR_FORMS.get(lemma, ()):
        return True
    for suffix in ("s", "es", "ed", "d", "ing"):
        if word.endswith(suffix) and word[: -len(suffix)] in (lemma, lemma.removesuffix("e")):
            return True
    return lemma.endswith("y") and word in (lemma[:-1] + "ied", lemma[:-1] + "ies")


def attribution_time(
    text: str, quote: Quote, cue: tuple[int, int], times: Sequence[TimeExpr]
) -> TimeExpr | None:
    """A date stated in the words that attribute the quote ("Smith said on Monday", "GM said
    in a statement Tuesday"), outside the quoted words: the nearest to the cue."""
    start = cue[0]
    speaker = quote.speaker_start
    if speaker is not None and speaker < start and not _SENTENCE_END.search(text, speaker, start):
        start = speaker  # a speaker named sentences before ("he" resolved) dates nothing here
    stop = _CLAUSE_END.search(text, cue[1])
    end = stop.start() if stop else len(text)
    if quote.start >= cue[1]:
        end = min(end, quote.start)
    found = [
        time
        for time in times
        if time.type in ("DATE", "TIME")
        and time.value[:1].isdigit()
        and start <= time.start
        and time.end <= end
        and not (quote.start <= time.start < quote.end)
    ]
    return min(found, key=lambda time: abs(time.start - cue[0])) if found else None


def quote_event(
    article: Article, quote: Quote, entity_id: str, times: Sequence[TimeExpr] = ()
) -> Event | None:
    """The entity's quote as a ``statement`` event on its cue, dated by a date stated with
    the attribution, else by its article."""
    span = cue_span(article.text, quote)
    if span is None:
        return None
    start, end = span
    first = min(start, quote.start, quote.speaker_start or start)
    last = max(end, quote.end, quote.speaker_end or end)
    stated = attribution_time(article.text, quote, span, times)
    published = article.published
    when: str | None = published[:10] if published else None
    basis: TimeBasis = "article"
    if stated is not None:
        when, basis = stated.value, stated.basis
    return Event(
        id=hashlib.sha1(f"{article.id}:quote:{start}:{end}".encode()).hexdigest()[:16],
        article_id=article.id,
        trigger_start=start,
        trigger_end=end,
        trigger=article.text[start:end],
        category=STATEMENT,
        when=when,
        when_basis=basis,
        sentence_start=first,
        sentence_end=last,
        sentence=article.text[first:last],
        actor_ids=(entity_id,),
    )


def statement_events(
    store: Store,
    entity_id: str,
    article_ids: Sequence[str] | None = None,
    cache: ArticleCache | None = None,
    quotes: Sequence[Quote] | None = None,
) -> list[Event]:
    """What ``entity_id`` said, one ``statement`` event per quote (see the module docstring);
    only in ``article_ids`` when given. ``cache``: the view's articles, read once;
    ``quotes``: the entity's quotes there, when read already."""
    if quotes is None:
        if article_ids is None:
            quotes = list(store.iter_quotes(speaker_id=entity_id))
        else:
            quotes = store.quotes_in(article_ids, speaker_id=entity_id)
    quoted = list(dict.fromkeys(quote.article_id for quote in quotes))
    articles = (cache or ArticleCache(store)).full(quoted)
    times: dict[str, list[TimeExpr]] = {}
    for time in store.times_in(quoted):
        times.setdefault(time.article_id, []).append(time)
    events: list[Event] = []
    for quote in quotes:
        article = articles.get(quote.article_id)
        event = (
            quote_event(article, quote, entity_id, times.get(article.id, []))
            if article is not None
            else None
        )
        if event is not None:
            events.append(event)
    return events


def build_timeline(
    store: Store,
    entity_id: str,
    categories: Sequence[str] = (),
    article_ids: Sequence[str] | None = None,
    cache: ArticleCache | None = None,
    quotes: Sequence[Quote] | None = None,
    events: Sequence[Event] | None = None,
) -> list[TimelineLine]:
    """The events involving ``entity_id`` across all stored articles (or in ``article_ids``,
    e.g. the entity's latest from :meth:`Store.entity_article_ids`), and what it said,
    merged, in lane and time order. ``cache``: the view's articles, read once; ``quotes``
    and ``events``: the entity's quotes and events there, when read already."""
    cache = cache or ArticleCache(store)
    if events is not None:
        events = list(events)
    elif article_ids is None:
        events = list(store.iter_events(entity_id=entity_id))
    else:
        events = store.events_in(article_ids, entity_id=entity_id)
    triggers = {(e.article_id, e.trigger_start) for e in events}
    events += [
        e
        for e in statement_events(store, entity_id, article_ids, cache, quotes)
        if (e.article_id, e.trigger_start) not in triggers
    ]
    events = [e for e in events if not categories or e.category in categories]
    named = {
        entity_id_
        for event in events
        for entity_id_ in (*event.actor_ids, *event.target_ids, *filter(None, [event.place_id]))
    }
    found = store.get_entities(sorted(named), articles=False)
    names = {i: found[i].name if i in found else i for i in named}
    titles: dict[str, str] = {}
    guessed: set[str] = set()
    for article_id in cache.load([e.article_id for e in events]):
        article = cache.ref(article_id)
        titles[article_id] = article.title
        firm = article.published_basis is None or article.published_basis in FIRM_DATE_BASES
        if article.published is not None and not firm:
            guessed.add(article_id)
    return merge_events(events, names, titles, guessed, event_clusters(store, events))

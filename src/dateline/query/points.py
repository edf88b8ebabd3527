"""Dated points: the calendar point of a TIMEX value, and the points of an entity's or the
corpus's timeline (events, quotes, articles), each citing its article."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from dateline.query.articles import ArticleCache, ArticleRef, article_ref
from dateline.query.dates import describe_date_basis
from dateline.query.quotes import QuoteItem, quotes_of
from dateline.query.timeline import build_timeline
from dateline.records import FIRM_DATE_BASES, Event, Quote
from dateline.store.interface import Store

#: Event categories left off timelines: what was said shows there as quotes instead.
SPEECH_CATEGORIES = frozenset({"statement"})
#: the latest articles of an entity a timeline reads: a page's cost stays bounded however
#: large the corpus grows
TIMELINE_ARTICLES = 100
_WHEN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


@dataclass(frozen=True, slots=True)
class DatePoint:
    """A calendar point parsed from a TIMEX value or an article date; precision day/month/year."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def iso(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @property
    def ordinal(self) -> int:
        """Day number of the point (the middle of a month or year, for coarse values)."""
        if self.month is None:
            return dt.date(self.year, 7, 1).toordinal()
        if self.day is None:
            return dt.date(self.year, self.month, 15).toordinal()
        return dt.date(self.year, self.month, self.day).toordinal()


def parse_when(value: str | None) -> DatePoint | None:
    """The calendar point of a TIMEX-style value (``2015-05-09``, ``2015-05``, ``2014``,
    the start of a range ``2014-11-17/2014-11-24``); None for durations, sets, ``PRESENT_REF``.
    """
    if not value:
        return None
    match = _WHEN.match(value.strip())
    if match is None:
        return None
    year = int(match.group(1))
    month = int(match.group(2)) if match.group(2) else None
    day = int(match.group(3)) if match.group(3) else None
    if year < 1 or (month is not None and not 1 <= month <= 12):
        return None
    if month is not None and day is not None:
        try:
            dt.date(year, month, day)
        except ValueError:
            return None
    return DatePoint(year, month, day)


@dataclass(frozen=True, slots=True)
class TimelinePoint:
    """One dated thing on a timeline, citing the article it comes from."""

    when: DatePoint
    label: str
    kind: str  # "event" | "quote" | "article"
    article: ArticleRef
    detail: str = ""
    category: str = ""
    modality: str = "happened"
    source_count: int = 1  # articles reporting the same event
    basis: str = ""  # how the date was obtained, in words
    # "dated", or "approximate" when the only date is a guessed article date (never drawn
    # at a precise point; see dateline.query.timeline)
    lane: str = "dated"

    @property
    def shown_date(self) -> str:
        return self.when.iso if self.lane == "dated" else f"around {self.when.iso}"


def timeline_of(
    store: Store,
    entity_id: str,
    quotes: Sequence[QuoteItem] | None = None,
    cache: ArticleCache | None = None,
    article_ids: Sequence[str] | None = None,
    said: Sequence[Quote] | None = None,
    events: Sequence[Event] | None = None,
) -> list[TimelinePoint]:
    """The entity's dated events (one line per real event) and quotes, in date order; from
    ``article_ids`` alone when given (e.g. its latest, :meth:`Store.entity_article_ids`).

    ``quotes``: the entity's quotes to show, when the caller has them already; ``said``: all
    its quotes in ``article_ids`` (its statements), and ``events``: its events there, when
    read already.
    """
    cache = cache or ArticleCache(store)
    if said is None and article_ids is not None:  # read once for the events and the quotes
        said = store.quotes_in(article_ids, speaker_id=entity_id)
    points = _event_points(store, entity_id, cache, article_ids, said, events)
    if quotes is None:
        quotes = quotes_of(
            store, entity_id, limit=1000, cache=cache, article_ids=article_ids, quotes=said
        )
    for quote_item in quotes:
        when = parse_when(quote_item.article.published)
        if when is not None:
            guessed = quote_item.article.published_basis not in (None, *FIRM_DATE_BASES)
            points.append(
                TimelinePoint(
                    when,
                    quote_item.quote.text,
                    "quote",
                    quote_item.article,
                    lane="approximate" if guessed else "dated",
                )
            )
    return distinct_sorted(points)


@dataclass(frozen=True, slots=True)
class TimelinePage:
    """The timeline of one page of an entity's articles (latest first): the dated points of
    those articles in date order, and the cursor of the next, older page."""

    points: list[TimelinePoint]
    #: the articles read, latest first
    article_ids: tuple[str, ...]
    #: pass as ``before`` for the next page; None when these were the oldest
    next_before: str | None


@dataclass(frozen=True, slots=True)
class ArticlePage:
    """One page of an entity's articles, latest first, and the cursor of the next, older
    page (None when these are the oldest)."""

    article_ids: tuple[str, ...]
    next_before: str | None


def entity_article_page(
    store: Store, entity_id: str, articles: int = TIMELINE_ARTICLES, before: str | None = None
) -> ArticlePage:
    """The entity's latest ``articles`` articles, or the ``articles`` that come after
    article ``before`` (latest first). Raises KeyError for a ``before`` that is not one of
    the entity's articles."""
    ids = store.entity_article_ids(entity_id, articles + 1, before=before)
    page = ids[:articles]
    return ArticlePage(tuple(page), page[-1] if len(ids) > articles else None)


def timeline_page(
    store: Store, entity_id: str, articles: int = TIMELINE_ARTICLES, before: str | None = None
) -> TimelinePage:
    """The points of one :func:`entity_article_page`. Reading every page gives the whole
    timeline: an event reported by articles on two pages is on both."""
    page = entity_article_page(store, entity_id, articles, before)
    ids = list(page.article_ids)
    points = timeline_of(store, entity_id, article_ids=ids) if ids else []
    return TimelinePage(points, page.article_ids, page.next_before)


def _event_points(
    store: Store,
    entity_id: str,
    cache: ArticleCache,
    article_ids: Sequence[str] | None,
    quotes: Sequence[Quote] | None = None,
    events: Sequence[Event] | None = None,
) -> list[TimelinePoint]:
    points = []
    lines = build_timeline(
        store, entity_id, article_ids=article_ids, cache=cache, quotes=quotes, events=events
    )
    cache.load([line.sources[0].article_id for line in lines if line.sources])
    for line in lines:
        if line.category in SPEECH_CATEGORIES or not line.sources:
            continue
        article = cache.ref(line.sources[0].article_id)
        when = parse_when(line.date) or parse_when(article.published)
        if when is None:
            continue
        label = line.summary if line.modality == "happened" else f"{line.summary} ({line.modality})"
        points.append(
            TimelinePoint(
                when,
                label,
                "event",
                article,
                detail=line.sentence,
                category=line.category,
                modality=line.modality,
                source_count=len({s.article_id for s in line.sources}),
                basis=describe_date_basis(
                    line.date_basis if line.date else "article",
                    article.published_basis,
                    article.published_confidence,
                ),
                lane="dated" if line.lane == "dated" else "approximate",
            )
        )
    return points


def distinct_sorted(points: Iterable[TimelinePoint]) -> list[TimelinePoint]:
    """Points in date order, one per (date, kind, label, article)."""
    seen: set[tuple[str, str, str, str]] = set()
    kept = []
    for point in sorted(points, key=lambda p: (p.when.ordinal, p.kind, p.article.id, p.label)):
        key = (point.when.iso, point.kind, point.label, point.article.id)
        if key not in seen:
            seen.add(key)
            kept.append(point)
    return kept


def corpus_timeline(store: Store, limit: int = 300) -> list[TimelinePoint]:
    """Articles of the corpus by publication date (the first ``limit``)."""
    points = []
    for article in store.iter_articles(limit=limit):
        when = parse_when(article.published)
        if when is not None:
            points.append(
                TimelinePoint(when, article.title or article.id, "article", article_ref(article))
            )
    return sorted(points, key=lambda p: (p.when.ordinal, p.article.id))

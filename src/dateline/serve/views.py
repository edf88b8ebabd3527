"""What the web pages, the REST API and the reports show, gathered from a store.

Plain functions over the :class:`~dateline.store.interface.Store` that return small frozen
records; nothing here knows about HTTP or HTML. Where a colleague's query module exists
(``dateline.query.dossier``, ``dateline.query.timeline``...) it is used; otherwise the same
answer is built from the store interface directly.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from dateline.query import dossier
from dateline.query.dates import describe_date_basis, describe_published, published_shown
from dateline.query.quotes import quotes_by
from dateline.query.timeline import build_timeline
from dateline.records import FIRM_DATE_BASES, Article, Entity, Event, Quote, Story
from dateline.store.interface import Store

#: Event categories left off timelines: what was said shows there as quotes instead.
SPEECH_CATEGORIES = frozenset({"statement"})
#: the latest articles of an entity that a dossier and a timeline read (the dossier says how
#: many there are in all), and the articles of a story its page reads: a page's cost stays
#: bounded however large the corpus grows
DOSSIER_ARTICLES = 50
TIMELINE_ARTICLES = 100
STORY_ARTICLES = 200
_WHEN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


@dataclass(frozen=True, slots=True)
class ArticleRef:
    """Enough of an article to cite it: id, title, date, outlet."""

    id: str
    title: str
    published: str | None
    source: str | None
    published_basis: str | None = None
    published_confidence: float | None = None
    published_range: tuple[str, str] | None = None

    @property
    def published_shown(self) -> str:
        """The date as every view shows it: ``2019``, ``~2004-03-05 (75%)``, ``undated (…)``."""
        return published_shown(self)

    @property
    def published_how(self) -> str:
        """How the article's date was obtained ("inferred", "from the file name"); empty for
        metadata and for an undated article, whose shown date already says so."""
        if self.published is None or self.published_basis in (None, "metadata"):
            return ""
        return describe_published(self.published_basis)


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


@dataclass(frozen=True, slots=True)
class QuoteItem:
    quote: Quote
    article: ArticleRef


@dataclass(frozen=True, slots=True)
class EventItem:
    event: Event
    article: ArticleRef
    actors: tuple[Entity, ...]
    targets: tuple[Entity, ...]


@dataclass(frozen=True, slots=True)
class Dossier:
    """Everything known about one entity, each item citing its article."""

    entity: Entity
    articles: tuple[ArticleRef, ...]
    quotes: tuple[QuoteItem, ...]
    events: tuple[EventItem, ...]
    timeline: tuple[TimelinePoint, ...]
    related: tuple[tuple[Entity, int], ...]


@dataclass(frozen=True, slots=True)
class GraphNode:
    entity: Entity
    weight: int


@dataclass(frozen=True, slots=True)
class GraphEdge:
    source: str
    target: str
    weight: int


@dataclass(frozen=True, slots=True)
class Graph:
    nodes: tuple[GraphNode, ...]
    edges: tuple[GraphEdge, ...]


@dataclass(frozen=True, slots=True)
class StoryView:
    story: Story
    articles: tuple[ArticleRef, ...]
    entities: tuple[tuple[Entity, int], ...]
    timeline: tuple[TimelinePoint, ...]


def article_ref(article: Article) -> ArticleRef:
    return ArticleRef(
        article.id,
        article.title,
        article.published,
        article.source,
        article.published_basis,
        article.published_confidence,
        article.published_range,
    )


class ArticleCache:
    """Looks up articles once per view; a missing one becomes a placeholder reference."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._refs: dict[str, ArticleRef] = {}

    def load(self, article_ids: Sequence[str]) -> None:
        """Look these articles up together (one query a page) before they are asked for."""
        missing = [i for i in dict.fromkeys(article_ids) if i not in self._refs]
        for article in self._store.get_articles(missing):
            self._refs[article.id] = article_ref(article)

    def ref(self, article_id: str) -> ArticleRef:
        if article_id not in self._refs:
            article = self._store.get_article(article_id)
            self._refs[article_id] = (
                article_ref(article) if article else ArticleRef(article_id, "", None, None)
            )
        return self._refs[article_id]


def find_entity(store: Store, name: str) -> Entity | None:
    """The entity a user means by ``name``: any alias, a surname, or a close misspelling."""
    return dossier.find_entity(store, name)


def entity_articles(
    store: Store, entity: Entity, limit: int | None = None, cache: ArticleCache | None = None
) -> list[ArticleRef]:
    """The entity's articles, the latest ``limit`` when given, oldest first."""
    cache = cache or ArticleCache(store)
    ids = entity.article_ids if limit is None else store.entity_article_ids(entity.id, limit)
    cache.load(ids)
    refs = [cache.ref(article_id) for article_id in ids]
    return sorted(refs, key=lambda ref: (ref.published or "", ref.id))


def quotes_of(
    store: Store,
    entity_id: str,
    limit: int = 200,
    cache: ArticleCache | None = None,
    article_ids: Sequence[str] | None = None,
) -> list[QuoteItem]:
    """Quotes attributed to the entity (in ``article_ids`` when given), oldest article first."""
    cache = cache or ArticleCache(store)
    lines = quotes_by(store, entity_id, article_ids)[:limit]
    cache.load([line.article_id for line in lines])
    return [QuoteItem(line.quote, cache.ref(line.article_id)) for line in lines]


def event_items(
    store: Store, events: Iterable[Event], limit: int = 200, cache: ArticleCache | None = None
) -> list[EventItem]:
    cache = cache or ArticleCache(store)
    events = list(events)[:limit]
    cache.load([event.article_id for event in events])
    # names are what an item shows of its participants: their article ids are not read
    entities = store.get_entities(
        sorted({i for event in events for i in (*event.actor_ids, *event.target_ids)}),
        articles=False,
    )

    def named(ids: Sequence[str]) -> tuple[Entity, ...]:
        return tuple(entities[i] for i in ids if i in entities)

    items = []
    for event in events:
        items.append(
            EventItem(
                event, cache.ref(event.article_id), named(event.actor_ids), named(event.target_ids)
            )
        )
        if len(items) >= limit:
            break
    return items


def event_date(event: Event, article: ArticleRef) -> DatePoint | None:
    """When the event happened as stated in the text, else when its article was published."""
    return parse_when(event.when) or parse_when(article.published)


def event_label(item: EventItem) -> str:
    actors = ", ".join(e.name for e in item.actors)
    targets = ", ".join(e.name for e in item.targets)
    verb = item.event.trigger
    if item.event.modality != "happened":
        verb = f"{verb} ({item.event.modality})"
    return " ".join(part for part in (actors, verb, targets) if part)


def timeline_of(
    store: Store,
    entity_id: str,
    quotes: Sequence[QuoteItem] | None = None,
    cache: ArticleCache | None = None,
    article_ids: Sequence[str] | None = None,
) -> list[TimelinePoint]:
    """The entity's dated events (one line per real event) and quotes, in date order; from
    ``article_ids`` alone when given (e.g. its latest, :meth:`Store.entity_article_ids`).

    ``quotes``: the entity's quotes when the caller has them already.
    """
    cache = cache or ArticleCache(store)
    points = _event_points(store, entity_id, cache, article_ids)
    if quotes is None:
        quotes = quotes_of(store, entity_id, limit=1000, cache=cache, article_ids=article_ids)
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
    return _distinct_sorted(points)


def _event_points(
    store: Store, entity_id: str, cache: ArticleCache, article_ids: Sequence[str] | None
) -> list[TimelinePoint]:
    points = []
    lines = build_timeline(store, entity_id, article_ids=article_ids)
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


def _distinct_sorted(points: Iterable[TimelinePoint]) -> list[TimelinePoint]:
    """Points in date order, one per (date, kind, label, article)."""
    seen: set[tuple[str, str, str, str]] = set()
    kept = []
    for point in sorted(points, key=lambda p: (p.when.ordinal, p.kind, p.article.id, p.label)):
        key = (point.when.iso, point.kind, point.label, point.article.id)
        if key not in seen:
            seen.add(key)
            kept.append(point)
    return kept


def related_entities(store: Store, entity: Entity, limit: int = 15) -> list[tuple[Entity, int]]:
    """Entities mentioned in the same articles, with how many articles they share (counted
    over all the entity's articles when it was linked); read without their article ids
    (``article_ids`` is empty: :meth:`Store.entity_summary` has their count)."""
    shared = store.co_occurring(entity.id, limit)
    # names, not article ids: a popular entity's list of them is long to read
    found = store.get_entities([other_id for other_id, _ in shared], articles=False)
    return [(found[other_id], count) for other_id, count in shared if other_id in found]


def build_dossier(store: Store, entity_id: str) -> Dossier | None:
    """The dossier of one entity, or None when there is no such entity.

    Bounded for a web page: its latest :data:`DOSSIER_ARTICLES` articles, and the quotes,
    events and timeline found in them (200 quotes and events at most); the company kept is
    read from what linking counted over all its articles.
    """
    entity = store.get_entity(entity_id)
    if entity is None:
        return None
    cache = ArticleCache(store)
    latest = store.entity_article_ids(entity_id, DOSSIER_ARTICLES)
    cache.load(latest)
    quotes = quotes_of(store, entity_id, cache=cache, article_ids=latest)
    events = event_items(store, store.events_in(latest, entity_id=entity_id), cache=cache)
    events.sort(
        key=lambda i: (
            (event_date(i.event, i.article) or DatePoint(9999)).ordinal,
            i.article.id,
            i.event.trigger_start,
        )
    )
    refs = sorted((cache.ref(article_id) for article_id in latest), key=_by_date)
    return Dossier(
        entity=entity,
        articles=tuple(refs),
        quotes=tuple(quotes),
        events=tuple(events),
        timeline=tuple(
            timeline_of(store, entity_id, quotes=quotes, cache=cache, article_ids=latest)
        ),
        related=tuple(related_entities(store, entity)),
    )


def _by_date(ref: ArticleRef) -> tuple[str, str]:
    return (ref.published or "", ref.id)


def cooccurrence_graph(
    store: Store,
    limit: int = 40,
    window: int = 250,
    max_articles: int = 2000,
    max_edges_per_node: int = 4,
) -> Graph:
    """The most mentioned entities, joined when they are named close together in an article.

    Two entities co-occur each time a mention of one lies within ``window`` characters of a
    mention of the other (the same passage, not merely the same article: in a small corpus
    everyone shares every article). Only the strongest edges are kept, so the picture stays
    readable; ``max_articles`` bounds the work on a large corpus.
    """
    entities: list[Entity] = []
    for entity in store.iter_entities():  # most mentioned first
        entities.append(entity)
        if len(entities) >= limit:
            break
    wanted = {e.id for e in entities}
    article_ids: dict[str, None] = {}
    for entity in entities:
        for article_id in entity.article_ids:
            if len(article_ids) >= max_articles:
                break
            article_ids.setdefault(article_id)
    weights: Counter[tuple[str, str]] = Counter()
    for article_id in article_ids:
        mentions = [m for m in store.iter_mentions(article_id) if m.entity_id in wanted]
        mentions.sort(key=lambda m: m.start)
        for i, left in enumerate(mentions):
            for right in mentions[i + 1 :]:
                if right.start - left.end > window:
                    break
                if left.entity_id != right.entity_id and left.entity_id and right.entity_id:
                    a, b = sorted((left.entity_id, right.entity_id))
                    weights[(a, b)] += 1
    kept: list[GraphEdge] = []
    degree: Counter[str] = Counter()
    for (a, b), weight in sorted(weights.items(), key=lambda item: (-item[1], item[0])):
        if degree[a] < max_edges_per_node or degree[b] < max_edges_per_node:
            kept.append(GraphEdge(a, b, weight))
            degree.update((a, b))
    nodes = tuple(
        GraphNode(e, sum(c for _, c in e.aliases) or len(e.article_ids)) for e in entities
    )
    return Graph(nodes, tuple(kept))


def story_view(store: Store, story_id: str) -> StoryView | None:
    """One story for its page: its first :data:`STORY_ARTICLES` articles and their events, and
    the entities linking counted over all its articles."""
    story = store.get_story(story_id)
    if story is None:
        return None
    cache = ArticleCache(store)
    shown = story.article_ids[:STORY_ARTICLES]
    cache.load(shown)
    refs = sorted((cache.ref(a) for a in shown), key=_by_date)
    counts = store.story_entities(story.id, 20)
    found = store.get_entities([entity_id for entity_id, _ in counts], articles=False)
    entities = [(found[entity_id], count) for entity_id, count in counts if entity_id in found]
    events = store.events_in(shown)
    points = []
    for item in event_items(store, events, limit=500):
        when = event_date(item.event, item.article)
        if when is not None and item.event.category not in SPEECH_CATEGORIES:
            points.append(
                TimelinePoint(
                    when,
                    event_label(item),
                    "event",
                    item.article,
                    detail=item.event.sentence,
                    category=item.event.category,
                    modality=item.event.modality,
                )
            )
    for ref in refs:
        when = parse_when(ref.published)
        if when is not None:
            points.append(TimelinePoint(when, ref.title or ref.id, "article", ref))
    return StoryView(story, tuple(refs), tuple(entities), tuple(_distinct_sorted(points)))


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

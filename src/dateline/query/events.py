"""Events with their participants named and their article cited, for lists and dossiers."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice

from dateline.query.articles import ArticleCache, ArticleRef
from dateline.query.points import DatePoint, parse_when
from dateline.records import Entity, Event
from dateline.store.interface import Store


@dataclass(frozen=True, slots=True)
class EventItem:
    event: Event
    article: ArticleRef
    actors: tuple[Entity, ...]
    targets: tuple[Entity, ...]

    @property
    def when(self) -> DatePoint | None:
        """When it happened as the text says, else when its article was published."""
        return event_date(self.event, self.article)


#: events made into items at once by :func:`iter_event_items` (their articles and
#: participants read together)
ITEM_CHUNK = 200


def iter_event_items(
    store: Store, events: Iterable[Event], cache: ArticleCache | None = None
) -> Iterator[EventItem]:
    """Each event with its article and its participants' entities, as they come, made
    :data:`ITEM_CHUNK` at a time (one read of their articles and one of their participants,
    not one each: a listing at 1,000,000 articles read an article for every event it passed)."""
    cache = cache or ArticleCache(store)
    remaining = iter(events)
    while chunk := event_items(store, remaining, ITEM_CHUNK, cache):
        yield from chunk


def event_items(
    store: Store, events: Iterable[Event], limit: int = 200, cache: ArticleCache | None = None
) -> list[EventItem]:
    """The first ``limit`` events as items (see :func:`iter_event_items`), their articles
    and participants read together."""
    cache = cache or ArticleCache(store)
    first = list(islice(events, limit))
    cache.load([event.article_id for event in first])
    # names are what an item shows of its participants: their article ids are not read
    entities = store.get_entities(
        sorted({i for event in first for i in (*event.actor_ids, *event.target_ids)}),
        articles=False,
    )

    def named(ids: Sequence[str]) -> tuple[Entity, ...]:
        return tuple(entities[i] for i in ids if i in entities)

    return [
        EventItem(
            event, cache.ref(event.article_id), named(event.actor_ids), named(event.target_ids)
        )
        for event in first
    ]


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

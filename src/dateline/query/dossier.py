"""Everything the corpus knows about one entity: names, roles, articles, company it keeps."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from dateline.link.aliases import resolve_entity_name
from dateline.link.entity_edits import entities_that_may_be_named
from dateline.link.given_names import same_given_name
from dateline.link.names import name_key, name_parts, names_are_variants, part_keys
from dateline.query.articles import ArticleCache, ArticleRef
from dateline.query.events import EventItem, event_date, event_items
from dateline.query.points import DatePoint, TimelinePoint, timeline_of
from dateline.query.quotes import QuoteItem, quotes_of
from dateline.records import Entity
from dateline.store.interface import Store
from dateline.store.summaries import COOCCURRENCE_KEPT

MISSPELLING_MIN_SCORE = 85.0
#: articles a dossier lists and reads its quotes, events and timeline from (the latest; the
#: dossier says how many there are in all): a page's cost stays bounded as the corpus grows
DOSSIER_ARTICLES = 50


#: quotes and events a dossier lists at most (a page, not an archive)
DOSSIER_ITEMS = 200
#: entities a page lists as company kept
RELATED_SHOWN = 15


@dataclass(frozen=True, slots=True)
class Dossier:
    """Everything known about one entity, each item citing its article: names with counts,
    roles, articles, quotes, events, its timeline and the entities it appears with."""

    entity: Entity
    aliases: tuple[tuple[str, int], ...]
    roles: tuple[str, ...]
    articles: tuple[ArticleRef, ...]  # the latest, oldest first
    co_occurring: tuple[tuple[Entity, int], ...]  # entity, number of shared articles
    quotes: tuple[QuoteItem, ...] = ()
    events: tuple[EventItem, ...] = ()
    timeline: tuple[TimelinePoint, ...] = ()
    article_count: int = 0  # all the entity's articles, listed or not

    @property
    def related(self) -> tuple[tuple[Entity, int], ...]:
        """The company kept that pages show: the most frequent first."""
        return self.co_occurring[:RELATED_SHOWN]


def find_entity(store: Store, name: str, articles: bool = True) -> Entity | None:
    """The entity ``name`` designates: an id, a name or alias (case/accent-insensitive), or a
    close misspelling of one (a spelling variant, else the best fuzzy match over 85/100), else
    the one person with that surname and a familiar form of that first name, else the entity
    a run of the name's words names (a qualifier dropped: "Apple Corps" for "Beatles Apple
    Corps")."""
    by_id = store.get_entity(name, articles=articles)
    if by_id is not None:
        return by_id
    # a name or alias, found among the entities that may hold it, as a merge finds it; the
    # rest (a surname, a familiar form, a misspelling) among those with a name sharing a
    # part key (a misspelling that changes both ends of every long part, any letter of every
    # short one, or joins two words into one, is not found: 4 of 860 on real names)
    named = resolve_entity_name(entities_that_may_be_named(store, name), name)
    if named is not None:
        return store.get_entity(named.id, articles=articles)
    found = _find_among(store.entities_with_part_keys(part_keys(name)), name)
    return None if found is None else store.get_entity(found.id, articles=articles)


def _find_among(entities: list[Entity], name: str) -> Entity | None:
    found = resolve_entity_name(entities, name)
    if found is not None or not name_key(name):
        return found
    parts = name_parts(name)
    by_size = sorted(entities, key=lambda e: -sum(count for _, count in e.aliases))
    for entity in by_size:
        if any(names_are_variants(parts, name_parts(alias)) for alias, _ in entity.aliases):
            return entity
    # a surname alone ("Peskov" for "Dmitry Peskov"): the most mentioned name ending with it
    for entity in by_size:
        if any(_ends_with(name_parts(alias), parts) for alias, _ in entity.aliases):
            return entity
    from rapidfuzz import fuzz, process  # only a misspelt name gets this far

    choices: dict[tuple[str, int], str] = {}
    for index, entity in enumerate(by_size):
        for alias, _ in entity.aliases:
            choices[(alias, index)] = name_key(alias)
    best = process.extractOne(
        name_key(name), choices, scorer=fuzz.ratio, score_cutoff=MISSPELLING_MIN_SCORE
    )
    if best is not None:
        return by_size[best[2][1]]
    return _familiar_form(by_size, parts) or _name_inside(entities, name)


def _familiar_form(entities: Sequence[Entity], parts: tuple[str, ...]) -> Entity | None:
    """The one person with the same surname whose first name is a familiar form of the asked
    one, or the other way round ("Fritz Henderson" for "Frederick Henderson", "Bill Smith"
    for "William Smith"); none when two people would fit."""
    if len(parts) < 2:
        return None
    found = {
        entity.id: entity
        for entity in entities
        if entity.label == "PERSON"
        for alias, _ in entity.aliases
        if len(alias_parts := name_parts(alias)) >= 2
        and same_given_name(alias_parts[0], parts[0])
        and names_are_variants(alias_parts[-1:], parts[-1:])
    }
    return next(iter(found.values())) if len(found) == 1 else None


def _name_inside(entities: Sequence[Entity], name: str) -> Entity | None:
    """The entity named by the longest run of two or more of the asked name's words left when
    capitalised words (names, not a common noun that changes the referent, as in "General
    Motors creditors") are dropped from its ends: "Apple Corps" for "Beatles Apple Corps",
    "Boeing 787" for "Boeing 787 Dreamliner"; among runs of one length, the most mentioned."""
    words = name.split()
    for size in range(len(words) - 1, 1, -1):
        found = []
        for start in range(len(words) - size + 1):
            dropped = words[:start] + words[start + size :]
            if not all(word[:1].isupper() for word in dropped):
                continue
            entity = resolve_entity_name(entities, " ".join(words[start : start + size]))
            if entity is not None:
                found.append(entity)
        if found:
            return max(found, key=lambda e: sum(count for _, count in e.aliases))
    return None


def _ends_with(full: tuple[str, ...], tail: tuple[str, ...]) -> bool:
    return len(full) > len(tail) and names_are_variants(full[-len(tail) :], tail)


def build_dossier(
    store: Store,
    entity_id: str,
    co_occurring_limit: int | None = None,
    article_limit: int = DOSSIER_ARTICLES,
    entity_articles: bool = True,
) -> Dossier:
    """The dossier of a stored entity; ``KeyError`` when there is no such entity.

    Bounded for a page: its latest ``article_limit`` articles (and how many there are in
    all), and the quotes, events and timeline found in them (the first :data:`DOSSIER_ITEMS`
    quotes and events, oldest first). The company kept is read from what linking counted over
    all its articles (at most the :data:`COOCCURRENCE_KEPT` most frequent are kept;
    ``co_occurring_limit`` bounds them further). ``entity_articles=False`` reads the entity
    without the ids of all its articles (``article_count`` says how many).
    """
    entity = store.get_entity(entity_id, articles=entity_articles)
    if entity is None:
        raise KeyError(f"no entity with id {entity_id!r}")
    summary = store.entity_summary(entity_id)
    cache = ArticleCache(store)
    latest = store.entity_article_ids(entity_id, limit=article_limit)
    stored = cache.load(latest)
    latest = [article_id for article_id in latest if article_id in stored]
    articles = sorted(
        (cache.ref(article_id) for article_id in latest), key=lambda a: (a.published or "", a.id)
    )
    shared = store.co_occurring(entity_id, limit=co_occurring_limit or COOCCURRENCE_KEPT)
    # names, not article ids: a popular entity's list of them is long to read
    found = store.get_entities([other_id for other_id, _ in shared], articles=False)
    co_occurring = [(found[other_id], count) for other_id, count in shared if other_id in found]
    said = store.quotes_in(latest, speaker_id=entity_id)
    quotes = quotes_of(
        store, entity_id, limit=DOSSIER_ITEMS, cache=cache, article_ids=latest, quotes=said
    )
    took_part = store.events_in(latest, entity_id=entity_id)
    events = event_items(store, took_part, limit=DOSSIER_ITEMS, cache=cache)
    events.sort(
        key=lambda i: (
            (event_date(i.event, i.article) or DatePoint(9999)).ordinal,
            i.article.id,
            i.event.trigger_start,
        )
    )
    return Dossier(
        entity=entity,
        aliases=entity.aliases,
        roles=entity.roles,
        articles=tuple(articles),
        co_occurring=tuple(co_occurring),
        quotes=tuple(quotes),
        events=tuple(events),
        timeline=tuple(
            timeline_of(
                store,
                entity_id,
                quotes=quotes,
                cache=cache,
                article_ids=latest,
                said=said,
                events=took_part,
            )
        ),
        article_count=summary.article_count if summary is not None else len(articles),
    )

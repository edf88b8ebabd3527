"""Everything the corpus knows about one entity: names, roles, articles, company it keeps."""

from __future__ import annotations

from dataclasses import dataclass

from dateline.link.aliases import resolve_entity_name
from dateline.link.names import name_key, name_parts, names_are_variants
from dateline.records import Entity
from dateline.store.interface import Store
from dateline.store.summaries import COOCCURRENCE_KEPT

MISSPELLING_MIN_SCORE = 85.0
#: articles a dossier lists (the latest; the dossier says how many there are in all)
DOSSIER_ARTICLES = 200


@dataclass(frozen=True, slots=True)
class DossierArticle:
    id: str
    title: str
    published: str | None
    published_basis: str | None = None
    published_confidence: float | None = None


@dataclass(frozen=True, slots=True)
class Dossier:
    """An entity's canonical name, aliases with counts, roles, articles, co-occurring entities."""

    entity: Entity
    aliases: tuple[tuple[str, int], ...]
    roles: tuple[str, ...]
    articles: tuple[DossierArticle, ...]  # the latest, oldest first
    co_occurring: tuple[tuple[Entity, int], ...]  # entity, number of shared articles
    article_count: int = 0  # all the entity's articles, listed or not


def find_entity(store: Store, name: str) -> Entity | None:
    """The entity ``name`` designates: an id, a name or alias (case/accent-insensitive), or a
    close misspelling of one (a spelling variant, else the best fuzzy match over 85/100)."""
    by_id = store.get_entity(name)
    if by_id is not None:
        return by_id
    entities = list(store.iter_entities(articles=False))
    found = _find_among(entities, name)
    return None if found is None else store.get_entity(found.id)


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
    return None if best is None else by_size[best[2][1]]


def _ends_with(full: tuple[str, ...], tail: tuple[str, ...]) -> bool:
    return len(full) > len(tail) and names_are_variants(full[-len(tail) :], tail)


def build_dossier(
    store: Store,
    entity_id: str,
    co_occurring_limit: int | None = None,
    article_limit: int = DOSSIER_ARTICLES,
) -> Dossier:
    """The dossier of a stored entity; ``KeyError`` when there is no such entity.

    Reads what linking summarised: the latest ``article_limit`` articles (and how many there
    are in all) and the company kept, counted over all the entity's articles (at most the
    :data:`COOCCURRENCE_KEPT` most frequent are kept; ``co_occurring_limit`` bounds them further).
    """
    entity = store.get_entity(entity_id)
    if entity is None:
        raise KeyError(f"no entity with id {entity_id!r}")
    summary = store.entity_summary(entity_id)
    article_ids = store.entity_article_ids(entity_id, limit=article_limit)
    articles = [
        DossierArticle(
            article.id,
            article.title,
            article.published,
            article.published_basis,
            article.published_confidence,
        )
        for article in store.get_articles(article_ids)
    ]
    co_occurring = []
    for other_id, count in store.co_occurring(
        entity_id, limit=co_occurring_limit or COOCCURRENCE_KEPT
    ):
        other = store.get_entity(other_id)
        if other is not None:
            co_occurring.append((other, count))
    articles.sort(key=lambda a: (a.published or "", a.id))
    return Dossier(
        entity=entity,
        aliases=entity.aliases,
        roles=entity.roles,
        articles=tuple(articles),
        co_occurring=tuple(co_occurring),
        article_count=summary.article_count if summary is not None else len(articles),
    )

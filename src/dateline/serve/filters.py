"""Request filters shared by the REST API and the web pages, validated into one record.

Every filter goes to the store's own :class:`ArticleFilter` (SQL, parameterised; the entity
through the articles linking counted for it, the category through its case-folded rows). A
search applies entity and category to a window of its hits instead (see :func:`search_page`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Annotated

from fastapi import HTTPException, Query

from dateline.api import Corpus
from dateline.query.dates import DateFilterError, parse_date_filter, parse_date_range
from dateline.records import Article, Entity
from dateline.store.budget import QueryBudget
from dateline.store.interface import ArticleFilter, SearchHit

#: How many search hits are scanned at most when entity/category filters are applied on top.
POST_FILTER_WINDOW = 2000

SinceQuery = Annotated[
    str | None,
    Query(max_length=40, description="published on or after (YYYY, YYYY-MM, YYYY-MM-DD)"),
]
UntilQuery = Annotated[
    str | None,
    Query(max_length=40, description="published on or before (YYYY, YYYY-MM, YYYY-MM-DD)"),
]
NewSinceQuery = Annotated[
    str | None,
    Query(
        max_length=40,
        description="stored on or after, UTC (YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS]): what is new",
    ),
]
SourceQuery = Annotated[str | None, Query(max_length=300, description="outlet name")]
LanguageQuery = Annotated[str | None, Query(max_length=20, description="language code")]
EntityQuery = Annotated[
    str | None, Query(max_length=300, description="entity id or name mentioned in the article")
]
CategoryQuery = Annotated[str | None, Query(max_length=200, description="article category")]
LimitQuery = Annotated[int, Query(ge=1, le=200, description="page size")]
OffsetQuery = Annotated[int, Query(ge=0, le=100_000, description="items to skip")]


@dataclass(frozen=True, slots=True)
class Filters:
    since: str | None = None
    until: str | None = None
    source: str | None = None
    language: str | None = None
    entity: Entity | None = None
    category: str | None = None
    added_since: str | None = None

    @property
    def store_filter(self) -> ArticleFilter:
        return ArticleFilter(
            since=self.since,
            until=self.until,
            source=self.source,
            language=self.language,
            added_since=self.added_since,
            entity_id=self.entity.id if self.entity is not None else None,
            category=self.category,
        )


def _blank_to_none(value: str | None) -> str | None:
    return value if value and value.strip() else None


def make_filters(
    corpus: Corpus,
    since: str | None = None,
    until: str | None = None,
    source: str | None = None,
    language: str | None = None,
    entity: str | None = None,
    category: str | None = None,
    new_since: str | None = None,
) -> Filters:
    """Validate raw query values; raises 422 for an impossible date, 404 for no such entity."""
    try:
        since, until = parse_date_range(since, until)
        added_since = parse_date_filter(new_since, "new_since", time_of_day=True)
    except DateFilterError as exc:
        raise HTTPException(422, str(exc)) from None
    found: Entity | None = None
    entity = _blank_to_none(entity)
    if entity is not None:
        found = corpus.entity(entity, articles=False) or corpus.find_entity(entity, articles=False)
        if found is None:
            raise HTTPException(404, f"no entity matches {entity!r}")
    return Filters(
        since=since,
        until=until,
        source=_blank_to_none(source),
        language=_blank_to_none(language),
        entity=found,
        category=_blank_to_none(category),
        added_since=added_since,
    )


def in_date_range(iso: str, since: str | None, until: str | None) -> bool:
    """Whether a (possibly coarse) ISO date overlaps the range; ``2015`` overlaps ``2015-05``."""
    if since and iso < since[: len(iso)]:
        return False
    return not (until and iso[: len(until)] > until)


def page_of_articles(
    corpus: Corpus, filters: Filters, limit: int, offset: int
) -> tuple[int, list[Article]]:
    """(total matches, one page of them) in storage order."""
    base = filters.store_filter
    return corpus.count_articles(base), list(corpus.articles(base, limit, offset))


def search_page(
    corpus: Corpus,
    query: str,
    filters: Filters,
    limit: int,
    offset: int,
    budget: QueryBudget | None = None,
) -> list[SearchHit]:
    """One page of search hits; entity and category filters scan the first
    :data:`POST_FILTER_WINDOW` hits only. (An entity or a category in the search's own SQL
    would walk every match of a common word for a little-used one: an entity's did, past the
    5 s budget at 1,000,000.)"""
    if filters.category is None and filters.entity is None:
        return corpus.search(query, limit, offset, filters.store_filter, budget)
    unnamed = replace(filters.store_filter, entity_id=None, category=None)
    hits = corpus.search(query, POST_FILTER_WINDOW, 0, unnamed, budget)
    # the window's hits that name the entity or are filed so, read by key
    named = ArticleFilter(
        entity_id=filters.store_filter.entity_id, category=filters.store_filter.category
    )
    passing = corpus.articles_passing([hit.article_id for hit in hits], named)
    return [hit for hit in hits if hit.article_id in passing][offset : offset + limit]

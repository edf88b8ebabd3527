"""Request filters shared by the REST API and the web pages, validated into one record.

Dates, source and language go to the store's own :class:`ArticleFilter` (SQL, parameterised);
entity and category are applied on top, since the store has no index for them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
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
    entity_articles: frozenset[str] = frozenset()
    added_since: str | None = None

    @property
    def store_filter(self) -> ArticleFilter:
        return ArticleFilter(
            since=self.since,
            until=self.until,
            source=self.source,
            language=self.language,
            added_since=self.added_since,
        )

    @property
    def post_filtered(self) -> bool:
        return self.entity is not None or self.category is not None

    def accepts(self, article: Article) -> bool:
        """Whether the article passes every filter (the store's ones included)."""
        published = article.published or ""
        if self.since and published < self.since:
            return False
        if self.until and published > self.until + "\uffff":
            return False
        if self.source is not None and article.source != self.source:
            return False
        if self.language is not None and article.language != self.language:
            return False
        if self.entity is not None and article.id not in self.entity_articles:
            return False
        if self.category is not None:
            wanted = self.category.casefold()
            return any(c.casefold() == wanted for c in article.categories)
        return True


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
        found = corpus.entity(entity) or corpus.find_entity(entity)
        if found is None:
            raise HTTPException(404, f"no entity matches {entity!r}")
    return Filters(
        since=since,
        until=until,
        source=_blank_to_none(source),
        language=_blank_to_none(language),
        entity=found,
        category=_blank_to_none(category),
        entity_articles=frozenset(found.article_ids) if found else frozenset(),
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
    if not filters.post_filtered:
        base = filters.store_filter
        return corpus.count_articles(base), list(corpus.articles(base, limit, offset))
    candidates: Iterable[Article | None]
    if filters.entity is not None and filters.added_since is None:
        candidates = (corpus.article(i) for i in filters.entity.article_ids)
    else:
        candidates = corpus.articles(filters.store_filter)
    matches = [a for a in candidates if a is not None and filters.accepts(a)]
    return len(matches), matches[offset : offset + limit]


def search_page(
    corpus: Corpus,
    query: str,
    filters: Filters,
    limit: int,
    offset: int,
    budget: QueryBudget | None = None,
) -> list[SearchHit]:
    """One page of search hits; entity/category filters scan the first hits only."""
    if not filters.post_filtered:
        return corpus.search(query, limit, offset, filters.store_filter, budget)
    hits = corpus.search(query, POST_FILTER_WINDOW, 0, filters.store_filter, budget)

    def accepted(found: Iterable[SearchHit]) -> Iterator[SearchHit]:
        for hit in found:
            article = corpus.article(hit.article_id)
            if article is not None and filters.accepts(article):
                yield hit

    return list(islice(accepted(hits), offset, offset + limit))

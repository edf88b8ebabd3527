"""Search on any string: the full-text query builders never emit syntax errors."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from dateline.api import open_corpus
from dateline.store.interface import (
    HIT_END,
    HIT_START,
    ArticleFilter,
    SearchHit,
    SearchQueryError,
)
from dateline.store.postgres import tsquery
from dateline.store.sql import MAX_PREFIX_TERMS, MAX_SEARCH_TERMS
from dateline.store.sqlite import SQLiteStore, fts_query
from tests.conftest import SEEDS
from tests.fuzz.strategies import any_text, fast

FAST = fast(200)
QUERY_SYNTAX = ['"', "'", "*", "(", ")", "AND", "OR", "NOT", "NEAR", "^", ":", "-", "&", "|", "!"]
queries = st.one_of(
    any_text,
    st.lists(st.one_of(st.sampled_from(QUERY_SYNTAX), st.sampled_from(["Kim", "Putin"]))).map(
        " ".join
    ),
)
FTS_TERM = re.compile(r'"\w+"\*?')
TS_TERM = re.compile(r"'\w+'(?::\*)?")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SQLiteStore]:
    db = tmp_path_factory.mktemp("search") / "c.db"
    with open_corpus(db) as corpus:
        corpus.ingest([SEEDS])
    opened = SQLiteStore(Path(db), read_only=True)
    yield opened
    opened.close()


@FAST
@given(queries)
@example('Kim" OR "1"="1')
@example("NEAR(Kim Putin, 2) NOT *")
@example("ivashéntsov*")
def test_any_query_searches_without_error(store: SQLiteStore, query: str) -> None:
    for hit in _searched(store, query, limit=5):
        assert hit.article_id and hit.snippet.count(HIT_START) == hit.snippet.count(HIT_END)


def _over_the_bounds(query: str) -> bool:
    terms = set(re.findall(r"(\w+)(\*?)", query))
    return len(terms) > MAX_SEARCH_TERMS or sum(bool(p) for _, p in terms) > MAX_PREFIX_TERMS


def _searched(store: SQLiteStore, query: str, **options: Any) -> list[SearchHit]:
    """The hits, or none when the query is refused, which it may be only past the bounds."""
    try:
        return store.search(query, **options)
    except SearchQueryError:
        assert _over_the_bounds(query)
        return []


@fast(60)
@given(queries, st.one_of(st.none(), any_text), st.one_of(st.none(), any_text))
def test_filters_take_any_value(
    store: SQLiteStore, query: str, since: str | None, source: str | None
) -> None:
    _searched(store, query, filters=ArticleFilter(since=since, source=source))
    store.count_articles(ArticleFilter(until=since, language=source))


@FAST
@given(queries)
def test_query_builders_emit_only_quoted_words(query: str) -> None:
    if _over_the_bounds(query):
        with pytest.raises(SearchQueryError):
            fts_query(query)
        return
    fts = fts_query(query)
    assert all(FTS_TERM.fullmatch(term) for term in fts.split(" ") if fts)
    ts = tsquery(query)
    assert all(TS_TERM.fullmatch(term) for term in ts.split(" & ") if ts)
    assert bool(fts) == bool(ts)


def test_seed_names_are_found_whatever_the_decoration(store: SQLiteStore) -> None:
    assert store.search("Kim")
    assert store.search('"kim" AND (putin*)')

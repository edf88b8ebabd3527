"""The category filter of the article list and of search, through the REST API."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from dateline.api import open_corpus
from dateline.records import Article
from dateline.serve.app import create_app

#: (id, categories): the harbour strike is filed under business by one outlet, BUSINESS by
#: another; the election under politics
FILED = (
    ("b1", ("Business",)),
    ("p1", ("Politics", "World")),
    ("b2", ("BUSINESS",)),
    ("p2", ("politics",)),
    ("b3", ("Business", "Local")),
)


@pytest.fixture()
def client(tmp_path: Path) -> Iterator[TestClient]:
    corpus = open_corpus(tmp_path / "corpus.db")
    corpus.store.add_articles(
        [
            Article(
                id=article_id,
                title=f"Report {article_id}",
                text=f"Report {article_id} on the harbour strike and the election.",
                published=f"2026-11-0{n + 1}",
                categories=categories,
            )
            for n, (article_id, categories) in enumerate(FILED)
        ]
    )
    yield TestClient(create_app(corpus))
    corpus.close()


def test_the_article_list_filters_and_counts_by_category(client: TestClient) -> None:
    page = client.get("/api/articles", params={"category": "business", "limit": 2}).json()
    assert page["total"] == 3
    assert [item["id"] for item in page["items"]] == ["b1", "b2"]
    rest = client.get("/api/articles", params={"category": "Business", "offset": 2}).json()
    assert [item["id"] for item in rest["items"]] == ["b3"]
    dated = client.get(
        "/api/articles", params={"category": "POLITICS", "since": "2026-11-03"}
    ).json()
    assert dated["total"] == 1 and dated["items"][0]["id"] == "p2"
    for hostile in ("%", "_usiness", "' OR 1=1 --", "business%"):  # bound, compared whole
        assert client.get("/api/articles", params={"category": hostile}).json()["total"] == 0
    none = client.get("/api/articles", params={"category": "sport"}).json()
    assert none["total"] == 0 and none["items"] == []


def test_a_search_keeps_the_hits_of_the_category(client: TestClient) -> None:
    hits = client.get("/api/search", params={"q": "harbour", "category": "politics"}).json()
    assert sorted(hit["article_id"] for hit in hits["items"]) == ["p1", "p2"]

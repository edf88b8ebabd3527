"""What is new since a moment: articles stored after it and the stories they joined."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from dateline.api import open_corpus
from dateline.records import Article, Story
from dateline.serve import web
from dateline.serve.app import create_app

#: (article id, when it was stored)
STORED = (
    ("old1", "2026-12-01T09:00:00Z"),
    ("old2", "2026-12-02T18:30:00Z"),
    ("new1", "2026-12-03T14:05:00Z"),
)


@pytest.fixture()
def client(tmp_path: Path) -> Iterator[TestClient]:
    corpus = open_corpus(tmp_path / "corpus.db")
    store = corpus.store
    store.add_articles(
        [
            Article(id=i, text=f"Report {i} on the harbour strike.", title=f"Report {i}")
            for i, _ in STORED
        ]
    )
    for article_id, added in STORED:
        store._write("UPDATE articles SET added_at = ? WHERE id = ?", (added, article_id))  # type: ignore[attr-defined]
    store.replace_stories(
        [Story("S_old", "Old", ("old1",)), Story("S_grew", "Grew", ("old2", "new1"))]
    )
    yield TestClient(create_app(corpus))
    corpus.close()


def test_articles_and_stories_new_since_a_time(client: TestClient) -> None:
    def article_ids(new_since: str) -> list[str]:
        page = client.get("/api/articles", params={"new_since": new_since}).json()
        return [item["id"] for item in page["items"]]

    assert article_ids("2026-12-03T14:00") == ["new1"]
    assert article_ids("2026-12-02") == ["old2", "new1"]
    assert article_ids("2026-12-03T14:06") == []
    stories = client.get("/api/stories", params={"new_since": "2026-12-03 14:00"}).json()
    assert [story["id"] for story in stories["items"]] == ["S_grew"]
    assert stories["total"] == 1
    everything = client.get("/api/stories").json()
    assert [story["id"] for story in everything["items"]] == ["S_grew", "S_old"]  # biggest first
    assert everything["total"] == 2
    second = client.get("/api/stories", params={"limit": 1, "offset": 1}).json()
    assert second["total"] == 2 and [story["id"] for story in second["items"]] == ["S_old"]


def test_the_story_pages_go_a_page_at_a_time(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(web, "STORIES_PER_PAGE", 1)
    first = client.get("/stories").text
    assert "Grew" in first and "Old" not in first
    assert "2 stories" in first and "page=2" in first and "previous" not in first
    second = client.get("/stories", params={"page": 2}).text
    assert "Old" in second and "Grew" not in second
    assert "page=1" in second and "next" not in second


def test_a_bad_time_is_refused_with_its_name(client: TestClient) -> None:
    response = client.get("/api/articles", params={"new_since": "2026-12-03T25:00"})
    assert response.status_code == 422
    assert "new_since" in response.text


def test_the_home_page_shows_what_is_new(client: TestClient) -> None:
    page = client.get("/", params={"new_since": "2026-12-03T14:00"})
    assert page.status_code == 200
    assert "stored since 2026-12-03T14:00 (1)" in page.text
    assert "Report new1" in page.text and "Report old1" not in page.text

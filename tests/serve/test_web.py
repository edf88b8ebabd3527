"""The web pages: hostile article fields are shown as text everywhere, never as markup."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from dateline.api import Corpus
from dateline.records import Article
from tests.serve.hostile import (
    ARTICLE_ID,
    BREAKOUT,
    PERSON_ID,
    RAW_ATTACKS,
    SCRIPT,
    STORY_ID,
)
from tests.serve.seed import SeedBuild

HOSTILE_PAGES = (
    "/",
    "/search?q=mallory",
    "/search?q=evil&source=The+<script>alert('xss')</script>+Times",
    f"/articles/{ARTICLE_ID}",
    "/entities",
    "/entities?q=<script>",
    f"/entities/{PERSON_ID}",
    f"/entities/{PERSON_ID}/timeline",
    "/stories",
    f"/stories/{STORY_ID}",
    "/graph",
    "/articles/<script>alert(1)</script>",
    "/search?q=<img src=x onerror=alert(1)>",
)


@pytest.mark.parametrize("path", HOSTILE_PAGES)
def test_hostile_fields_are_escaped(hostile_client: TestClient, path: str) -> None:
    response = hostile_client.get(path)
    assert response.status_code in (200, 404), response.text
    html = response.text
    for attack in RAW_ATTACKS:
        assert attack not in html, (path, attack)
    assert not re.search(r"<script[\s>]", html, re.IGNORECASE)
    assert "javascript:" not in re.sub(r">[^<]*<", "><", html)  # only as text, never in a tag


def test_article_marks_spans_and_keeps_text(hostile_client: TestClient) -> None:
    html = hostile_client.get(f"/articles/{ARTICLE_ID}").text
    body = html.split('id="article-body">', 1)[1].split("</div>", 1)[0]
    assert f'href="/entities/{PERSON_ID}"' in body
    assert 'class="timex"' in body and "quote quote-direct" in body
    assert "&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;" in body
    assert "\x02" not in html and "\x03" not in html


def test_search_highlights_only_the_markers(hostile_client: TestClient) -> None:
    html = hostile_client.get("/search?q=twice").text
    assert "<mark>twice</mark>" in html


def test_seed_pages_render(seed_client: TestClient, seed_build: SeedBuild) -> None:
    seed_build.require_linked()
    dossier = seed_client.get("/entity?name=Ivashentsov", follow_redirects=True)
    assert dossier.status_code == 200
    assert dossier.text.count('<blockquote class="quote') >= 3
    assert "<svg" in dossier.text
    search = seed_client.get("/search?q=Kim+Jong-un").text
    assert "<mark>" in search
    assert seed_client.get("/entity?name=Nobody+Qwerty").status_code == 404
    assert seed_client.get("/search?since=2014-99-99").status_code == 422
    assert "<svg" in seed_client.get("/graph").text


def test_timeline_page_says_how_each_date_was_obtained(
    seed_client: TestClient, seed_build: SeedBuild
) -> None:
    seed_build.require_linked()
    dossier = seed_client.get("/entity?name=Kim+Jong-un", follow_redirects=True)
    timeline = seed_client.get(str(dossier.url).rstrip("/") + "/timeline")
    assert timeline.status_code == 200
    assert "stated in the text" in timeline.text
    assert "article date, inferred" in timeline.text


def test_timeline_page_loads_older_articles(
    seed_client: TestClient, seed_corpus: Corpus, seed_build: SeedBuild
) -> None:
    seed_build.require_linked()
    entity = seed_corpus.entities()[0]
    latest = seed_corpus.timeline_page(entity.id, articles=1).article_ids[0]
    first = seed_client.get(f"/entities/{entity.id}/timeline")
    assert "The latest articles." in first.text and 'id="older"' not in first.text
    older = seed_client.get(f"/entities/{entity.id}/timeline", params={"before": latest})
    assert older.status_code == 200
    assert "Older articles." in older.text and "← latest" in older.text
    refused = seed_client.get(f"/entities/{entity.id}/timeline", params={"before": "nope"})
    assert refused.status_code == 422


def test_upload_page_ingests_and_refuses(hostile_client: TestClient) -> None:
    assert 'enctype="multipart/form-data"' in hostile_client.get("/upload").text
    text = b"Talks in Vladivostok\n\nVladimir Putin met Kim Jong-un in Vladivostok on Thursday.\n"
    done = hostile_client.post("/upload", files=[("files", ("talks.txt", text, "text/plain"))])
    assert done.status_code == 200 and "1 new" in done.text
    refused = hostile_client.post(
        "/upload", files=[("files", ("<script>.exe", b"MZ\x00", "application/octet-stream"))]
    )
    assert refused.status_code == 415
    assert "unsupported file type" in refused.text and "<script>" not in refused.text


def test_article_annotations_api(hostile_client: TestClient) -> None:
    found = hostile_client.get(f"/api/articles/{ARTICLE_ID}/annotations").json()
    assert [m["entity_id"] for m in found["mentions"]] == [PERSON_ID, "Ehostileorg00001"]
    assert found["quotes"][0]["speaker_id"] == PERSON_ID
    assert found["events"][0]["actor_ids"] == ["Ehostileorg00001"]


GUESSED_ID = "9uessed000000001"
UNDATED_ID = "undated000000001"


def _add_uncertain_articles(corpus: Corpus) -> None:
    """A guessed date and an undated article with a window, both with hostile titles."""
    corpus.store.add_articles(
        [
            Article(
                id=GUESSED_ID,
                text=f"Ministers met on Friday, March 5. {SCRIPT} Quarterly figures followed.",
                title=f"Guessed {SCRIPT}",
                source=f"Wire {BREAKOUT}",
                published="2004-03-05",
                published_basis="inferred",
                published_confidence=0.75,
                published_range=("2004-02-27", "2004-03-12"),
            ),
            Article(
                id=UNDATED_ID,
                text=f"Quarterly figures were released at 1800 GMT. {BREAKOUT}",
                title=f"Undated {BREAKOUT}",
                published=None,
                published_basis="undated",
                published_range=("2004-01-01", "2005-12-31"),
            ),
        ]
    )


def test_pages_show_dates_as_the_cli_does(
    hostile_client: TestClient, hostile_corpus: Corpus
) -> None:
    """Firm dates plain, a guess as "~DATE (NN%)" with its basis, undated with its window:
    on the home page, each article page and the search hits, with every title escaped."""
    _add_uncertain_articles(hostile_corpus)
    pages = {
        "/": hostile_client.get("/").text,
        "guess": hostile_client.get(f"/articles/{GUESSED_ID}").text,
        "undated": hostile_client.get(f"/articles/{UNDATED_ID}").text,
        "search": hostile_client.get("/search?q=quarterly+figures").text,
    }
    for name, html in pages.items():
        for attack in RAW_ATTACKS:
            assert attack not in html, (name, attack)
    guess, window = "~2004-03-05 (75%)", "undated (2004-01-01 … 2005-12-31)"
    assert guess in pages["/"] and window in pages["/"] and "2019-04-25" in pages["/"]
    assert guess in pages["guess"] and '<span class="tag">inferred</span>' in pages["guess"]
    assert window in pages["undated"] and "2004-03-05" not in pages["undated"]
    assert guess in pages["search"] and window in pages["search"]


def test_stories_keep_the_precision_of_their_dates(
    seed_client: TestClient, seed_build: SeedBuild
) -> None:
    """The 2019 seed is dated by its file name to the year: its story shows 2019, never the
    middle day clustering counts it as; the 2014 seed's guessed day shows as a guess."""
    seed_build.require_linked()
    stories = seed_client.get("/stories").text
    assert ">2019<" in stories and ">2014-12-19<" in stories
    assert "2019-07-02" not in stories
    home = seed_client.get("/").text
    assert "~2014-12-19 (75%)" in home and "2019-07-02" not in home


def test_search_pages_stop_where_ranking_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dateline.api import open_corpus
    from dateline.serve.app import create_app
    from dateline.store import sqlite

    corpus = open_corpus(tmp_path / "ferries.db")
    corpus.store.add_articles(
        [
            Article(id=f"f{n:02d}", text=f"The ferry crossing number {n} was calm.", title="Ferry")
            for n in range(40)
        ]
    )
    monkeypatch.setattr(sqlite, "SEARCH_CANDIDATES", 25)  # 2 pages of 20
    client = TestClient(create_app(corpus))
    first = client.get("/search", params={"q": "ferry"})
    assert first.status_code == 200 and "page=2" in first.text
    last = client.get("/search", params={"q": "ferry", "page": 2})
    assert last.status_code == 200 and "page=3" not in last.text
    assert "ranks the latest 25 matches" in last.text
    past = client.get("/search", params={"q": "ferry", "page": 3})
    assert past.status_code == 422 and "ranks the latest 25 matches" in past.text
    corpus.close()

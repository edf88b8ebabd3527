"""Search ranks a bounded set of candidates (the latest matches) and stays relevant: on real
news text (ECB+ training documents, read from the shared datasets at test time) a document's
own headline finds it among the first three, in every backend, however few candidates are
ranked; a word found in most articles does not change the order bm25 gives."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from dateline.records import Article
from dateline.store import postgres, sqlite
from dateline.store.sql import SQLStore
from dateline.store.sqlite import SQLiteStore

#: share of ECB+ training documents found among the first three by their headline's words
#: (on 2026-12-03, with 2,000 candidates or 30: SQLite 0.899 / 0.897, PostgreSQL 0.949 / 0.949)
KNOWN_ITEM_FLOOR = 0.86


def _cap_candidates(monkeypatch: pytest.MonkeyPatch, count: int) -> None:
    monkeypatch.setattr(sqlite, "SEARCH_CANDIDATES", count)
    monkeypatch.setattr(postgres, "SEARCH_CANDIDATES", count)


@pytest.fixture(scope="module")
def ecbplus_articles() -> list[Article]:
    from dateline.evaluate import ecbplus

    if not (ecbplus.DEFAULT_ROOT / "doc_index.tsv").is_file():
        pytest.skip(f"ECB+ not found at {ecbplus.DEFAULT_ROOT}")
    return [
        Article(
            id=f"ecb{number:04d}",
            text=f"{document.title}\n\n{document.text}" if document.text else document.title,
            title=document.title,
            published=document.published.isoformat() if document.published else None,
        )
        for number, document in enumerate(ecbplus.load_documents(("train",)))
    ]


def _headline_query(title: str) -> str:
    """The first four distinct words of four letters or more of a headline."""
    return " ".join(list(dict.fromkeys(w for w in re.findall(r"\w+", title) if len(w) >= 4))[:4])


@pytest.mark.parametrize("candidates", [2000, 30])
def test_a_headline_finds_its_article(
    store: SQLStore,
    ecbplus_articles: list[Article],
    monkeypatch: pytest.MonkeyPatch,
    candidates: int,
) -> None:
    store.add_articles(ecbplus_articles)
    _cap_candidates(monkeypatch, candidates)
    asked = found = 0
    for article in ecbplus_articles:
        query = _headline_query(article.title)
        if query:
            asked += 1
            found += article.id in [hit.article_id for hit in store.search(query, limit=3)]
    assert asked > 500
    assert found / asked >= KNOWN_ITEM_FLOOR


def _articles(texts: list[str]) -> Iterator[Article]:
    for number, text in enumerate(texts):
        yield Article(id=f"n{number}", text=text, title=f"Note {number}", published="2024-05-01")


def test_the_latest_matches_are_ranked(store: SQLStore, monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [f"The ferry crossing number {n} was calm." for n in range(6)]
    texts[0] = "Ferry, ferry, ferry: the ferry strike closed every ferry crossing."
    store.add_articles(list(_articles(texts)))
    assert store.search("ferry", limit=1)[0].article_id == "n0"  # the best of all six
    _cap_candidates(monkeypatch, 3)
    found = [hit.article_id for hit in store.search("ferry", limit=10)]
    assert sorted(found) == ["n3", "n4", "n5"]  # the three stored last, n0 not among them


def test_pages_stop_at_the_candidates(store: SQLStore, monkeypatch: pytest.MonkeyPatch) -> None:
    store.add_articles(list(_articles([f"The ferry crossing number {n}." for n in range(7)])))
    _cap_candidates(monkeypatch, 4)
    assert store.search_candidates == 4
    pages = [store.search("ferry", limit=3, offset=offset) for offset in (0, 3, 4)]
    found = [hit.article_id for page in pages[:2] for hit in page]
    assert len(found) == len(set(found)) == 4  # every ranked match once, then nothing
    assert pages[2] == []


def test_a_word_in_most_articles_weighs_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    store = SQLiteStore(":memory:")
    texts = [
        "The council met on Tuesday about the harbour.",
        "The council met again; the harbour, the harbour dues and the harbour wall.",
        "The council met to hear the budget.",
        "The council met and adjourned.",
        "The council met in private.",
    ]
    store.add_articles(list(_articles(texts)))
    monkeypatch.setattr(sqlite, "SHARE_SAMPLE", 2)  # small enough to judge five articles
    # "council" is in every article: bm25 gives it no weight, and neither does the search
    both = [hit.article_id for hit in store.search("council harbour")]
    assert both == [hit.article_id for hit in store.search("harbour")] == ["n1", "n0"]
    # a query of such words alone is answered newest first
    assert [hit.article_id for hit in store.search("council met")] == ["n4", "n3", "n2", "n1", "n0"]
    assert all(hit.snippet for hit in store.search("council met"))
    store.close()


def test_a_name_finds_the_article_about_that_person_first(store: SQLStore) -> None:
    about = (
        "Ines Carvalho, the harbour engineer, rebuilt the sea wall. Carvalho said the wall "
        "would hold; Ines Carvalho has inspected it every winter since."
    )
    passing = "The harbour board met on Monday; among others Ines Carvalho attended, briefly."
    other = "The harbour board met on Monday to discuss the ferry timetable and the dues."
    texts = [about] + [passing if n % 3 == 0 else other for n in range(60)]
    store.add_articles(list(_articles(texts)))  # the article about her is the oldest
    found = [hit.article_id for hit in store.search("Ines Carvalho", limit=5)]
    assert found[0] == "n0"
    assert len(store.search("Ines Carvalho", limit=50)) == 21

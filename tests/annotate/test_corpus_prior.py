"""The corpus prior: undated articles dated by the articles ingested with them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from dateline.annotate.corpus_prior import CORPUS_CONFIDENCE, group_of, prior_date
from dateline.api import open_corpus
from dateline.records import Article

DAYS = [dt.date(2019, 4, 22), dt.date(2019, 4, 25), dt.date(2019, 5, 2)]


def test_close_sibling_dates_give_a_range_a_week_wider_and_their_median() -> None:
    dated = prior_date(Article(id="a", text="t", published_basis="undated"), DAYS)
    assert dated is not None
    assert (dated.published, dated.published_basis) == ("2019-04-25", "corpus")
    assert dated.published_range == ("2019-04-15", "2019-05-09")
    assert dated.published_confidence == CORPUS_CONFIDENCE


def test_too_few_or_too_spread_siblings_say_nothing() -> None:
    article = Article(id="a", text="t")
    assert prior_date(article, DAYS[:2]) is None
    assert prior_date(article, [*DAYS, dt.date(2020, 1, 1)]) is None


def test_the_article_s_own_window_bounds_the_prior() -> None:
    article = Article(id="a", text="t", published_range=("2019-04-28", "2019-12-31"))
    dated = prior_date(article, DAYS)
    assert dated is not None and dated.published_range == ("2019-04-28", "2019-05-09")
    assert dated.published == "2019-04-28"
    outside = Article(id="b", text="t", published_range=("2020-01-01", "2020-12-31"))
    assert prior_date(outside, DAYS) is None


def test_groups_are_folders_of_files_and_containers_of_records() -> None:
    text = Article(id="a", text="t", path="/news/a.txt", input_format="text")
    dump = Article(id="b", text="t", path="/news/d.jsonl", input_format="jsonl")
    assert (group_of(text), group_of(dump)) == ("/news", "/news/d.jsonl")
    assert group_of(Article(id="c", text="t")) is None


def test_an_undated_file_takes_the_dates_of_its_folder(tmp_path: Path) -> None:
    folder = tmp_path / "feed"
    folder.mkdir()
    for number, day in enumerate(DAYS):
        name = f"{day.isoformat()}-story{number}.txt"
        (folder / name).write_text(
            f"Story {number}\n\nThe port authority reported {number + 3} new berths today.",
            encoding="utf-8",
        )
    (folder / "later.txt").write_text(
        "Cranes\n\nThe harbour cranes stopped at 1800 GMT yesterday after a power cut.",
        encoding="utf-8",
    )
    with open_corpus(tmp_path / "c.db") as corpus:
        corpus.ingest_and_annotate([folder])
        articles = {article.title: article for article in corpus.articles()}
        cranes = articles["Cranes"]
        assert (cranes.published, cranes.published_basis) == ("2019-04-25", "corpus")
        times = corpus.annotations(cranes.id).times
    assert articles["Story 0"].published_basis == "path"
    # its relative dates are resolved against the corpus date, as inferred
    yesterday = next(t for t in times if t.text == "yesterday")
    assert (yesterday.value, yesterday.basis) == ("2019-04-24", "inferred")

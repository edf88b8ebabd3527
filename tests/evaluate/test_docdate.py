"""``dateline evaluate docdate``: hidden creation dates inferred back through the product."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from typer.testing import CliRunner

from dateline.cli import app
from dateline.evaluate.docdate import (
    CORPORA,
    DatedDocument,
    Outcome,
    evaluate,
    load_corpus,
    score,
    user_window,
)


def test_scores_count_coverage_accuracy_and_calibration() -> None:
    day = dt.date(2019, 4, 25)
    outcomes = [
        Outcome("a", day, day, "inferred", day, day + dt.timedelta(days=7), 0.8),
        Outcome(
            "a",
            day,
            day.replace(year=2017),
            "inferred",
            day.replace(year=2017),
            day.replace(year=2017),
            0.8,
        ),
        Outcome("a", day, None, "undated", None, None, None),
        Outcome("a", day, None, "undated", day.replace(month=1), day.replace(month=12), None),
    ]
    scores = score(outcomes)["all"]
    assert scores.documents == 4 and scores.dated == 2
    assert scores.coverage == 0.5
    assert scores.share(scores.within_week) == 0.5
    assert scores.off_over_year_of_all == 0.25
    assert abs(scores.ece - 0.3) < 1e-9  # both at 0.8, one range of two held
    assert scores.reliability() == [("0.8–0.9", 2, 0.8, 0.5)]
    assert (scores.undated_with_range, scores.undated_range_holds) == (1, 1)


def test_the_held_out_stock_market_corpus_and_the_datelines_stay_out(datasets_dir: Path) -> None:
    wikinews = load_corpus("wikinews", datasets_dir)
    assert len(wikinews) == 120  # 150 less the 30 stock-market articles
    assert all(not doc.text.startswith(doc.created.strftime("%B")) for doc in wikinews)


def test_floors_on_a_subset_through_the_product(datasets_dir: Path) -> None:
    # 12 documents of each corpus; the whole run's figures are in docs/time.md
    scores = evaluate(CORPORA, limit=12, root=datasets_dir)["all"]
    assert scores.documents == 60
    assert scores.off_over_year_of_all <= 0.02
    assert scores.coverage >= 0.05
    assert scores.share(scores.within_week) >= 0.8


def test_the_command_prints_the_table(datasets_dir: Path) -> None:
    result = CliRunner().invoke(
        app,
        [
            "evaluate",
            "docdate",
            "--corpora",
            "ecbplus",
            "--limit",
            "6",
            "--datasets",
            str(datasets_dir),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "off > 1 y" in result.output and "ecbplus" in result.output
    bad = CliRunner().invoke(app, ["evaluate", "docdate", "--corpora", "nope"])
    assert bad.exit_code == 2


def test_the_corpus_prior_dates_hidden_siblings_of_dated_articles(datasets_dir: Path) -> None:
    # half of each newswire folder keeps its date; the folders of one month date the rest
    scores = evaluate(("silver",), limit=48, root=datasets_dir, reveal=0.5)["all"]
    assert scores.documents == 24
    assert scores.bases.get("corpus", 0) >= 8
    held = scores.held_by_basis["corpus"]
    assert held[1] >= held[0] - 1
    assert scores.off_over_year_of_all == 0.0


def test_a_user_window_holds_the_date_without_giving_the_year_away() -> None:
    document = DatedDocument("c", "n", "", "text", dt.date(2005, 3, 4))
    windows = {user_window(document, number, 2) for number in range(4)}
    assert windows == {"2004-01-01..2005-12-31", "2005-01-01..2006-12-31"}

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from dateline.cli import app

runner = CliRunner()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, " ".join(result.output.split())


def test_timeline_dates_every_line_and_says_how(seed_corpus_db: Path) -> None:
    code, output = run("timeline", "Kim Jong-un", "--db", str(seed_corpus_db))
    assert code == 0, output
    assert "2015-05-09 (stated in the text)" in output
    assert "[refused]" in output and "summit" in output
    # the seeds' dates are inferred: an event dated only by its article is approximate
    dated, approximate = output.split("Approximate: dated only by a guessed article date")
    assert "around 2014-12-19 (article date, inferred" in approximate
    assert "around" not in dated
    for lane in (dated, approximate):
        dates = re.findall(r"\b(\d{4}(?:-\d\d){0,2}) \(", lane)
        assert dates == sorted(dates), "each lane is in time order"


def test_quotes_by_a_misspelled_speaker(seed_corpus_db: Path) -> None:
    code, output = run("quotes", "--by", "Ivastentsov", "--db", str(seed_corpus_db))
    assert code == 0, output
    assert "good time" in output
    assert "It is true that such an invitation was sent" not in output


def test_unknown_entity_is_one_clear_line(seed_corpus_db: Path) -> None:
    code, output = run("timeline", "Nobody Qwertyuiop", "--db", str(seed_corpus_db))
    assert code == 1
    assert "no entity named" in output


def test_evaluate_meantime_events_prints_precision_and_recall(datasets_dir: Path) -> None:
    del datasets_dir  # the command reads ../shared/datasets itself; the fixture skips without it
    result = runner.invoke(app, ["evaluate", "meantime-events", "--limit", "3"])
    assert result.exit_code == 0, result.output
    assert "pairs" in result.output and "actor" in result.output and "target" in result.output

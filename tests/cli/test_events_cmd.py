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


def test_a_timeline_reads_its_entitys_articles_a_page_at_a_time(seed_corpus_db: Path) -> None:
    """Latest first, as the API pages them: the page says which articles it read and how to
    read the older ones; the pages together, or --all, are the whole timeline."""
    db = ("--db", str(seed_corpus_db))
    code, whole = run("timeline", "Kim Jong-un", *db)
    assert code == 0 and "articles naming" not in whole  # every article fits the first page
    code, latest = run("timeline", "Kim Jong-un", "--articles", "1", *db)
    assert code == 0, latest
    assert "from 1 of the 2 articles naming Kim Jong-un, latest first" in latest
    cursor = re.search(r"--before (\S+);", latest)
    assert cursor is not None and "every article: --all" in latest
    code, older = run("timeline", "Kim Jong-un", "--articles", "1", "--before", cursor[1], *db)
    assert code == 0 and "--before" not in older.split("latest first")[-1]
    assert "2015-05-09" in latest + older  # what the whole timeline holds, on one page or other
    assert run("timeline", "Kim Jong-un", "--all", *db)[1] == whole
    code, refused = run("timeline", "Kim Jong-un", "--before", "nope", *db)
    assert code == 2 and "is not an article naming Kim Jong-un" in refused


def test_quotes_of_a_speaker_read_the_same_pages(seed_corpus_db: Path) -> None:
    """Ivashentsov is named in one seed: its one page is every quote of his, and says so
    by saying nothing of other pages."""
    db = ("--db", str(seed_corpus_db))
    code, whole = run("quotes", "--by", "Ivastentsov", "--all", *db)
    assert code == 0 and "good time" in whole
    assert run("quotes", "--by", "Ivastentsov", "--articles", "1", *db)[1] == whole
    code, refused = run("quotes", "--by", "Ivastentsov", "--before", "nope", *db)
    assert code == 2 and "is not an article naming" in refused

"""The ``dateline times`` and ``dateline evaluate tempeval`` commands."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

import dateline.cli.time_cmd  # noqa: F401  (registers the commands)
from dateline.cli.app import app
from tests.conftest import SEED_2014

runner = CliRunner()


def test_times_lists_expressions_with_a_given_date() -> None:
    result = runner.invoke(app, ["times", str(SEED_2014), "--date", "2014-12-19"])
    assert result.exit_code == 0, result.output
    assert "2014-11-17/2014-11-24" in result.output
    assert "Ten years ago" in result.output


def test_times_infers_the_date_when_none_is_given() -> None:
    result = runner.invoke(app, ["times", str(SEED_2014)])
    assert result.exit_code == 0, result.output
    assert "document date: 2014-12-19 (inferred" in result.output


def test_times_rejects_a_bad_date_and_a_missing_file(tmp_path: Path) -> None:
    bad_date = runner.invoke(app, ["times", str(SEED_2014), "--date", "2014-13-45"])
    assert bad_date.exit_code == 2
    missing = runner.invoke(app, ["times", str(tmp_path / "nope.txt")])
    assert missing.exit_code == 2


def test_evaluate_tempeval_prints_the_table(datasets_dir: Path) -> None:
    result = runner.invoke(app, ["evaluate", "tempeval", "--split", "timebank", "--limit", "5"])
    assert result.exit_code == 0, result.output
    assert "relaxed span" in result.output and "value" in result.output


def test_evaluate_tempeval_rejects_an_unknown_split() -> None:
    result = runner.invoke(app, ["evaluate", "tempeval", "--split", "nope"])
    assert result.exit_code == 2

"""The ``dateline times`` and ``dateline evaluate tempeval`` commands."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from dateline.api import open_corpus
from dateline.cli import app
from dateline.query.render import describe_value
from tests.conftest import SEED_2014
from tests.query.test_stories import build_seed_corpus

runner = CliRunner(env={"COLUMNS": "250"})


def test_times_lists_expressions_with_a_given_date() -> None:
    result = runner.invoke(app, ["times", "--file", str(SEED_2014), "--date", "2014-12-19"])
    assert result.exit_code == 0, result.output
    assert "2014-11-17/2014-11-24" in result.output
    assert "Ten years ago" in result.output


def test_times_infers_the_date_when_none_is_given() -> None:
    result = runner.invoke(app, ["times", "--file", str(SEED_2014)])
    assert result.exit_code == 0, result.output
    assert "document date: 2014-12-19 (inferred" in result.output


def test_times_rejects_a_bad_date_and_a_missing_file(tmp_path: Path) -> None:
    bad_date = runner.invoke(app, ["times", "--file", str(SEED_2014), "--date", "2014-13-45"])
    assert bad_date.exit_code == 2
    missing = runner.invoke(app, ["times", "--file", str(tmp_path / "nope.txt")])
    assert missing.exit_code == 2


def test_evaluate_tempeval_prints_the_table(datasets_dir: Path) -> None:
    result = runner.invoke(app, ["evaluate", "tempeval", "--split", "timebank", "--limit", "5"])
    assert result.exit_code == 0, result.output
    assert "relaxed span" in result.output and "value" in result.output


def test_evaluate_tempeval_rejects_an_unknown_split() -> None:
    result = runner.invoke(app, ["evaluate", "tempeval", "--split", "nope"])
    assert result.exit_code == 2


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_seed_corpus(tmp_path_factory.mktemp("cli-times"))


def test_times_of_a_stored_article_are_the_ones_show_lists(db: Path) -> None:
    with open_corpus(db) as corpus:
        article = next(iter(corpus.articles()))
        stored = corpus.annotations(article.id).times
    assert stored
    listed = runner.invoke(app, ["times", article.id[:8], "--db", str(db)])
    assert listed.exit_code == 0, listed.output
    assert f"reference {article.published}" in listed.output
    shown = runner.invoke(app, ["show", article.id[:8], "--db", str(db)])
    for expression in stored:
        assert expression.value in listed.output
        assert describe_value(expression.value) in listed.output
        assert f"→ {describe_value(expression.value)} ({expression.basis})" in shown.output


@pytest.mark.parametrize(
    "args",
    [
        ["times"],
        ["times", "abc", "--file", "x.txt"],
        ["times", "abc", "--date", "2020-01-01"],
    ],
)
def test_times_wants_one_article_id_or_one_file(db: Path, args: list[str]) -> None:
    result = runner.invoke(app, [*args, "--db", str(db)])
    assert result.exit_code == 2, result.output

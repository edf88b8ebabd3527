"""The story commands on the seed corpus, and their one-line errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

import dateline.cli.stories_cmd  # noqa: F401  (registers the commands)
from dateline.api import open_corpus
from dateline.cli.app import app
from dateline.cli.articles_cmd import SHOW_LIMIT
from tests.query.test_stories import build_seed_corpus

runner = CliRunner(env={"COLUMNS": "200"})


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_seed_corpus(tmp_path_factory.mktemp("cli-stories"))


def test_stories_story_and_related(db: Path) -> None:
    listed = runner.invoke(app, ["stories", "--db", str(db)])
    assert listed.exit_code == 0, listed.output
    assert "Putin Invites Kim" in listed.output
    story_id = next(word for word in listed.output.split() if word.startswith("s-"))
    shown = runner.invoke(app, ["story", story_id, "--db", str(db)])
    assert shown.exit_code == 0, shown.output
    assert "thread" in shown.output and "refers back" in shown.output
    related = runner.invoke(app, ["related", "47333d", "--db", str(db)])
    assert related.exit_code == 0, related.output
    assert "same story" in related.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["story", "nothing-like-this"], "no story matches"),
        (["related", "zzzz"], "no article matches"),
    ],
)
def test_bad_input_is_one_clear_line(db: Path, args: list[str], message: str) -> None:
    result = runner.invoke(app, [*args, "--db", str(db)])
    assert result.exit_code == 1
    assert message in result.output


def test_evaluate_ecbplus_rejects_unknown_split(tmp_path: Path) -> None:
    result = runner.invoke(app, ["evaluate", "ecbplus", "--split", "holdout"])
    assert result.exit_code == 1
    assert "topics must be one of" in result.output


def test_evaluate_ecbplus_rejects_unknown_inputs() -> None:
    result = runner.invoke(app, ["evaluate", "ecbplus", "--inputs", "gold"])
    assert result.exit_code == 1
    assert "unknown input mode 'gold'" in result.output


RAW_CODE = re.compile(r"_REF\b|\d{4}-\d{2}-\d{2}T(MO|AF|EV|NI)|\d{4}-W\d{2}|\d{4}-Q\d")


def test_show_and_timeline_never_show_raw_timex_codes(db: Path) -> None:
    listed = runner.invoke(app, ["articles", "--db", str(db)])
    ids = [word for word in listed.output.split() if re.fullmatch(r"[0-9a-f]{10}", word)]
    assert ids, listed.output
    for article_id in ids:
        shown = runner.invoke(app, ["show", article_id, "--db", str(db)])
        assert shown.exit_code == 0, shown.output
        assert "  time  " in shown.output
        assert RAW_CODE.search(shown.output) is None, shown.output


def test_show_lists_mentions_by_entity_and_events_and_all_of_them_with_all(db: Path) -> None:
    with open_corpus(db) as corpus:
        article = max(corpus.articles(), key=lambda a: len(corpus.annotations(a.id).events))
        found = corpus.annotations(article.id)
    assert len(found.events) > SHOW_LIMIT
    bounded = runner.invoke(app, ["show", article.id, "--db", str(db)])
    every = runner.invoke(app, ["show", article.id, "--all", "--db", str(db)])
    assert bounded.exit_code == 0 and every.exit_code == 0, bounded.output
    assert "entity Vladimir Putin (PERSON):" in every.output
    assert "“Putin”" in every.output
    event_lines = [line for line in every.output.splitlines() if line.startswith("  event  ")]
    assert len(event_lines) == len(found.events)
    assert sum(line.startswith("  event  ") for line in bounded.output.splitlines()) == SHOW_LIMIT
    assert f"… {len(found.events) - SHOW_LIMIT} more events (--all lists them)" in bounded.output

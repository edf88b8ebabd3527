"""What every command shares: a missing corpus is never created, a URL never shows a password."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import dateline.cli.serve_cmd  # noqa: F401 - registers serve and report
from dateline.cli import app

runner = CliRunner()

READ_OR_CHANGE = [
    ["articles"],
    ["search", "council"],
    ["show", "abc"],
    ["times", "abc"],
    ["entities"],
    ["dossier", "Somebody"],
    ["timeline", "Somebody"],
    ["quotes"],
    ["events"],
    ["stories"],
    ["story", "abc"],
    ["related", "abc"],
    ["export"],
    ["report"],
    ["serve"],
    ["annotate"],
    ["link"],
    ["set-date", "abc", "2020-01-01"],
    ["entity", "rename", "A", "B"],
]


@pytest.mark.parametrize("command", READ_OR_CHANGE, ids=lambda c: c[0])
def test_commands_on_a_missing_corpus_say_so_and_create_nothing(
    command: list[str], tmp_path: Path
) -> None:
    typo = tmp_path / "typo.db"
    result = runner.invoke(app, [*command, "--db", str(typo)])
    assert result.exit_code == 2, result.output
    assert "no corpus at" in result.output
    assert not typo.exists() and list(tmp_path.iterdir()) == []


def test_ingest_still_creates_a_corpus(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "A title\n\nThe council voted on Tuesday to close the old bridge.", encoding="utf-8"
    )
    db = tmp_path / "new.db"
    result = runner.invoke(
        app, ["ingest", str(tmp_path / "a.txt"), "--db", str(db), "--no-annotate"]
    )
    assert result.exit_code == 0, result.output
    assert db.is_file()


def test_a_database_url_never_shows_its_password(monkeypatch: pytest.MonkeyPatch) -> None:
    url = "postgresql://reader:S3cretPW@127.0.0.1:1/news?connect_timeout=1"
    result = runner.invoke(app, ["articles", "--db", url])
    assert result.exit_code == 2
    assert "S3cretPW" not in result.output
    assert "postgresql://reader:***@127.0.0.1:1/news" in result.output.replace("\n", "")


def test_a_costly_search_is_one_error_line(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "A title\n\nThe council voted on Tuesday to close the old bridge.", encoding="utf-8"
    )
    db = str(tmp_path / "c.db")
    runner.invoke(app, ["ingest", str(tmp_path / "a.txt"), "--db", db, "--no-annotate"])
    result = runner.invoke(app, ["search", "a* b* c* d* e*", "--db", db])
    assert result.exit_code == 2 and "at most 4 words ending in *" in result.output
    assert runner.invoke(app, ["search", "coun* " * 50, "--db", db]).exit_code == 0


def test_version_prints_the_package_version() -> None:
    from dateline import __version__

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"dateline {__version__}"

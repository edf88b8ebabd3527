"""Untrusted text on the terminal: control characters escaped in everything the CLI prints."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from dateline.cli import app
from dateline.cli.articles_cmd import EXIT_SKIPPED
from dateline.cli.text import SafeConsole, printable, printable_text

runner = CliRunner()

CLEAR_SCREEN = "\x1b[2J"
SET_TITLE = "\x1b]0;owned\x07"


def test_printable_writes_controls_as_visible_escapes() -> None:
    assert printable(f"a{CLEAR_SCREEN}b") == "a\\x1b[2Jb"
    assert printable("two\nlines") == "two\\nlines"
    assert printable("[bold]not markup[/bold]") == "\\[bold]not markup\\[/bold]"
    assert printable("\u202eevil") == "\\u202eevil"
    assert printable_text("para one\npara two\x1b") == "para one\npara two\\x1b"
    assert printable("x" * 1000, limit=10) == "x" * 9 + "…"


def test_the_console_never_passes_an_escape_through(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    with out.open("w", encoding="utf-8") as handle:
        SafeConsole(file=handle, highlight=False).print(f"raw {CLEAR_SCREEN}{SET_TITLE} line")
    written = out.read_text(encoding="utf-8")
    assert "\x1b" not in written and "\x07" not in written
    assert "\\x1b" in written


def _hostile_jsonl(folder: Path) -> Path:
    record = {
        "title": f"Council {CLEAR_SCREEN}votes",
        "text": "The council voted on Tuesday to close the old bridge for repairs. " * 3,
        "source": f"Daily{SET_TITLE} Bugle",
        "author": f"A. Writer{CLEAR_SCREEN}",
        "url": f"https://example.org/a{CLEAR_SCREEN}",
        "published": "2020-03-04",
    }
    path = folder / "feed.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    return path


def test_metadata_and_file_names_are_escaped_in_every_command(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    _hostile_jsonl(folder)
    (folder / f"bad{CLEAR_SCREEN}\nname.txt").write_text("", encoding="utf-8")
    db = str(tmp_path / "c.db")
    ingested = runner.invoke(app, ["ingest", str(folder), "--db", db, "--no-annotate"])
    assert ingested.exit_code == EXIT_SKIPPED, ingested.output
    skip_lines = [line for line in ingested.output.splitlines() if "name.txt" in line]
    assert len(skip_lines) == 1 and "bad\\x1b[2J\\nname.txt" in skip_lines[0]
    outputs = [ingested.output]
    for command in (["articles"], ["search", "council"]):
        result = runner.invoke(app, [*command, "--db", db])
        assert result.exit_code == 0, result.output
        outputs.append(result.output)
    article_id = outputs[-1].split()[0]
    shown = runner.invoke(app, ["show", article_id, "--db", db])
    assert shown.exit_code == 0, shown.output
    assert "Daily\\x1b]0;owned\\x07 Bugle" in shown.output
    outputs.append(shown.output)
    for output in outputs:
        assert "\x1b" not in output and "\x07" not in output

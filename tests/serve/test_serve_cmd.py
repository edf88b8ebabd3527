"""`dateline serve` and `dateline report` on the command line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import dateline.cli.serve_cmd  # noqa: F401 - registers the commands
from dateline.cli.app import app
from tests.serve.seed import SeedBuild

runner = CliRunner()


def test_serve_refuses_other_hosts_without_a_token(seed_build: SeedBuild) -> None:
    result = runner.invoke(app, ["serve", "--db", str(seed_build.path), "--host", "0.0.0.0"])
    assert result.exit_code == 2
    assert "token" in result.output


def test_serve_starts_uvicorn_on_loopback(
    seed_build: SeedBuild, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: calls.append(kwargs))
    result = runner.invoke(app, ["serve", "--db", str(seed_build.path), "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert calls == [{"host": "127.0.0.1", "port": 8123, "log_level": "info", "access_log": False}]
    monkeypatch.setenv("DATELINE_TOKEN", "t0ken")
    result = runner.invoke(app, ["serve", "--db", str(seed_build.path), "--host", "0.0.0.0"])
    assert result.exit_code == 0, result.output
    assert calls[-1]["host"] == "0.0.0.0"


def test_serve_needs_an_existing_corpus(tmp_path: Path) -> None:
    result = runner.invoke(app, ["serve", "--db", str(tmp_path / "missing.db")])
    assert result.exit_code == 2 and "no corpus" in result.output


def test_report_command(seed_build: SeedBuild, tmp_path: Path) -> None:
    seed_build.require_linked()
    out = tmp_path / "kim.html"
    result = runner.invoke(
        app, ["report", "--db", str(seed_build.path), "--entity", "Kim Jong-un", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "Kim Jong-un" in out.read_text(encoding="utf-8")
    missing = runner.invoke(
        app, ["report", "--db", str(seed_build.path), "--entity", "Nobody Qwerty", "-o", str(out)]
    )
    assert missing.exit_code == 1 and "no entity" in missing.output
    corpus_report = runner.invoke(
        app, ["report", "--db", str(seed_build.path), "-o", str(tmp_path / "all.html")]
    )
    assert corpus_report.exit_code == 0

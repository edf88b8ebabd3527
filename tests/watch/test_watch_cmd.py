from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dateline.api import open_corpus
from dateline.cli import app
from tests.conftest import REPO
from tests.watch.feedserver import FeedServer, Route, item_url, rss

runner = CliRunner()


def test_watch_once_then_status(server: FeedServer, tmp_path: Path) -> None:
    server.routes["/news.rss"] = Route(rss(server.base, [1, 2]))
    db = str(tmp_path / "c.db")
    feeds = [server.url("/news.rss"), server.url("/gone.rss")]
    args = ["watch", *feeds, "--db", db, "--once", "--no-annotate", "--timeout", "2"]
    result = runner.invoke(app, args, env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "cycle: 2 polled (0 not due yet), 2 new, 1 failed" in result.output
    status = runner.invoke(app, ["watch", "--status", "--db", db], env={"COLUMNS": "200"})
    assert status.exit_code == 0, status.output
    line = next(row for row in status.output.splitlines() if "/gone.rss" in row)
    assert "404" in line and "1: HTTP 404" in line
    assert "200" in next(row for row in status.output.splitlines() if "/news.rss" in row)


def test_other_commands_do_not_load_the_watch_machinery() -> None:
    code = "import sys, dateline.cli; print('dateline.watch.watcher' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_watch_refuses_a_bad_source(tmp_path: Path) -> None:
    result = runner.invoke(app, ["watch", str(tmp_path / "nowhere"), "--db", str(tmp_path / "c")])
    assert result.exit_code == 2
    assert "no such file or folder" in result.output
    assert runner.invoke(app, ["watch", "--db", str(tmp_path / "c")]).exit_code == 2


def _watch(db: Path, feeds: list[str]) -> subprocess.Popen[str]:
    env = {**os.environ, "COLUMNS": "300", "PYTHONUNBUFFERED": "1"}
    args = ["watch", *feeds, "--db", str(db), "--once", "--no-annotate", "--quiet"]
    args += ["--interval", "0"]  # every run polls every feed
    return subprocess.Popen(
        [sys.executable, "-m", "dateline", *args],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _kill_at(process: subprocess.Popen[str], marker: str) -> str:
    """SIGKILL the watch as soon as it prints a line holding ``marker``; what it printed."""
    assert process.stdout is not None
    seen = []
    for line in process.stdout:
        seen.append(line)
        if marker in line:
            process.send_signal(signal.SIGKILL)
            break
    process.wait(timeout=60)
    return "".join(seen)


def _urls(db: Path) -> list[str | None]:
    with open_corpus(db) as corpus:
        return sorted(article.url for article in corpus.articles())


def test_a_watch_killed_mid_batch_loses_nothing_and_repeats_nothing(
    server: FeedServer, tmp_path: Path
) -> None:
    numbers = {"/a.rss": range(0, 40), "/b.rss": range(100, 140), "/c.rss": range(200, 240)}
    for path, items in numbers.items():
        # b and c answer late, so the kill finds a's batch done and theirs not started
        server.routes[path] = Route(
            rss(server.base, list(items)), delay=0 if path == "/a.rss" else 2.0
        )
    feeds = [server.url(path) for path in numbers]
    db = tmp_path / "c.db"
    expected = sorted(item_url(server.base, n) for items in numbers.values() for n in items)

    # killed while a's batch is being ingested
    output = _kill_at(_watch(db, feeds), "/a.rss: ingesting 40 items")
    assert "/a.rss: ingesting 40 items" in output and "Traceback" not in output
    committed = _urls(db) if db.exists() else []
    assert len(committed) == len(set(committed))

    # killed after a's batch and state were committed
    output = _kill_at(_watch(db, feeds), "/a.rss: 200, ")
    assert "/a.rss: 200, " in output
    after_first = _urls(db)
    with open_corpus(db) as corpus:
        assert server.url("/a.rss") in corpus.store.get_watch_states()
    assert set(committed) <= set(after_first)
    assert {item_url(server.base, n) for n in numbers["/a.rss"]} <= set(after_first)
    assert len(after_first) == len(set(after_first))

    # a full run brings in the rest, and nothing twice
    finished = _watch(db, feeds)
    out, _ = finished.communicate(timeout=120)
    assert finished.returncode == 0, out
    assert _urls(db) == expected
    for path in numbers:  # new ETags: every feed is read in full again
        server.routes[path].body += b"\n"
    rerun = _watch(db, feeds)
    out, _ = rerun.communicate(timeout=120)
    assert "cycle: 3 polled (0 not due yet), 0 new" in out
    assert out.count(", 0 new") == 4 and _urls(db) == expected


@pytest.mark.parametrize(
    "stop",
    [
        signal.SIGTERM,
        # SIGINT to a watch a script started in the background, so with SIGINT ignored
        signal.SIGINT,
    ],
)
def test_sigterm_and_sigint_stop_the_loop_cleanly(
    server: FeedServer, tmp_path: Path, stop: signal.Signals
) -> None:
    server.routes["/a.rss"] = Route(rss(server.base, [1]))
    env = {**os.environ, "COLUMNS": "300", "PYTHONUNBUFFERED": "1"}
    args = ["watch", server.url("/a.rss"), "--db", str(tmp_path / "c.db"), "--no-annotate"]
    command = [sys.executable, "-m", "dateline", *args, "--quiet", "--interval", "3600"]
    if stop == signal.SIGINT:
        command = ["sh", "-c", 'trap "" INT; exec "$0" "$@"', *command]
    process = subprocess.Popen(
        command,
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith("cycle:"):
            break
    time.sleep(0.2)
    process.send_signal(stop)
    out = process.stdout.read()
    assert process.wait(timeout=30) == 0
    assert f"stopping after the current batch ({stop.name})" in out

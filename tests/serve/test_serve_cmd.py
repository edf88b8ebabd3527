"""`dateline serve` and `dateline report` on the command line."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import dateline.cli.serve_cmd  # noqa: F401 - registers the commands
from dateline.cli.app import app
from tests.serve.seed import SeedBuild

runner = CliRunner()
#: the server in this process (the default is one process per core)
ONE_PROCESS = ["serve", "--workers", "1"]


def test_serve_refuses_other_hosts_without_a_token(seed_build: SeedBuild) -> None:
    result = runner.invoke(app, ["serve", "--db", str(seed_build.path), "--host", "0.0.0.0"])
    assert result.exit_code == 2
    assert "token" in result.output


def test_serve_starts_the_server_on_loopback(
    seed_build: SeedBuild, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dateline.serve import server

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(server, "run_server", lambda app, **kwargs: calls.append(kwargs))
    result = runner.invoke(app, [*ONE_PROCESS, "--db", str(seed_build.path), "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert calls[-1]["host"] == "127.0.0.1" and calls[-1]["port"] == 8123
    limits = calls[-1]["limits"]
    assert limits.header_seconds > 0 and limits.max_connections == 64
    monkeypatch.setenv("DATELINE_TOKEN", "t0ken")
    result = runner.invoke(app, [*ONE_PROCESS, "--db", str(seed_build.path), "--host", "0.0.0.0"])
    assert result.exit_code == 0, result.output
    assert calls[-1]["host"] == "0.0.0.0"


def test_serve_runs_one_process_per_core_by_default(
    seed_build: SeedBuild, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dateline.serve import server

    started: list[int] = []
    monkeypatch.setattr(server, "default_workers", lambda: 3)
    monkeypatch.setattr(
        server, "run_workers", lambda make_app, **kwargs: started.append(kwargs["workers"])
    )
    result = runner.invoke(app, ["serve", "--db", str(seed_build.path)])
    assert result.exit_code == 0, result.output
    assert started == [3] and "3 worker processes" in result.output


def test_serve_runs_pages_on_two_threads_a_process_unless_told(
    seed_build: SeedBuild, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dateline.serve import server

    threads: list[int] = []
    monkeypatch.setattr(
        server, "run_workers", lambda make_app, **kwargs: threads.append(kwargs["limits"].threads)
    )
    for asked in ([], ["--threads", "3"]):
        result = runner.invoke(
            app, ["serve", "--workers", "2", "--db", str(seed_build.path), *asked]
        )
        assert result.exit_code == 0, result.output
    assert threads == [2, 3]
    result = runner.invoke(app, ["serve", "--threads", "0", "--db", str(seed_build.path)])
    assert result.exit_code == 2


def test_the_server_maps_the_file_its_readers_read(
    seed_build: SeedBuild, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dateline.serve import server
    from dateline.store.sqlite import READ_MMAP_BYTES

    apps: list[Any] = []
    monkeypatch.setattr(server, "run_server", lambda app, **kwargs: apps.append(app))
    monkeypatch.setattr(server, "run_workers", lambda make_app, **kwargs: apps.append(make_app()))
    for workers in ("1", "2"):
        result = runner.invoke(app, ["serve", "--workers", workers, "--db", str(seed_build.path)])
        assert result.exit_code == 0, result.output
    assert [served.state.corpus.store.read_mmap_bytes for served in apps] == [READ_MMAP_BYTES] * 2
    apps[-1].state.corpus.close()  # the one a worker would have kept open


def test_the_default_is_the_cores_this_process_may_use() -> None:
    import os

    from dateline.serve.server import default_workers

    cores = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
    assert default_workers() == (len(cores) if cores else os.cpu_count() or 1)


def test_serve_on_ipv6_loopback_checks_the_host_as_on_ipv4(
    seed_build: SeedBuild, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fastapi.testclient import TestClient

    from dateline.serve import server

    served: list[Any] = []
    monkeypatch.setattr(server, "run_server", lambda app, **kwargs: served.append(app))
    result = runner.invoke(app, [*ONE_PROCESS, "--db", str(seed_build.path), "--host", "::1"])
    assert result.exit_code == 0, result.output
    assert "http://[::1]:8000/" in result.output
    client = TestClient(served[0])
    files = [("files", ("a.txt", b"Some text about Moscow.", "text/plain"))]
    evil = {"Host": "evil.example:8716", "Origin": "http://evil.example:8716"}
    assert client.post("/api/ingest?annotate=false", files=files, headers=evil).status_code == 400
    assert client.get("/api/stats", headers={"Host": "[::1]:8716"}).status_code == 200


def test_serve_shows_a_database_url_without_its_password(
    seed_build: SeedBuild, monkeypatch: pytest.MonkeyPatch
) -> None:
    from contextlib import contextmanager

    from dateline.api import open_corpus
    from dateline.cli import serve_cmd
    from dateline.serve import server

    @contextmanager
    def seed_corpus(db: str, **options: Any) -> Iterator[Any]:
        with open_corpus(seed_build.path) as corpus:
            yield corpus

    monkeypatch.setattr(serve_cmd, "open_cli_corpus", seed_corpus)
    monkeypatch.setattr(server, "run_server", lambda app, **kwargs: None)
    url = "postgresql://reader:S3cretPW@db.example/news"
    result = runner.invoke(app, [*ONE_PROCESS, "--db", url])
    assert result.exit_code == 0, result.output
    assert "S3cretPW" not in result.output
    assert "serving postgresql://reader:***@db.example/news at" in result.output


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


def test_serve_with_workers_answers_from_several_processes_and_stops(
    seed_build: SeedBuild,
) -> None:
    import os
    import signal
    import socket
    import subprocess
    import sys
    import time

    import httpx

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "dateline", "serve", "--db", str(seed_build.path)]
    server = subprocess.Popen([*command, "--port", str(port), "--workers", "2"])
    try:
        deadline = time.monotonic() + 60
        answered = 0
        while time.monotonic() < deadline and answered < 10:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/api/stats", timeout=5)
                assert response.status_code == 200
                assert response.json()["articles"] == 2
                answered += 1
            except httpx.TransportError:
                time.sleep(0.3)
        assert answered == 10
        listed = Path(f"/proc/{server.pid}/task/{server.pid}/children")  # Linux
        workers = listed.read_text().split() if listed.exists() else []
        assert len(workers) == 2 or not listed.exists()
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=30) == 0
        assert not [pid for pid in workers if os.path.exists(f"/proc/{pid}/stat")]
    finally:
        if server.poll() is None:
            server.kill()

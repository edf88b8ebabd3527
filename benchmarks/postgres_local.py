"""A PostgreSQL server on loopback for the benchmarks, whose data stays in a folder.

The tests' server (``tests/store/postgres_server.py``) is thrown away after a session; a
benchmark store of 100,000 articles takes many minutes to build, so this one keeps its data
in ``folder`` and is started again on it by the next run. Uses the Debian packages the tests
install (``/usr/lib/postgresql/*/bin``); the server runs as the ``postgres`` user when
started as root, with ``fsync`` off (a benchmark store, not a corpus to keep).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the tests' server helpers
from tests.store.postgres_server import (
    PostgresUnavailable,
    _binaries,
    _free_port,
    _install,
)


def _as_user() -> list[str]:
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


def _run(*args: str) -> None:
    subprocess.run([*_as_user(), *args], check=True, capture_output=True, text=True)


@contextmanager
def local_postgres(folder: Path) -> Iterator[tuple[str, int]]:
    """Starts a server on the data in ``folder`` (made on first use), yields its admin URL
    and the server's process id, and stops it afterwards (the data stays)."""
    binaries = _binaries()
    if binaries is None:
        _install()
        binaries = _binaries()
    if binaries is None:
        raise PostgresUnavailable("initdb not found after installing PostgreSQL")
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    data = folder / "db"
    if not data.exists():
        _run(str(binaries / "initdb"), "-D", str(data), "-U", "dateline", "--auth=trust")
    port = _free_port()
    _run(
        str(binaries / "pg_ctl"),
        "-D",
        str(data),
        "-w",
        "-l",
        str(folder / "log"),
        "-o",
        f"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off -c shared_buffers=512MB",
        "start",
    )
    try:
        pid = int((data / "postmaster.pid").read_text().split()[0])
        yield f"postgresql://dateline@127.0.0.1:{port}/postgres", pid
    finally:
        subprocess.run(
            [*_as_user(), str(binaries / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"],
            capture_output=True,
        )


def database_url(admin_url: str, name: str) -> str:
    """The URL of database ``name`` on the server, created when missing."""
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as admin:
        found = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if found is None:
            admin.execute(f'CREATE DATABASE "{name}"')
    return admin_url.rsplit("/", 1)[0] + f"/{name}"


def tree_cpu_seconds(pid: int) -> float:
    """CPU seconds (user + system) of process ``pid`` and its children now alive (a
    PostgreSQL server's backends are its children), from /proc (Linux)."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(entry.name) == pid:  # with its children that have ended
            total += sum(int(field) for field in fields[11:15]) / tick
        elif int(fields[1]) == pid:
            total += (int(fields[11]) + int(fields[12])) / tick
    return total

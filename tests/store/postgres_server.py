"""A PostgreSQL server on loopback for the tests and the benchmarks, installed from Debian
if missing: the one starter both use.

``postgres_server()`` is a throw-away server (the tests'); ``postgres_server(folder)`` keeps
its data in ``folder`` and is started again on it by the next run (a benchmark store of a
million articles is not rebuilt each time). Either way it runs as the ``postgres`` user when
started as root, with ``fsync`` off: a store for a test or a benchmark, not a corpus to keep.

Set DATELINE_TEST_POSTGRES to a server URL to use that one instead of a throw-away server. In
CI (CI=true) a server that cannot be had is a failure, elsewhere a skip.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

#: What every server started here runs with (a store to test or measure, not to keep).
SETTINGS = {
    "listen_addresses": "127.0.0.1",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
}


class PostgresUnavailable(RuntimeError):
    pass


def postgres_binaries() -> Path:
    """The folder of ``initdb`` and ``pg_ctl``, installing PostgreSQL when it is missing."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        _install()
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        raise PostgresUnavailable("initdb not found after installing PostgreSQL")
    return Path(found[-1]).parent


def _install() -> None:
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        raise PostgresUnavailable("PostgreSQL is not installed and cannot be (not root or no apt)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=False, env=env, capture_output=True)
    result = subprocess.run(
        [
            "apt-get",
            "install",
            "-y",
            "-qq",
            "--no-install-recommends",
            "postgresql",
            "postgresql-contrib",
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise PostgresUnavailable(f"apt-get install postgresql failed: {result.stderr[-500:]}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_user() -> list[str]:
    # the server refuses to run as root
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


def _run(*args: str) -> None:
    subprocess.run([*_as_user(), *args], check=True, capture_output=True, text=True)


@contextmanager
def postgres_server(
    folder: Path | None = None, settings: Mapping[str, str] | None = None
) -> Iterator[str]:
    """Yields the admin URL of a server on loopback and stops it afterwards.

    With ``folder`` the data lives in ``folder/db`` (made on first use) and stays; without,
    the server and its files are thrown away (or DATELINE_TEST_POSTGRES's server is used).
    ``settings`` are server settings on top of :data:`SETTINGS`; the server's process id is
    in ``folder/db/postmaster.pid`` while it runs (:func:`server_pid`).
    """
    if folder is None and os.environ.get("DATELINE_TEST_POSTGRES"):
        yield os.environ["DATELINE_TEST_POSTGRES"]
        return
    binaries = postgres_binaries()
    keep = folder is not None
    root = folder if folder is not None else Path(tempfile.mkdtemp(prefix="dateline-pg-"))
    root.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    data = root / "db"
    port = free_port()
    options = {**SETTINGS, "port": str(port), "unix_socket_directories": str(root)}
    options.update(settings or {})
    try:
        if not data.exists():
            _run(
                str(binaries / "initdb"),
                "-D",
                str(data),
                "-U",
                "dateline",
                "--auth=trust",
                "--no-sync",
            )
        _run(
            str(binaries / "pg_ctl"),
            "-D",
            str(data),
            "-w",
            "-l",
            str(root / "log"),
            "-o",
            " ".join(f"-c {key}={value}" for key, value in options.items()),
            "start",
        )
    except subprocess.CalledProcessError as exc:
        if not keep:
            shutil.rmtree(root, ignore_errors=True)
        raise PostgresUnavailable(f"could not start PostgreSQL: {exc.stderr[-500:]}") from exc
    try:
        yield f"postgresql://dateline@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            [
                *_as_user(),
                str(binaries / "pg_ctl"),
                "-D",
                str(data),
                "-m",
                "fast" if keep else "immediate",
                "stop",
            ],
            capture_output=True,
        )
        if not keep:
            shutil.rmtree(root, ignore_errors=True)


def server_pid(folder: Path) -> int:
    """The process id of the server running on the data in ``folder`` (its backends are
    its children)."""
    return int((folder / "db" / "postmaster.pid").read_text().split()[0])


def database_url(admin_url: str, name: str) -> str:
    """The URL of database ``name`` on the server, created when missing."""
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as admin:
        found = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if found is None:
            admin.execute(f'CREATE DATABASE "{name}"')
    return admin_url.rsplit("/", 1)[0] + f"/{name}"

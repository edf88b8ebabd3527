"""A private PostgreSQL server for the tests, on loopback, installed from Debian if missing.

Set DATELINE_TEST_POSTGRES to a server URL to use that one instead. In CI (CI=true) a server
that cannot be had is a failure, elsewhere a skip.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class PostgresUnavailable(RuntimeError):
    pass


def _binaries() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


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


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def postgres_server() -> Iterator[str]:
    """Yields an admin URL of a throw-away server; the server and its files go afterwards."""
    if os.environ.get("DATELINE_TEST_POSTGRES"):
        yield os.environ["DATELINE_TEST_POSTGRES"]
        return
    binaries = _binaries()
    if binaries is None:
        _install()
        binaries = _binaries()
    if binaries is None:
        raise PostgresUnavailable("initdb not found after installing PostgreSQL")
    data = Path(tempfile.mkdtemp(prefix="dateline-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:  # the server refuses to run as root
        shutil.chown(data, "postgres", "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    port = _free_port()
    run = lambda *args: subprocess.run(  # noqa: E731
        [*as_user, *args], check=True, capture_output=True, text=True
    )
    try:
        run(
            str(binaries / "initdb"),
            "-D",
            str(data / "db"),
            "-U",
            "dateline",
            "--auth=trust",
            "--no-sync",
        )
        run(
            str(binaries / "pg_ctl"),
            "-D",
            str(data / "db"),
            "-w",
            "-l",
            str(data / "log"),
            "-o",
            f"-c listen_addresses=127.0.0.1 -p {port} -k {data} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off",
            "start",
        )
    except subprocess.CalledProcessError as exc:
        shutil.rmtree(data, ignore_errors=True)
        raise PostgresUnavailable(f"could not start PostgreSQL: {exc.stderr[-500:]}") from exc
    try:
        yield f"postgresql://dateline@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            [*as_user, str(binaries / "pg_ctl"), "-D", str(data / "db"), "-m", "immediate", "stop"],
            capture_output=True,
        )
        shutil.rmtree(data, ignore_errors=True)

"""A PostgreSQL server on loopback for the benchmarks, whose data stays in a folder, and the
CPU time of its processes.

The server is the tests' starter (``tests/store/postgres_server.py``) given a folder: a
benchmark store of a million articles takes many minutes to build, so its data stays in
``folder`` and the next run starts a server on it again.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the one PostgreSQL starter
from tests.store.postgres_server import database_url, postgres_server, server_pid

__all__ = ["database_url", "local_postgres", "tree_cpu_seconds"]

#: A benchmark server's settings beyond the starter's own: room for a million-article
#: store's hot pages, and for building its indexes after a bulk load; and the cache kept
#: from one run to the next (pg_prewarm's autoprewarm reads back at start the pages that were
#: cached at the last stop), as a server in service has it warm: started empty, the first
#: requests copied each page they read from the kernel's cache, 2 ms of database CPU a
#: dossier at 100,000 articles (4.2 cold, 2.2 warm)
BENCHMARK_SETTINGS = {
    "shared_buffers": "512MB",
    "maintenance_work_mem": "256MB",
    "shared_preload_libraries": "pg_prewarm",
}


@contextmanager
def local_postgres(folder: Path) -> Iterator[tuple[str, int]]:
    """Starts a server on the data in ``folder`` (made on first use), yields its admin URL
    and the server's process id, and stops it afterwards (the data stays)."""
    with postgres_server(folder, BENCHMARK_SETTINGS) as admin_url:
        yield admin_url, server_pid(folder)


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

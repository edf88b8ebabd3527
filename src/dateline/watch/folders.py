"""A watched folder: which files are new or changed since they were last ingested."""

from __future__ import annotations

import os
from pathlib import Path


def scan_folder(folder: Path, include_hidden: bool = False) -> dict[str, tuple[int, int, float]]:
    """Every file under ``folder`` by relative path: (size, mtime in ns, mtime in seconds)."""
    found: dict[str, tuple[int, int, float]] = {}
    for root, dirs, files in os.walk(folder):
        if not include_hidden:
            dirs[:] = [name for name in dirs if not name.startswith(".")]
        for name in files:
            if not include_hidden and name.startswith("."):
                continue
            path = Path(root) / name
            try:
                info = path.stat()
            except OSError:  # removed while we looked
                continue
            found[path.relative_to(folder).as_posix()] = (
                info.st_size,
                info.st_mtime_ns,
                info.st_mtime,
            )
    return found


def files_to_ingest(
    current: dict[str, tuple[int, int, float]],
    done: dict[str, list[int]],
    now: float,
    settle: float,
) -> list[str]:
    """The files that are new or changed, and have not been written to for ``settle`` seconds
    (a file still being copied in waits for the next poll)."""
    return sorted(
        name
        for name, (size, mtime_ns, mtime) in current.items()
        if done.get(name) != [size, mtime_ns] and now - mtime >= settle
    )

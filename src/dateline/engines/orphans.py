"""Worker processes that never outlive the process that started them.

A ``kill -9`` of ``dateline annotate --workers N`` gives the workers no chance to be told: on
Linux the kernel sends them SIGKILL when their parent dies (``PR_SET_PDEATHSIG``), and on any
system a watchdog thread in each worker checks every second that its parent is still the one
that started it, and exits when it is not.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time

_PR_SET_PDEATHSIG = 1


def _kernel_kills_us_with_parent() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _orphaned(parent: int, spawner: int) -> bool:
    # our own parent changes the moment it dies (even while it is an unreaped zombie); the
    # process that asked for us may be another one (a fork server), so check it too
    return os.getppid() != spawner or not _alive(parent)


def _watch(parent: int, spawner: int, poll_seconds: float) -> None:
    while True:
        time.sleep(poll_seconds)
        if _orphaned(parent, spawner):
            os._exit(1)  # nothing to clean up that anybody still wants


def exit_with_parent(parent: int | None = None, *, poll_seconds: float = 1.0) -> None:
    """Call first thing in a worker process: it ends when ``parent`` (the process that asked
    for it; by default its own parent) or its own parent dies."""
    spawner = os.getppid()
    parent = spawner if parent is None else parent
    _kernel_kills_us_with_parent()
    if not _alive(parent):  # it died before the kernel was told
        os._exit(1)
    threading.Thread(
        target=_watch, args=(parent, spawner, poll_seconds), name="exit-with-parent", daemon=True
    ).start()

"""Workers die with their parent, even when the parent is killed with SIGKILL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

PARENT = """
import os, sys, time
from concurrent.futures import ProcessPoolExecutor
from dateline.engines.orphans import exit_with_parent
import dateline.engines.orphans as orphans

if sys.argv[1] == "watchdog-only":
    orphans._kernel_kills_us_with_parent = lambda: False

def pid(_):
    time.sleep(0.2)
    return os.getpid()

if __name__ == "__main__":
    pool = ProcessPoolExecutor(2, initializer=exit_with_parent, initargs=(os.getpid(),))
    pids = set(pool.map(pid, range(8)))
    print(" ".join(map(str, sorted(pids))), flush=True)
    time.sleep(600)
"""


def _running(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return False
    return "\nState:\tZ" not in status  # a zombie has already exited


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("mode", ["kernel", "watchdog-only"])
def test_workers_exit_when_the_parent_is_killed(tmp_path: Path, mode: str) -> None:
    script = tmp_path / "parent.py"
    script.write_text(PARENT, encoding="utf-8")
    parent = subprocess.Popen(
        [sys.executable, str(script), mode], stdout=subprocess.PIPE, text=True
    )
    try:
        assert parent.stdout is not None
        workers = [int(pid) for pid in parent.stdout.readline().split()]
        assert workers and all(_running(pid) for pid in workers)
        os.kill(parent.pid, signal.SIGKILL)
        deadline = time.monotonic() + 20
        while any(_running(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_running(pid) for pid in workers)
    finally:
        parent.kill()
        parent.wait()

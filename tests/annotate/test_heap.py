"""The annotating process keeps freed memory in its heap (glibc's mallopt)."""

from __future__ import annotations

import platform
import subprocess
import sys

import pytest

from dateline.annotate.heap import keep_freed_memory

GLIBC = sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"


@pytest.mark.skipif(not GLIBC, reason="mallopt is glibc's")
def test_glibc_takes_the_setting() -> None:
    assert keep_freed_memory() is True
    assert keep_freed_memory() is True  # once a process: the second call is a no-op


@pytest.mark.skipif(not GLIBC, reason="mallopt is glibc's")
def test_a_freed_batch_sized_array_is_reused_without_faulting_its_pages_again() -> None:
    # In a fresh process: allocate, touch and free an array the size of a batch's token
    # vectors, twice. With the setting the second round reuses the heap's pages; glibc's
    # default hands them back and faults them in again.
    script = (
        "import resource, sys, numpy as np\n"
        "from dateline.annotate.heap import keep_freed_memory\n"
        "if sys.argv[1] == 'keep': keep_freed_memory()\n"
        "def faults(): return resource.getrusage(resource.RUSAGE_SELF).ru_minflt\n"
        "for round in range(2):\n"
        "    before = faults()\n"
        "    a = np.ones(2_000_000, dtype=np.float32); del a\n"
        "print(faults() - before)\n"
    )
    kept, default = (
        int(
            subprocess.run(
                [sys.executable, "-c", script, mode], capture_output=True, text=True, check=True
            ).stdout
        )
        for mode in ("keep", "default")
    )
    assert kept < 100 <= default

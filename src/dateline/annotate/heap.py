"""Keep freed memory in an annotating process's heap instead of handing it back to the system.

Parsing a batch allocates and frees the same few large arrays (a batch's token vectors) and
many small objects, over and over. glibc's default returns the top of the heap to the system
as soon as 128 KiB are free, and serves every array over its (moving) threshold with a fresh
``mmap``: the next batch then faults the same pages in again, each one zeroed by the kernel.
Over the TempEval-3 silver text that was about 300 page faults and 3 ms of system time an
article in an annotating process. Holding the freed memory costs no more than the process's
peak, which it reaches in its first batches anyway (workers are also replaced every 100
chunks, :mod:`dateline.engines.local`).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import sys

# mallopt parameters (malloc.h)
M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
# Arrays up to this size come from the heap and are reused there (glibc's own ceiling for its
# moving threshold on 64-bit systems).
MMAP_THRESHOLD_BYTES = 32 * 1024 * 1024
# The heap's free top is returned to the system only past this.
TRIM_THRESHOLD_BYTES = 256 * 1024 * 1024


@functools.cache
def keep_freed_memory() -> bool:
    """Tell glibc's allocator to keep freed memory for reuse; whether it took (False where
    the C library is not glibc, or mallopt refused). Once per process; forked children
    inherit it."""
    if not sys.platform.startswith("linux"):
        return False
    name = ctypes.util.find_library("c")
    if name is None:
        return False
    try:
        libc = ctypes.CDLL(name)
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # not glibc (musl has no mallopt)
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    mmap_set: int = mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES)
    trim_set: int = mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD_BYTES)
    return mmap_set == 1 and trim_set == 1

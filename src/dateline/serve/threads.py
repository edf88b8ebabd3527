"""The threads a server process runs requests' work on.

Pages and searches are Python work that holds the interpreter lock most of the time, so in
one process they take turns whatever the thread count, and each extra thread only adds
hand-offs of the lock (SQLite gives it up and takes it back on every step). At 100,000
articles with 8 requests in flight over two processes (``benchmarks/bench_serve.py``,
``docs/benchmarks/serve.md``), a dossier cost 11-13 CPU ms with anyio's default of 40
threads a process and 6-7 ms with one or two, and p95 fell with it. So a process runs its
pages on :data:`READING_THREADS` threads: two rather than one, so that a slow page (an
export, a search walking to its time budget) does not hold every page behind it
(``dateline serve --threads N``).

Uploads and corrections mostly wait (on an upload's child process, on SQLite's write lock),
so they run on threads of their own, :func:`run_write`, and never take a reading thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar, TypeVarTuple, Unpack

import anyio.to_thread
from anyio import CapacityLimiter
from anyio.lowlevel import RunVar

Result = TypeVar("Result")
Arguments = TypeVarTuple("Arguments")

#: Threads a server process runs pages and searches on, by default.
READING_THREADS = 2
#: Uploads and corrections waiting at once in a process; more queue for a thread.
WRITING_THREADS = 4

_writing_limiter: RunVar[CapacityLimiter] = RunVar("dateline_writing_limiter")


def use_reading_threads(count: int) -> None:
    """Run this event loop's pages and searches (anyio's default thread limiter, which FastAPI
    and Starlette use for plain functions) on at most ``count`` threads at once."""
    if count < 1:
        raise ValueError(f"reading threads must be at least 1, not {count}")
    anyio.to_thread.current_default_thread_limiter().total_tokens = count


def _writing_threads() -> CapacityLimiter:
    try:
        return _writing_limiter.get()
    except LookupError:
        limiter = CapacityLimiter(WRITING_THREADS)
        _writing_limiter.set(limiter)
        return limiter


async def run_write(work: Callable[[Unpack[Arguments]], Result], *args: *Arguments) -> Result:
    """``work(*args)`` on a writing thread, leaving the reading threads to pages."""
    return await anyio.to_thread.run_sync(work, *args, limiter=_writing_threads())

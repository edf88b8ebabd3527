"""Fewer garbage-collector passes while a long job runs: a link, an annotation stream.

CPython's cyclic collector runs its youngest generation every 700 net allocations and,
every hundred of those, walks every object still alive: the stored rows, mentions and
features a link holds. The more a batch reads, the more each of those walks costs (0.4 CPU s
of a 4.2 s link at 10,000 articles, 0.8 of 6.2 at 100,000), although what a job allocates
is almost all freed by reference counting and few cycles are left for the collector to find.
:func:`fewer_collections` runs a job with the youngest generation collected fourteen times less
often, and with what was alive before the job (modules, models, caches) left out of every
walk; on leaving, the collector is as it was. Memory does not grow: cycles are still
collected, only in larger steps.

An annotation stream pays the same walks in every process: the parent, unpickling each
chunk's findings, walked the model it loaded for its workers to inherit (under 0.1 CPU ms
an article over 1,000 silver articles; most of the parent's 0.6 ms of collector passes were
the link's), and each worker walked the model and the documents of the batch in hand (0.2
ms). The parent runs the stream under :func:`fewer_collections`; a
worker, which does nothing else, calls :func:`collect_less_from_now_on` once it has its model.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

#: the youngest generation's threshold during a job (CPython's default is 700)
YOUNG_THRESHOLD = 10_000

_lock = threading.Lock()
_depth = 0
_saved: tuple[int, int, int] | None = None


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Run the body with fewer collector passes (see the module docstring); nested and
    concurrent uses share one setting, restored when the last leaves."""
    global _depth, _saved
    with _lock:
        _depth += 1
        if _depth == 1:
            _saved = collect_less_from_now_on()
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _saved is not None:
                gc.set_threshold(*_saved)
                gc.unfreeze()
                _saved = None


def collect_less_from_now_on() -> tuple[int, int, int]:
    """:func:`fewer_collections`'s setting, until someone restores the thresholds returned
    (the ones before): called alone, for the rest of this process's life, as a worker process
    that runs one job and ends does."""
    saved = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(max(YOUNG_THRESHOLD, saved[0]), *saved[1:])
    return saved

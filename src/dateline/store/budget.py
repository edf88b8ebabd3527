"""How long a query may run, and a switch that stops it early.

A web server runs queries for clients it does not trust: a query that would take minutes is
stopped when its budget is spent (SQLite's progress handler, PostgreSQL's
``statement_timeout``), when its client has gone (the server cancels the budget) or when the
server is told to stop (:func:`stop_all_queries`).
"""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Callable

from dateline.store.errors import StoreError

#: Seconds a search may run for a web client.
DEFAULT_QUERY_SECONDS = 5.0

_STOPPING = threading.Event()
#: budgets with a query running that a backend can stop from outside (see ``while_running``)
_RUNNING: weakref.WeakSet[QueryBudget] = weakref.WeakSet()


class QueryInterrupted(StoreError):
    """A query stopped before it finished: over its time budget, cancelled, or shutting down."""


class QueryBudget:
    """A deadline and a cancel switch, checked by the store while a query runs."""

    def __init__(self, seconds: float = DEFAULT_QUERY_SECONDS) -> None:
        self.seconds = seconds
        self._deadline = time.monotonic() + seconds
        self._cancelled = threading.Event()
        self._stop_running: Callable[[], None] | None = None
        self._lock = threading.Lock()

    def cancel(self) -> None:
        self._cancelled.set()
        self._stop()

    def while_running(self, stop: Callable[[], None]) -> Callable[[], None]:
        """Call ``stop`` (it must be safe from another thread) if the budget is cancelled or
        the server stops while the query runs; returns the function to call when it is done.

        A backend whose query cannot check the budget itself (PostgreSQL runs it on the
        server) gives here the way to stop it: psycopg's ``Connection.cancel``.
        """
        with self._lock:
            self._stop_running = stop
        _RUNNING.add(self)
        if self.cancelled:
            self._stop()

        def done() -> None:
            with self._lock:
                self._stop_running = None
            _RUNNING.discard(self)

        return done

    def _stop(self) -> None:
        with self._lock:
            stop = self._stop_running
        if stop is not None:
            stop()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set() or _STOPPING.is_set()

    @property
    def remaining(self) -> float:
        return max(0.0, self._deadline - time.monotonic())

    def exhausted(self) -> bool:
        return self.cancelled or time.monotonic() > self._deadline

    def interrupted(self) -> QueryInterrupted:
        """The error saying why the query was stopped."""
        if _STOPPING.is_set():
            return QueryInterrupted("query stopped: the server is shutting down")
        if self._cancelled.is_set():
            return QueryInterrupted("query stopped: its client has gone")
        return QueryInterrupted(
            f"query stopped after its {self.seconds:g} s budget: use fewer or longer words"
        )


def stop_all_queries() -> None:
    """Make every budget in this process exhausted (the server is stopping), and stop the
    queries that are running on a server."""
    _STOPPING.set()
    for budget in list(_RUNNING):
        budget._stop()

"""How long a query may run, and a switch that stops it early.

A web server runs queries for clients it does not trust: a query that would take minutes is
stopped when its budget is spent (SQLite's progress handler, PostgreSQL's
``statement_timeout``), when its client has gone (the server cancels the budget) or when the
server is told to stop (:func:`stop_all_queries`).
"""

from __future__ import annotations

import threading
import time

from dateline.store.interface import StoreError

#: Seconds a search may run for a web client.
DEFAULT_QUERY_SECONDS = 5.0

_STOPPING = threading.Event()


class QueryInterrupted(StoreError):
    """A query stopped before it finished: over its time budget, cancelled, or shutting down."""


class QueryBudget:
    """A deadline and a cancel switch, checked by the store while a query runs."""

    def __init__(self, seconds: float = DEFAULT_QUERY_SECONDS) -> None:
        self.seconds = seconds
        self._deadline = time.monotonic() + seconds
        self._cancelled = threading.Event()

    def cancel(self) -> None:
        self._cancelled.set()

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
    """Make every budget in this process exhausted (the server is stopping)."""
    _STOPPING.set()

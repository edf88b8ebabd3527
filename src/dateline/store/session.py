"""What the store's SQL runs on: one connection inside a transaction, in any dialect.

Its own module so that the modules :mod:`dateline.store.sql` imports (the category rows, the
entity part keys) can name it without importing the store back.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

Row = Mapping[str, Any]


class Session(Protocol):
    """One connection inside a transaction, with ``?`` placeholders in every dialect."""

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run a statement; returns the number of rows it changed."""
        ...

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None: ...

    def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Row]: ...

    def fetchtuples(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """The rows as plain tuples: cheaper than rows read by name where there are many."""
        ...

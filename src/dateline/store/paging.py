"""Ids a page at a time for ``IN (...)`` lists, well under SQLite's limit on query variables."""

from __future__ import annotations

from collections.abc import Iterator, Sequence, Sized
from typing import TypeVar

ID_PAGE = 500
T = TypeVar("T")


def id_pages(ids: Sequence[T]) -> Iterator[Sequence[T]]:
    """``ids`` in pages of at most :data:`ID_PAGE`."""
    for start in range(0, len(ids), ID_PAGE):
        yield ids[start : start + ID_PAGE]


def marks(values: Sized) -> str:
    """One ``?`` placeholder per value, comma-separated."""
    return ", ".join("?" * len(values))

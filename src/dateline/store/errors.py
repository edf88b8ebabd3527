"""The store's own error, in a module of its own so that every part of the store can raise it
without importing the interface (which names the query budget for its annotations)."""

from __future__ import annotations


class StoreError(Exception):
    """A storage failure explained in one line (read-only file, full disk, newer schema...)."""

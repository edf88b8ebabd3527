"""The embedded default store: one SQLite file in WAL mode with an FTS5 full-text index."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from dateline.store.interface import HIT_END, HIT_START, ArticleFilter, SearchHit, StoreError
from dateline.store.sql import Row, SQLStore, search_terms
from dateline.store.sqlite_schema import LATEST_VERSION, MIGRATIONS


def fts_query(text: str) -> str:
    """A user's words as an FTS5 query: each a quoted term, all required, ``word*`` a prefix."""
    return " ".join(f'"{word}"' + ("*" if prefix else "") for word, prefix in search_terms(text))


class _SQLiteSession:
    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        return self._db.execute(sql, params).rowcount

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        self._db.executemany(sql, rows)

    def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return self._db.execute(sql, params).fetchall()


class SQLiteStore(SQLStore):
    """A corpus in one SQLite file. Safe to share between threads; one writer at a time."""

    seq = "rowid"

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        self.location = str(path)
        self._lock = threading.RLock()
        try:
            if read_only:
                target, uri = f"file:{Path(path).resolve()}?mode=ro", True
            else:
                if self.location != ":memory:":
                    Path(path).parent.mkdir(parents=True, exist_ok=True)
                target, uri = self.location, False
            self._target, self._uri = target, uri
            self._memory = self.location == ":memory:"
            self._local = threading.local()
            self._readers: list[sqlite3.Connection] = []
            self._db = sqlite3.connect(
                target, uri=uri, check_same_thread=False, isolation_level=None
            )
            self._db.row_factory = sqlite3.Row
            self._db.execute("PRAGMA busy_timeout = 10000")
            if not read_only:
                self._db.execute("PRAGMA journal_mode = WAL")
                self._db.execute("PRAGMA synchronous = NORMAL")
            self._migrate(read_only)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.location}: {exc}") from exc

    def _migrate(self, read_only: bool) -> None:
        version = self.schema_version
        if version > LATEST_VERSION:
            raise StoreError(
                f"{self.location} has schema version {version}, newer than this dateline "
                f"({LATEST_VERSION}); upgrade dateline"
            )
        if version == LATEST_VERSION:
            return
        if read_only:
            raise StoreError(f"{self.location} needs a schema migration but is opened read-only")
        for target, script in MIGRATIONS:
            if target > version:
                self._db.executescript(f"BEGIN; {script}; PRAGMA user_version = {target}; COMMIT;")

    @property
    def schema_version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    @contextmanager
    def _transaction(self) -> Iterator[_SQLiteSession]:
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
            except sqlite3.DatabaseError as exc:
                raise StoreError(f"{self.location}: {exc}") from exc
            try:
                yield _SQLiteSession(self._db)
                self._db.execute("COMMIT")
            except BaseException as exc:
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                if isinstance(exc, sqlite3.DatabaseError):
                    raise StoreError(f"{self.location}: {exc}") from exc
                raise

    @contextmanager
    def _read(self) -> Iterator[_SQLiteSession]:
        """Reads go through a connection of the calling thread's own, so readers run side by
        side (WAL gives each statement a consistent snapshot) and never wait for a writer."""
        reader = self._reader()
        try:
            if reader is None:
                with self._lock:
                    yield _SQLiteSession(self._db)
            else:
                yield _SQLiteSession(reader)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.location}: {exc}") from exc

    def _reader(self) -> sqlite3.Connection | None:
        if self._memory:
            return None  # an in-memory database exists only on its one connection
        reader: sqlite3.Connection | None = getattr(self._local, "reader", None)
        if reader is None:
            reader = sqlite3.connect(
                self._target, uri=self._uri, check_same_thread=False, isolation_level=None
            )
            reader.row_factory = sqlite3.Row
            reader.execute("PRAGMA busy_timeout = 10000")
            reader.execute("PRAGMA query_only = 1")
            self._local.reader = reader
            with self._lock:
                self._readers.append(reader)
        return reader

    def close(self) -> None:
        with self._lock:
            for reader in self._readers:
                reader.close()
            self._readers.clear()
            self._db.close()

    def search(
        self, query: str, limit: int = 20, offset: int = 0, filters: ArticleFilter | None = None
    ) -> list[SearchHit]:
        match = fts_query(query)
        if not match:
            return []
        where, params = self._filter_sql(filters)
        rows = self._query(
            "SELECT a.id, a.title, a.published, a.source, bm25(articles_fts) AS score, "
            f"snippet(articles_fts, 1, '{HIT_START}', '{HIT_END}', '…', 16) AS snippet "
            "FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
            f"WHERE articles_fts MATCH ?{where} ORDER BY score LIMIT ? OFFSET ?",
            [match, *params, limit, offset],
        )
        return [
            SearchHit(
                article_id=row["id"],
                title=row["title"],
                snippet=row["snippet"],
                score=-float(row["score"]),
                published=row["published"],
                source=row["source"],
            )
            for row in rows
        ]

    @staticmethod
    def _json_elements(column: str) -> str:
        return f"json_each({column})"

    @staticmethod
    def _json_item(expression: str, index: int) -> str:
        return f"json_extract({expression}, '$[{index}]')"

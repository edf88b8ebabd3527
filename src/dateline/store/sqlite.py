"""The embedded default store: one SQLite file in WAL mode with an FTS5 full-text index."""

from __future__ import annotations

import heapq
import json
import sqlite3
import threading
import time
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

from dateline.store.budget import QueryBudget
from dateline.store.interface import HIT_END, HIT_START, ArticleFilter, SearchHit, StoreError
from dateline.store.python_fills import fill_rows_of
from dateline.store.session import Row
from dateline.store.sql import SQLStore, search_terms
from dateline.store.sqlite_schema import LATEST_VERSION, MIGRATIONS

BUSY_TIMEOUT_MS = 10_000


def _statements(script: str) -> Iterator[str]:
    """The statements of a migration script, one at a time (a trigger body stays whole), so
    they run inside the caller's transaction (``executescript`` would commit it first)."""
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            if pending.strip().rstrip(";").strip():
                yield pending
            pending = ""
    if pending.strip():
        yield pending


#: Most matches a search ranks: the latest this many found (storage order), so a page costs
#: the same whether a word is in a thousand articles or in a million.
SEARCH_CANDIDATES = 1_000
#: How much of the file a reading connection maps into memory where the store serves
#: requests (``SQLiteStore(..., read_mmap_bytes=READ_MMAP_BYTES)``, as ``dateline serve``
#: opens it). Each request thread has its own connection, each with a small page cache of
#: its own, so a page of a timeline or a dossier (a few hundred rows spread over the file)
#: read most of its pages from the kernel's cache with a system call and a copy each (0.6 to
#: 0.9 ms of system CPU a timeline at 100,000 articles, one thread); mapped, every
#: connection reads the kernel's one copy (0.05 ms of system CPU; 0.2 ms less CPU in all,
#: the first touch of a page costing a fault).
#: Where the mapping cannot be made (an address-space limit), SQLite reads as before.
#:
#: Other processes (ingest, annotate, link, one command line query) map nothing by default:
#: every mapped page a process touched counts in its resident memory, so the link of a batch
#: at 100,000 articles held about 290 MiB of the file, growing with it, for no gain (one
#: thread reads, and its reads are few and large).
READ_MMAP_BYTES = 1 << 30
#: A word found in more than this share of the articles weighs nothing in bm25 (FTS5 sets
#: its idf to almost zero), but bm25 would still count every article holding it first.
COMMON_SHARE = 0.5
#: The latest matches of a word read to estimate its share of the articles.
SHARE_SAMPLE = 200


def fts_query(text: str) -> str:
    """A user's words as an FTS5 query: each a quoted term, all required, ``word*`` a prefix."""
    return " ".join(fts_term(word, prefix) for word, prefix in search_terms(text))


def fts_term(word: str, prefix: bool) -> str:
    return f'"{word}"' + ("*" if prefix else "")


class _SQLiteSession:
    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        return self._db.execute(sql, params).rowcount

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        self._db.executemany(sql, rows)

    def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return self._db.execute(sql, params).fetchall()

    def fetchtuples(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        cursor = self._db.cursor()
        cursor.row_factory = None
        return cursor.execute(sql, params).fetchall()


class SQLiteStore(SQLStore):
    """A corpus in one SQLite file. Safe to share between threads; one writer at a time."""

    seq = "rowid"

    @property
    def search_candidates(self) -> int:
        return SEARCH_CANDIDATES

    def __init__(
        self, path: str | Path, *, read_only: bool = False, read_mmap_bytes: int = 0
    ) -> None:
        """Open (creating unless ``read_only``) the store at ``path``; its reading connections
        map up to ``read_mmap_bytes`` of the file (:data:`READ_MMAP_BYTES` where it serves
        requests; none by default)."""
        if read_mmap_bytes < 0:
            raise ValueError(f"read_mmap_bytes must not be negative, not {read_mmap_bytes}")
        self.location = str(path)
        self.read_mmap_bytes = read_mmap_bytes
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
            # each reading thread's connection, closed once the thread has ended
            self._readers: list[tuple[threading.Thread, sqlite3.Connection]] = []
            self._db = sqlite3.connect(
                target, uri=uri, check_same_thread=False, isolation_level=None
            )
            self._db.row_factory = sqlite3.Row
            self._db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            if not read_only:
                self._use_wal()
                self._db.execute("PRAGMA synchronous = NORMAL")
            self._migrate(read_only)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.location}: {exc}") from exc

    def _use_wal(self) -> None:
        """Switch to WAL; another process creating the same file may hold the lock a moment,
        and this pragma does not always wait for it, so retry within the busy timeout."""
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        while True:
            try:
                self._db.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def _migrate(self, read_only: bool) -> None:
        """Bring the schema up to date. Several processes may open a new file at once: each
        takes the write lock (``BEGIN IMMEDIATE``, waiting up to the busy timeout), reads the
        version again under it, and applies only what is still missing."""
        version = self.schema_version
        self._check_version(version)
        if version == LATEST_VERSION:
            return
        if read_only:
            raise StoreError(f"{self.location} needs a schema migration but is opened read-only")
        self._db.execute("BEGIN IMMEDIATE")
        try:
            version = self.schema_version
            self._check_version(version)
            for target, script in MIGRATIONS:
                if target > version:
                    for statement in _statements(script):
                        self._db.execute(statement)
                    fill_rows_of(_SQLiteSession(self._db), target, self.seq)
                    self._db.execute(f"PRAGMA user_version = {target}")
            self._db.execute("COMMIT")
        except BaseException:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            raise

    def _check_version(self, version: int) -> None:
        if version > LATEST_VERSION:
            raise StoreError(
                f"{self.location} has schema version {version}, newer than this dateline "
                f"({LATEST_VERSION}); upgrade dateline"
            )

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
            reader.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            reader.execute("PRAGMA query_only = 1")
            reader.execute(f"PRAGMA mmap_size = {int(self.read_mmap_bytes)}")
            self._local.reader = reader
            with self._lock:
                self._close_readers_of_ended_threads()
                self._readers.append((threading.current_thread(), reader))
        return reader

    def _close_readers_of_ended_threads(self) -> None:
        """Close the connections of the reading threads that have ended. A server's worker
        threads end when idle (anyio's after 10 s) and new ones read on connections of their
        own: kept open, each ended thread's connection held two file descriptors and its page
        cache for as long as the store was open, so a long-running ``serve`` would in time have
        run out of descriptors."""
        alive = []
        for thread, reader in self._readers:
            if thread.is_alive():
                alive.append((thread, reader))
            else:
                reader.close()  # its thread has ended: nothing else uses it
        self._readers = alive

    def close(self) -> None:
        with self._lock:
            for _, reader in self._readers:
                reader.close()
            self._readers.clear()
            self._db.close()

    def search(
        self,
        query: str,
        limit: int = 20,
        offset: int = 0,
        filters: ArticleFilter | None = None,
        budget: QueryBudget | None = None,
    ) -> list[SearchHit]:
        """The latest :data:`SEARCH_CANDIDATES` matches, ranked by bm25 over the words that
        weigh something (:meth:`_weighed_terms`; by recency when none does), then snippets
        for the page only: a snippet costs far more than a score."""
        terms = search_terms(query)
        match = " ".join(fts_term(word, prefix) for word, prefix in terms)
        if not match:
            return []
        where, params = self._filter_sql(filters)
        join = " JOIN articles a ON a.rowid = articles_fts.rowid" if where else ""
        latest = (
            f"FROM articles_fts{join} WHERE articles_fts MATCH ?{where} "
            "ORDER BY articles_fts.rowid DESC LIMIT ?"
        )
        with self._budgeted(budget) as db:
            weighed = self._weighed_terms(db, terms)
            scores: dict[int, float] = {}
            candidates: Collection[int]
            if weighed == match:
                # every word weighs: the candidates and their scores in one pass
                for row in db.fetchall(
                    f"SELECT articles_fts.rowid AS rowid, bm25(articles_fts) AS score {latest}",
                    [match, *params, SEARCH_CANDIDATES],
                ):
                    scores[row["rowid"]] = row["score"]
                candidates = scores.keys()
            else:
                candidates = {
                    row["rowid"]
                    for row in db.fetchall(
                        f"SELECT articles_fts.rowid AS rowid {latest}",
                        [match, *params, SEARCH_CANDIDATES],
                    )
                }
                if weighed and candidates:
                    # the candidates are every match from the oldest of them on; bm25 of
                    # the weighed words alone orders them as bm25 of all the words would
                    for row in db.fetchall(
                        "SELECT rowid, bm25(articles_fts) AS score FROM articles_fts "
                        "WHERE articles_fts MATCH ? AND rowid >= ?",
                        [weighed, min(candidates)],
                    ):
                        if row["rowid"] in candidates:
                            scores[row["rowid"]] = row["score"]
            if not candidates:
                return []
            page = heapq.nsmallest(
                offset + limit, candidates, key=lambda rowid: (scores.get(rowid, 0.0), -rowid)
            )[offset:]
            if not page:
                return []
            page_json = json.dumps(page)
            articles = {
                row["rowid"]: row
                for row in db.fetchall(
                    "SELECT rowid, id, title, published, source FROM articles "
                    "WHERE rowid IN (SELECT value FROM json_each(?))",
                    [page_json],
                )
            }
            # Plain words: FTS5 looks each of the page's rowids up. With a prefix term each
            # lookup would expand the prefix again, so `+rowid` makes it one scan of the
            # matches that keeps the page's rows.
            page_rowid = "+rowid" if "*" in match else "rowid"
            snippets = db.fetchall(
                "SELECT rowid, "
                f"snippet(articles_fts, 1, '{HIT_START}', '{HIT_END}', '…', 16) AS snippet "
                f"FROM articles_fts WHERE articles_fts MATCH ? AND {page_rowid} IN "
                "(SELECT value FROM json_each(?))",
                [match, page_json],
            )
        snippet_of = {row["rowid"]: row["snippet"] for row in snippets}
        return [
            SearchHit(
                article_id=articles[rowid]["id"],
                title=articles[rowid]["title"],
                snippet=snippet_of.get(rowid, ""),
                score=-float(scores.get(rowid, 0.0)),
                published=articles[rowid]["published"],
                source=articles[rowid]["source"],
            )
            for rowid in page
            if rowid in articles
        ]

    @staticmethod
    def _weighed_terms(db: _SQLiteSession, terms: Sequence[tuple[str, bool]]) -> str:
        """The FTS5 query of the words that weigh in bm25: all but those found in more than
        :data:`COMMON_SHARE` of the articles, judged from the span of rowids holding their
        latest :data:`SHARE_SAMPLE` matches (a few index pages, where bm25 itself would count
        every match). A prefix always weighs (its words are many)."""
        newest = db.fetchall("SELECT max(rowid) AS newest FROM articles")[0]["newest"] or 0
        kept = []
        for word, prefix in terms:
            term = fts_term(word, prefix)
            if not prefix:
                sample = db.fetchall(
                    "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? "
                    "ORDER BY rowid DESC LIMIT 1 OFFSET ?",
                    [term, SHARE_SAMPLE - 1],
                )
                if sample and COMMON_SHARE * (newest - sample[0]["rowid"] + 1) < SHARE_SAMPLE:
                    continue
            kept.append(term)
        return " ".join(kept)

    @contextmanager
    def _budgeted(self, budget: QueryBudget | None) -> Iterator[_SQLiteSession]:
        """A read session whose statements stop (:class:`QueryInterrupted`) once ``budget`` is
        spent or cancelled; SQLite calls the check every thousand VM steps."""
        reader = self._reader()
        connection = self._db if reader is None else reader
        with self._lock if reader is None else nullcontext():
            if budget is not None:
                if budget.exhausted():
                    raise budget.interrupted()
                connection.set_progress_handler(lambda: int(budget.exhausted()), 1000)
            try:
                yield _SQLiteSession(connection)
            except sqlite3.OperationalError as exc:
                if budget is not None and budget.exhausted():
                    raise budget.interrupted() from exc
                raise StoreError(f"{self.location}: {exc}") from exc
            except sqlite3.DatabaseError as exc:
                raise StoreError(f"{self.location}: {exc}") from exc
            finally:
                if budget is not None:
                    connection.set_progress_handler(None, 0)

    @staticmethod
    def _json_elements(column: str) -> str:
        return f"json_each({column})"

    @staticmethod
    def _json_texts(expression: str) -> str:
        return f"SELECT value FROM json_each({expression})"

    @staticmethod
    def _holds(column: str) -> str:
        # LIKE ignores ASCII case here; GLOB's class is of code points
        return f"({column} LIKE ? ESCAPE '\\' OR {column} GLOB '*[^ -~]*')"

    @staticmethod
    def _json_item(expression: str, index: int) -> str:
        return f"json_extract({expression}, '$[{index}]')"

"""The PostgreSQL store: the same interface as SQLite, for a shared corpus on a server.

Selected with ``--db postgresql://user@host/dbname``. Needs the ``postgres`` extra
(``pip install 'dateline[postgres]'``) and the ``unaccent`` extension (PostgreSQL contrib).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from math import sqrt
from typing import Any

from dateline.records import Event
from dateline.store.budget import QueryBudget
from dateline.store.entity_part_keys import PART_KEYS_VERSION
from dateline.store.interface import HIT_END, HIT_START, ArticleFilter, SearchHit, StoreError
from dateline.store.location import redact_message, redact_url
from dateline.store.paging import id_pages
from dateline.store.postgres_schema import LATEST_VERSION, MIGRATIONS
from dateline.store.python_fills import fill_rows_of
from dateline.store.session import Row, Session
from dateline.store.sql import SQLStore, event_from_row, search_terms

_MIGRATION_LOCK = 7_402_114  # any fixed number: serialises concurrent migrations
#: Most matches a search ranks: the latest this many found (storage order), as in SQLite;
#: fewer than there, as a word neither rare nor common is found here by reading articles
#: back from the newest and testing each one's search vector (2.6 KB out of line, about
#: 10 microseconds a vector): a word in 8% of the articles read 12,000 of them for 1,000
#: candidates, 300 ms; the known-item quality test holds from 30 candidates to 2,000
SEARCH_CANDIDATES = 200

#: What the walk back from the newest articles costs for each article it reads, over what
#: the search index costs for each match it finds (a page and the row's ``seq``): 1.6 to 2
#: at 100,000 articles and 1.0 to 2.5 at 1,000,000 (execution times of both plans for the
#: same searches, one at a time; docs/scale.md); the walk's cost also grows where two words
#: meet seldom among the newest articles, which the estimate cannot see
WALK_COST = 1.5


#: Most connections the readers of one store hold: a server runs up to 40 request threads,
#: and a connection each was up to 40 PostgreSQL processes (each with its own caches)
#: contending for the cores that serve them; past this many, a read waits for a free one
READ_CONNECTIONS = 8


class _ReaderPool:
    """At most ``size`` connections, opened on demand and lent to one reading thread at a
    time; a read waits when all are lent."""

    def __init__(
        self,
        connect: Callable[[], Any],
        size: int,
        failures: tuple[type[BaseException], ...],
        error: Callable[[BaseException], StoreError],
    ) -> None:
        self._connect = connect
        self._size = size
        self._failures = failures
        self._error = error
        self._idle: list[Any] = []
        self._opened: list[Any] = []
        self._opening = 0  # connections being opened, outside the condition's lock
        self._free = threading.Condition()

    @contextmanager
    def connection(self) -> Iterator[Any]:
        with self._free:
            while not self._idle and len(self._opened) + self._opening >= self._size:
                self._free.wait()
            reader = self._idle.pop() if self._idle else None
            if reader is None:
                self._opening += 1
        if reader is None:
            try:
                reader = self._connect()
            except self._failures as exc:
                raise self._error(exc) from exc
            finally:
                with self._free:
                    self._opening -= 1
                    if reader is None:
                        self._free.notify()
                    else:
                        self._opened.append(reader)
        try:
            yield reader
        finally:
            with self._free:
                if reader.closed or reader.broken:  # the server went: open another next time
                    self._opened.remove(reader)
                else:
                    self._idle.append(reader)
                self._free.notify()

    @property
    def size(self) -> int:
        """Connections open now, lent or idle."""
        with self._free:
            return len(self._opened)

    def close(self) -> None:
        with self._free:
            for reader in self._opened:
                reader.close()
            self._opened.clear()
            self._idle.clear()


def tsquery(text: str) -> str:
    """A user's words as a tsquery: all required, ``word*`` a prefix; never a syntax error."""
    return " & ".join(f"'{word}'" + (":*" if prefix else "") for word, prefix in search_terms(text))


def _placeholders(sql: str) -> str:
    return sql.replace("%", "%%").replace("?", "%s")


class _PostgresSession:
    def __init__(self, cursor: Any) -> None:
        self._cursor = cursor

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        self._cursor.execute(_placeholders(sql), tuple(params))
        return int(self._cursor.rowcount)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            self._cursor.executemany(_placeholders(sql), [tuple(row) for row in rows])

    def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        self._cursor.execute(_placeholders(sql), tuple(params))
        return list(self._cursor.fetchall())

    def fetchtuples(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        from psycopg.rows import tuple_row

        with self._cursor.connection.cursor(row_factory=tuple_row) as cursor:
            cursor.execute(_placeholders(sql), tuple(params))
            return list(cursor.fetchall())


class PostgresStore(SQLStore):
    """A corpus in a PostgreSQL database. Writes go through one connection under a lock;
    reads from another thread than the one that opened the store borrow a connection from a
    pool of :data:`READ_CONNECTIONS`, so a server's requests run side by side instead of one
    at a time, on a bounded number of database processes."""

    seq = "seq"
    binds_arrays = True

    @property
    def search_candidates(self) -> int:
        return SEARCH_CANDIDATES

    def __init__(self, url: str) -> None:
        try:
            import psycopg
        except ImportError as exc:
            raise StoreError(
                "the PostgreSQL backend needs psycopg: pip install 'dateline[postgres]'"
            ) from exc
        self._errors: tuple[type[BaseException], ...] = (psycopg.Error,)
        self.location = redact_url(url)
        self._lock = threading.RLock()
        self._owner = threading.get_ident()
        self._url = url
        self._readers = _ReaderPool(
            self._connect, READ_CONNECTIONS, self._errors, self._reader_error
        )
        try:
            self._db = self._connect()
        except psycopg.Error as exc:
            raise StoreError(
                redact_message(f"cannot connect to {self.location}: {exc}", url)
            ) from exc
        self._migrate()

    def _migrate(self) -> None:
        with self._transaction() as db:
            db.execute("SELECT pg_advisory_xact_lock(?)", (_MIGRATION_LOCK,))
            db.execute("CREATE TABLE IF NOT EXISTS dateline_schema (version INTEGER NOT NULL)")
            rows = db.fetchall("SELECT max(version) AS version FROM dateline_schema")
            version = int(rows[0]["version"] or 0)
            if version > LATEST_VERSION:
                raise StoreError(
                    f"{self.location} has schema version {version}, newer than this dateline "
                    f"({LATEST_VERSION}); upgrade dateline"
                )
            for target, script in MIGRATIONS:
                if target > version:
                    self._db.execute(script)  # DDL with $$ and % in it: no placeholders
                    fill_rows_of(db, target, self.seq)
                    if target == PART_KEYS_VERSION:
                        db.execute("ANALYZE entity_part_keys")  # planned with the rows filled
                    db.execute("INSERT INTO dateline_schema (version) VALUES (?)", (target,))

    @property
    def schema_version(self) -> int:
        rows = self._query("SELECT max(version) AS version FROM dateline_schema")
        return int(rows[0]["version"] or 0)

    @contextmanager
    def _transaction(self) -> Iterator[_PostgresSession]:
        with self._lock:
            try:
                with self._db.transaction(), self._db.cursor() as cursor:
                    yield _PostgresSession(cursor)
            except self._errors as exc:
                raise StoreError(f"{self.location}: {exc}") from exc

    @contextmanager
    def _read(self) -> Iterator[_PostgresSession]:
        with self._reading() as connection:
            try:
                with connection.cursor() as cursor:
                    yield _PostgresSession(cursor)
            except self._errors as exc:
                raise StoreError(f"{self.location}: {exc}") from exc

    def _reader_error(self, exc: BaseException) -> StoreError:
        message = f"cannot connect to {self.location}: {exc}"
        return StoreError(redact_message(message, self._url))

    def _connect(self) -> Any:
        import psycopg
        from psycopg.rows import dict_row

        return psycopg.connect(self._url, autocommit=True, row_factory=dict_row)

    @contextmanager
    def _reading(self) -> Iterator[Any]:
        """The connection the calling thread reads through: the store's own (under its lock)
        in the thread that opened it, one of the readers' pool elsewhere."""
        if threading.get_ident() == self._owner:
            with self._lock:
                yield self._db
            return
        with self._readers.connection() as reader:
            yield reader

    def close(self) -> None:
        with self._lock:
            self._readers.close()
            self._db.close()

    def _query_within(self, budget: QueryBudget, sql: str, params: Sequence[Any]) -> list[Row]:
        """A read that the server ends (``statement_timeout``) when ``budget`` runs out, and
        that is cancelled on the server when the budget is (its client has gone)."""
        import psycopg

        if budget.exhausted():
            raise budget.interrupted()
        milliseconds = max(1, int(budget.remaining * 1000))
        with self._reading() as connection:
            done = budget.while_running(connection.cancel_safe)
            try:
                # one round trip for BEGIN, the timeout and the query, not three
                with (
                    connection.pipeline(),
                    connection.transaction(),
                    connection.cursor() as cursor,
                ):
                    cursor.execute(f"SET LOCAL statement_timeout = {milliseconds}")
                    session = _PostgresSession(cursor)
                    return session.fetchall(sql, params)
            except psycopg.errors.QueryCanceled as exc:
                raise budget.interrupted() from exc
            except self._errors as exc:
                raise StoreError(f"{self.location}: {exc}") from exc
            finally:
                done()

    def _refresh_statistics(self, db: Session, table: str) -> None:
        # Fresh mentions have no entity ids, so until statistics are taken again the planner
        # believes none has one and resolves every quote's speaker by scanning all linked
        # mentions (minutes at 2,000 articles) instead of the article's own.
        db.execute(f"ANALYZE {table}")

    def _first_block_articles(self, keys: Sequence[str], count: int) -> dict[str, list[str]]:
        # every key of a page in one statement (LATERAL): a batch touching 500 blocks is one
        # round trip, not 500
        found: dict[str, list[str]] = {}
        for page in id_pages(list(keys)):
            rows = self._query(
                "SELECT k.name_key, b.article_id FROM unnest(?::text[]) AS k(name_key) "
                "CROSS JOIN LATERAL (SELECT article_id FROM link_entity_blocks "
                "WHERE name_key = k.name_key ORDER BY article_id LIMIT ?) AS b "
                "ORDER BY k.name_key, b.article_id",  # in the order the LIMIT took them
                [list(page), count],
            )
            for row in rows:
                found.setdefault(str(row["name_key"]), []).append(str(row["article_id"]))
        return found

    # A page's reads name their rows by a list of ids (its articles, its events' entities).
    # As an array they are one statement whatever their number, which psycopg prepares once a
    # connection has run it a few times (parsed and planned once, not on every request); as
    # a list of placeholders each length is a statement of its own, parsed and planned anew.
    # The ids go :data:`~dateline.store.paging.ID_PAGE` at a time, each page sorted on its
    # own, as in SQLite: the same rows in the same order, and no sort over every id at once.
    def _in_pages(
        self, sql: str, article_ids: Sequence[str], params: Sequence[Any] = ()
    ) -> list[Row]:
        statement = sql.replace("IN ({ids})", "= ANY(?)")
        rows: list[Row] = []
        for page in id_pages(list(dict.fromkeys(article_ids))):
            rows.extend(self._query(statement, [list(page), *params]))
        return rows

    def events_in(self, article_ids: Sequence[str], entity_id: str | None = None) -> list[Event]:
        where = " WHERE e.article_id = ANY(?)"
        if entity_id is not None:
            where += (
                " AND EXISTS (SELECT 1 FROM event_participants p "
                "WHERE p.event_id = e.id AND p.entity_id = ?)"
            )
        events: list[Event] = []
        for page in id_pages(list(dict.fromkeys(article_ids))):
            params: list[Any] = [list(page)] if entity_id is None else [list(page), entity_id]
            events.extend(self._events(where, params))
        return events

    def _events(self, where: str, params: Sequence[Any], limit: int | None = None) -> list[Event]:
        """The events ``where`` selects, their participants read in the same statement (one
        round trip, not two)."""
        bound = "" if limit is None else f" LIMIT {int(limit)}"
        rows = self._query(
            "SELECT e.*, (SELECT json_agg(json_build_array(p.role, p.entity_id) "
            "ORDER BY p.role, p.entity_id) FROM event_participants p "
            f"WHERE p.event_id = e.id) AS participants FROM events e{where} "
            f"ORDER BY e.article_id, e.trigger_start, e.id{bound}",
            params,
        )
        events = []
        for row in rows:
            roles: dict[str, list[str]] = {}
            for role, entity_id in row["participants"] or ():
                roles.setdefault(role, []).append(entity_id)
            events.append(event_from_row(row, roles))
        return events

    @staticmethod
    def _json_elements(column: str) -> str:
        return f"jsonb_array_elements({column}::jsonb)"

    @staticmethod
    def _json_texts(expression: str) -> str:
        return f"SELECT jsonb_array_elements_text({expression}::jsonb)"

    @staticmethod
    def _holds(column: str) -> str:
        # more bytes than characters: a character outside ASCII (a regular expression cost
        # twice the time over a big block's forms)
        return (
            f"(lower({column}) LIKE ? ESCAPE '\\' "
            f"OR octet_length({column}) <> char_length({column}))"
        )

    @staticmethod
    def _json_item(expression: str, index: int) -> str:
        return f"({expression}::jsonb->>{index})::int"

    def _match_estimate(self, match: str, where: str, params: Sequence[Any]) -> tuple[float, float]:
        """The planner's estimates of the articles matching ``match`` (and the filters) and
        of all the articles, from one plan of both (no statement runs)."""
        rows = self._query(
            "EXPLAIN (FORMAT JSON) SELECT 1 FROM articles a "
            f"WHERE a.search_vector @@ to_tsquery('dateline', ?){where} "
            "UNION ALL SELECT 1 FROM articles",
            [match, *params],
        )
        plan = rows[0]["QUERY PLAN"][0]["Plan"]["Plans"]
        return float(plan[0]["Plan Rows"]), float(plan[1]["Plan Rows"])

    def search(
        self,
        query: str,
        limit: int = 20,
        offset: int = 0,
        filters: ArticleFilter | None = None,
        budget: QueryBudget | None = None,
    ) -> list[SearchHit]:
        match = tsquery(query)
        if not match:
            return []
        where, params = self._filter_sql(filters)
        options = f"StartSel={HIT_START}, StopSel={HIT_END}, MaxWords=30, MinWords=12"
        # rank the latest SEARCH_CANDIDATES matches (ts_rank needs no count of the matches:
        # the planner walks the newest articles back for a common word, reads the index for
        # a rare one), then make snippets for the page only, as the SQLite store does: a
        # headline costs far more than a rank
        # which of those two is the planner's choice, but it prices testing a search vector
        # as nothing where it is a fetch out of line: the walk reads SEARCH_CANDIDATES /
        # share articles, the index each match, so the index is the cheaper below
        # sqrt(SEARCH_CANDIDATES * articles * WALK_COST) matches (5,500 of 100,000, 17,000
        # of 1,000,000), and there it is taken by ordering on an expression
        matches, articles = self._match_estimate(match, where, params)
        index = matches < sqrt(SEARCH_CANDIDATES * articles * WALK_COST)
        order = "a.seq + 0" if index else "a.seq"
        sql = (
            "SELECT a.id, a.title, a.published, a.source, page.score, "
            "ts_headline('dateline', a.text, page.query, ?) AS snippet FROM ("
            "SELECT found.seq, found.query, ts_rank(found.search_vector, found.query) AS score "
            "FROM (SELECT a.seq, a.search_vector, q.query FROM articles a, "
            "(SELECT to_tsquery('dateline', ?) AS query) q "
            f"WHERE a.search_vector @@ q.query{where} ORDER BY {order} DESC LIMIT ?) found "
            "ORDER BY score DESC, found.seq DESC LIMIT ? OFFSET ?) page "
            "JOIN articles a ON a.seq = page.seq ORDER BY page.score DESC, page.seq DESC"
        )
        arguments = [options, match, *params, SEARCH_CANDIDATES, limit, offset]
        if budget is None:
            rows = self._query(sql, arguments)
        else:
            rows = self._query_within(budget, sql, arguments)
        return [
            SearchHit(
                article_id=row["id"],
                title=row["title"],
                snippet=row["snippet"],
                score=float(row["score"]),
                published=row["published"],
                source=row["source"],
            )
            for row in rows
        ]

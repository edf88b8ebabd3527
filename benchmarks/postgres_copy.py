"""A SQLite store copied into a PostgreSQL one, table by table, with COPY.

The link benchmark's base (``link_corpus.build_linked``) is written directly into a SQLite
file; its PostgreSQL mode (``bench_link.py --postgres DIR``) links the same base on a
server. The PostgreSQL store is the product's own: :class:`~dateline.store.postgres.PostgresStore`
makes the schema (its migrations); then every table the SQLite store holds is copied row for
row into the table of the same name, so both stores hold the same state: the link state,
the summaries and the tables the triggers keep (the articles changed since the last link,
those in no story) are copied as the SQLite store's triggers left them, with the
PostgreSQL triggers off while the rows go in. What only SQLite has is left out (the FTS5
index ``articles_fts*``, ``sqlite_*``); what only PostgreSQL has is made by PostgreSQL: an
article's search vector is a generated column, computed as its row is copied, and a table's
``seq`` (SQLite's ``rowid``) is copied from the rowid, its sequence set past the last.

As the bulk loader does (``postgres_bulk.py``), the secondary indexes are dropped for the
load and built once after it; then ``VACUUM ANALYZE``, as a store in service would have been.
``tests/store/test_postgres_copy.py`` checks that the copy of a small base links as the base
does.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

from dateline.store.postgres import PostgresStore
from postgres_bulk import _copy, secondary_indexes

#: SQLite's own tables (its FTS5 index and bookkeeping), which PostgreSQL has no use for
SQLITE_ONLY = ("articles_fts", "sqlite_")


def copy_sqlite_store(source: Path, url: str) -> dict[str, float]:
    """Copy the SQLite store at ``source`` into the empty PostgreSQL database at ``url``
    (made into a store first); returns the seconds of the copy, the indexes and the vacuum,
    and the rows copied."""
    import psycopg

    PostgresStore(url).close()  # the schema, exactly as the product makes it
    sqlite = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    timings: dict[str, float] = {}
    try:
        with psycopg.connect(url, autocommit=True) as db:
            if db.execute("SELECT 1 FROM articles LIMIT 1").fetchone() is not None:
                raise RuntimeError("a copy needs an empty store: this one holds articles")
            targets = _columns(db)
            tables = [
                str(name)
                for (name,) in sqlite.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
                )
                if not str(name).startswith(SQLITE_ONLY)
            ]
            unknown = sorted(set(tables) - set(targets))
            if unknown:
                raise RuntimeError(f"tables PostgreSQL's schema lacks: {', '.join(unknown)}")
            indexes = secondary_indexes(db)
            for _, name, _ in indexes:
                db.execute(f'DROP INDEX "{name}"')
            start = time.perf_counter()
            rows = 0
            for table in tables:
                rows += _copy_table(sqlite, db, table, targets[table])
            timings["copy_s"] = time.perf_counter() - start
            timings["rows"] = rows
            _set_sequences(db)
            start = time.perf_counter()
            for _, _, definition in indexes:
                db.execute(definition)
            timings["indexes_s"] = time.perf_counter() - start
            start = time.perf_counter()
            db.execute("VACUUM ANALYZE")
            timings["vacuum_s"] = time.perf_counter() - start
    finally:
        sqlite.close()
    return timings


def _columns(db: Any) -> dict[str, list[str]]:
    """Each table's columns a copy writes (not the generated ones), in order."""
    columns: dict[str, list[str]] = {}
    for table, column in db.execute(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = 'public' AND is_generated = 'NEVER' "
        "ORDER BY table_name, ordinal_position"
    ):
        columns.setdefault(str(table), []).append(str(column))
    return columns


def _copy_table(sqlite: sqlite3.Connection, db: Any, table: str, targets: list[str]) -> int:
    """Copy ``table``'s rows with the table's triggers off (its rows are the SQLite store's
    whole state, the tables those triggers keep included); returns the rows copied."""
    present = [str(row[1]) for row in sqlite.execute(f'PRAGMA table_info("{table}")')]
    extra = sorted(set(present) - set(targets))
    if extra:
        raise RuntimeError(f"{table}: columns PostgreSQL's schema lacks: {', '.join(extra)}")
    # a seq column PostgreSQL has and SQLite has not is SQLite's rowid (the same order)
    columns = [c for c in targets if c in present or c == "seq"]
    selected = ", ".join("rowid" if c == "seq" and c not in present else f'"{c}"' for c in columns)
    cursor = sqlite.execute(f'SELECT {selected} FROM "{table}"')
    count = 0

    def rows() -> Any:
        nonlocal count
        for row in cursor:
            count += 1
            yield row

    with db.transaction(), db.cursor() as pg:
        pg.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        pg.execute(f"TRUNCATE {table}")
        _copy(pg, table, columns, rows())
        pg.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
    return count


def _set_sequences(db: Any) -> None:
    """Each serial column's sequence set past the largest value copied, as the rows'
    inserts would have left it."""
    serials = db.execute(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = 'public' AND column_default LIKE 'nextval(%'"
    ).fetchall()
    for table, column in serials:
        db.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), "
            f"COALESCE((SELECT max({column}) FROM {table}), 0) + 1, false)"
        )

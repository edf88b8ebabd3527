from __future__ import annotations

import os
import sqlite3
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from dateline.store.sql import SQLStore
from dateline.store.sqlite import SQLiteStore
from tests.store.postgres_server import PostgresUnavailable, postgres_server


@pytest.fixture(scope="session")
def postgres_admin_url() -> Iterator[str]:
    try:
        with postgres_server() as url:
            yield url
    except PostgresUnavailable as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL is required in CI: {exc}")
        pytest.skip(str(exc))


def make_postgres_database(admin_url: str) -> str:
    """A fresh, empty database on the test server; returns its URL."""
    import psycopg

    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    return admin_url.rsplit("/", 1)[0] + f"/{name}"


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SQLStore]:
    """Every backend, so the same tests hold for each."""
    if request.param == "sqlite":
        from dateline.store.sqlite import SQLiteStore

        backend: SQLStore = SQLiteStore(tmp_path / "corpus.db")
    else:
        from dateline.store.postgres import PostgresStore

        url = make_postgres_database(request.getfixturevalue("postgres_admin_url"))
        backend = PostgresStore(url)
    yield backend
    backend.close()


def sqlite_at_version(path: Path, version: int) -> sqlite3.Connection:
    """A new SQLite file at ``path`` built by the migrations up to ``version``, open: an old
    user's store, for a test to fill before the next open upgrades it."""
    from dateline.store.sqlite_schema import MIGRATIONS

    db = sqlite3.connect(path)
    for target, script in MIGRATIONS:
        if target <= version:
            db.executescript(script)
            db.execute(f"PRAGMA user_version = {target}")
    return db


def sqlite_upgraded_from(
    path: Path, version: int, rows: Sequence[tuple[str, Sequence[Sequence[Any]]]]
) -> SQLiteStore:
    """The store at ``path`` opened (so upgraded) after a file of schema ``version`` was
    filled with ``rows`` (each statement with the rows it inserts)."""
    db = sqlite_at_version(path, version)
    for statement, values in rows:
        db.executemany(statement, values)
    db.commit()
    db.close()
    return SQLiteStore(path)


def downgrade_sqlite(db: sqlite3.Connection, version: int) -> None:
    """Make the open SQLite file ``db`` look as schema ``version`` left it: drop what every
    later migration created (found by applying the migrations to an empty database), the
    columns it added included, give back a trigger a later migration replaced its earlier
    form, and set its version, so that the next open upgrades it as it would an old user's
    store."""
    from dateline.store.sqlite_schema import MIGRATIONS

    earlier = sqlite3.connect(":memory:")
    for _, statements in [m for m in MIGRATIONS if m[0] <= version]:
        earlier.executescript(statements)
    for name, sql in earlier.execute(_TRIGGERS).fetchall():
        query = ("SELECT sql FROM sqlite_master WHERE name = ?", (name,))
        # a connection, or the store's transaction (whose execute returns no cursor)
        now = db.fetchall(*query) if hasattr(db, "fetchall") else db.execute(*query).fetchall()
        if now and now[0][0] != sql:  # before a table it reads can go
            db.execute(f"DROP TRIGGER {name}")
            db.execute(sql)
    earlier.close()

    def created(migrations: list[tuple[int, str]]) -> set[tuple[str, str]]:
        """(kind, name) of each object, and ("column", "table.column") of each column."""
        empty = sqlite3.connect(":memory:")
        for _, statements in migrations:
            empty.executescript(statements)
        names = {(str(kind), str(name)) for kind, name in empty.execute(_OBJECTS)}
        for _, table in [item for item in names if item[0] == "table"]:
            for column in empty.execute(f"SELECT name FROM pragma_table_info('{table}')"):
                names.add(("column", f"{table}.{column[0]}"))
        empty.close()
        return names

    later = created(MIGRATIONS) - created([m for m in MIGRATIONS if m[0] <= version])
    for kind in ("trigger", "index", "table"):  # a table's triggers and indexes go first
        for _, name in sorted(item for item in later if item[0] == kind):
            db.execute(f"DROP {kind.upper()} IF EXISTS {name}")
    for _, name in sorted(item for item in later if item[0] == "column"):
        table, column = name.split(".")
        if ("table", table) not in later:
            db.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    db.execute(f"PRAGMA user_version = {version}")


def postgres_at_version(
    admin_url: str, version: int, rows: Sequence[tuple[str, Sequence[Sequence[Any]]]]
) -> str:
    """A new PostgreSQL database as schema ``version`` (16 or later) left it, holding
    ``rows`` (statements with ``?`` placeholders, each with its rows): an old user's store,
    for the next open to upgrade. Returns its URL."""
    import psycopg

    from dateline.store.postgres import PostgresStore

    url = make_postgres_database(admin_url)
    PostgresStore(url).close()
    with psycopg.connect(url) as db, db.cursor() as cursor:
        downgrade_postgres(cursor, version)
        for statement, values in rows:
            cursor.executemany(statement.replace("?", "%s"), values)
    return url


def downgrade_postgres(db: Any, version: int) -> None:
    """Make a PostgreSQL store look as schema ``version`` (16 or later) left it: each later
    schema taken away, latest first, and their version rows deleted (``db``: a session or a
    psycopg cursor, in a transaction)."""
    undo = {
        23: lambda: db.execute("DROP TABLE entity_part_keys"),
        22: lambda: db.execute("DROP INDEX entities_rank"),
        21: lambda: db.execute("DROP INDEX articles_language"),
        20: lambda: undo_article_categories(db),
        19: lambda: undo_story_sizes(db),
        18: lambda: undo_stale_entities(db),
        17: lambda: undo_story_key_spans(db),
    }
    assert version >= min(undo) - 1, "downgrade_postgres goes back to schema 16 at most"
    for target in sorted(undo, reverse=True):
        if target > version:
            undo[target]()
    db.execute(f"DELETE FROM dateline_schema WHERE version > {int(version)}")


def undo_article_categories(db: Any) -> None:
    """Take a PostgreSQL store's schema 20 away (its version row aside): the articles'
    category rows and their delete trigger."""
    db.execute("DROP TRIGGER article_categories_gone ON articles")
    db.execute("DROP FUNCTION article_categories_gone()")
    db.execute("DROP TABLE article_categories")


def undo_story_sizes(db: Any) -> None:
    """Take a PostgreSQL store's schema 19 away (its version row aside): the stories' sizes,
    their index, triggers and trigger functions."""
    db.execute("DROP TRIGGER story_sizes_story ON stories")
    for trigger in ("story_sizes_members", "story_sizes_moved"):
        db.execute(f"DROP TRIGGER {trigger} ON story_articles")
    for function in ("story_sizes_story", "story_sizes_members"):
        db.execute(f"DROP FUNCTION {function}()")
    db.execute("DROP INDEX stories_size")
    db.execute("ALTER TABLE stories DROP COLUMN article_count")


def undo_stale_entities(db: Any) -> None:
    """Take a PostgreSQL store's schema 18 away (its version row aside): the table of stale
    profile entities, and the mention trigger's function as schema 15 wrote it."""
    from dateline.store.sql_thread_profiles import postgres_mention_trigger_upgrade

    db.execute("DROP TABLE story_thread_stale_entities")
    db.execute(postgres_mention_trigger_upgrade())


def undo_story_key_spans(db: Any) -> None:
    """Take a PostgreSQL store's schema 17 away (its version row aside): the story key rows'
    spans of days and their index."""
    db.execute("DROP INDEX link_story_keys_span")
    for column in ("first_day", "last_day"):
        db.execute(f"ALTER TABLE link_story_keys DROP COLUMN {column}")


_OBJECTS = "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
_TRIGGERS = "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"

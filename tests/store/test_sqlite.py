from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from dateline.store.interface import StoreError
from dateline.store.sqlite import SQLiteStore, fts_query
from dateline.store.sqlite_schema import LATEST_VERSION
from tests.store.test_store import seed_articles


def test_fts_query_quotes_every_word() -> None:
    assert fts_query('Kim OR "Putin"') == '"Kim" "OR" "Putin"'
    assert fts_query("ivash*") == '"ivash"*'


def test_schema_version_and_newer_database(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    assert SQLiteStore(path).schema_version == LATEST_VERSION
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    with pytest.raises(StoreError, match="newer than this dateline"):
        SQLiteStore(path)


def test_read_only_database_gives_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    writer = SQLiteStore(path)
    writer.add_articles(seed_articles()[:1])
    writer.close()
    reader = SQLiteStore(path, read_only=True)
    assert reader.count_articles() == 1
    with pytest.raises(StoreError, match=r"readonly|read-only"):
        reader.add_articles(seed_articles()[1:])


def test_not_a_database_gives_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match=r"junk\.db"):
        SQLiteStore(path)


def test_readers_see_committed_data_during_a_write(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    writer = SQLiteStore(path)
    writer.add_articles(seed_articles()[:1])
    reader = SQLiteStore(path)
    counts: list[int] = []
    in_write = threading.Event()
    release = threading.Event()

    def slow_write() -> None:
        with writer._transaction() as db:
            db.execute("INSERT INTO meta VALUES ('busy', '1')")
            in_write.set()
            release.wait(5)

    thread = threading.Thread(target=slow_write)
    thread.start()
    in_write.wait(5)
    counts.append(reader.count_articles())  # WAL: a reader is not blocked by the writer
    release.set()
    thread.join()
    assert counts == [1]
    assert reader.get_meta("busy") == "1"

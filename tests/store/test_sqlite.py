from __future__ import annotations

import multiprocessing
import os
import sqlite3
import threading
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from dateline.store.budget import QueryBudget, QueryInterrupted
from dateline.store.interface import SearchQueryError, StoreError
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


def test_a_reading_thread_s_connection_is_closed_once_the_thread_has_ended(
    tmp_path: Path,
) -> None:
    """A server's worker threads come and go (anyio retires one idle for 10 s); each read on a
    connection of its own, which stayed open with two file descriptors until the store
    closed, so a long-running server ran out of them."""
    store = SQLiteStore(tmp_path / "c.db")
    store.add_articles(seed_articles()[:1])
    counts: list[int] = []

    def read() -> None:
        counts.append(store.count_articles())

    descriptors = len(os.listdir("/proc/self/fd")) if Path("/proc/self/fd").exists() else None
    for _ in range(50):
        thread = threading.Thread(target=read)
        thread.start()
        thread.join()
    assert counts == [1] * 50
    assert len(store._readers) == 1  # the last thread's, closed when the next one reads
    if descriptors is not None:
        assert len(os.listdir("/proc/self/fd")) <= descriptors + 3
    # a thread still alive keeps its connection, and reads on it again
    held, release = threading.Event(), threading.Event()

    def read_twice() -> None:
        counts.append(store.count_articles())
        held.set()
        release.wait(5)
        counts.append(store.count_articles())

    long_lived = threading.Thread(target=read_twice)
    long_lived.start()
    held.wait(5)
    for _ in range(5):
        thread = threading.Thread(target=read)
        thread.start()
        thread.join()
    release.set()
    long_lived.join()
    assert counts[-7:] == [1] * 7
    store.close()
    assert store._readers == []


def _open_and_write(path: str, start: Any, results: Any) -> None:
    start.wait()
    try:
        store = SQLiteStore(path)
        store.add_articles(seed_articles()[:1])
        results.put(("ok", store.schema_version))
        store.close()
    except Exception as exc:  # reported to the parent, which asserts none happened
        results.put(("error", f"{type(exc).__name__}: {exc}"))


def test_processes_creating_one_new_file_at_once_all_succeed(tmp_path: Path) -> None:
    context = multiprocessing.get_context("fork")
    processes = 6
    for trial in range(3):
        path = str(tmp_path / f"new{trial}.db")
        start = context.Barrier(processes)
        results = context.Queue()
        workers = [
            context.Process(target=_open_and_write, args=(path, start, results))
            for _ in range(processes)
        ]
        for worker in workers:
            worker.start()
        outcomes = [results.get(timeout=60) for _ in workers]
        for worker in workers:
            worker.join(timeout=30)
        assert outcomes == [("ok", LATEST_VERSION)] * processes
        store = SQLiteStore(path)
        assert store.count_articles() == 1
        store.close()


def test_search_refuses_too_many_words_before_running(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "c.db")
    store.add_articles(seed_articles())
    assert len(fts_query("s* " * 166).split()) == 1  # a repeated word counts once
    with pytest.raises(SearchQueryError, match="words ending in"):
        store.search("a* b* c* d* e*")
    with pytest.raises(SearchQueryError, match="at most 16"):
        store.search(" ".join(f"word{n}" for n in range(17)))
    store.close()


def test_a_search_stops_when_its_budget_is_spent_or_cancelled(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "c.db")
    store.add_articles(seed_articles())
    assert store.search("Ivashentsov", budget=QueryBudget(30))
    with pytest.raises(QueryInterrupted, match="budget"):
        store.search("Ivashentsov", budget=QueryBudget(0))
    cancelled = QueryBudget(30)
    cancelled.cancel()
    with pytest.raises(QueryInterrupted, match="client has gone"):
        store.search("Ivashentsov", budget=cancelled)
    assert store.search("Ivashentsov")  # the connection is usable afterwards

    class Expiring(QueryBudget):  # spent while the query runs, after a few checks
        checks = 0

        def exhausted(self) -> bool:
            self.checks += 1
            return self.checks > 3

    original = next(a for a in seed_articles() if "Ivashéntsov" in a.text)
    many = [replace(original, id=f"copy{n}", title=f"Copy {n}") for n in range(300)]
    store.add_articles(many)
    running = Expiring(30)
    with pytest.raises(QueryInterrupted):
        store.search("Ivashentsov", budget=running)
    assert running.checks > 3
    store.close()


def _mapped(store: SQLiteStore) -> int:
    """How much of the file the calling thread's reading connection maps."""
    with store._read() as db:
        return int(db.fetchall("PRAGMA mmap_size")[0][0])


def test_only_a_store_opened_for_serving_maps_its_file(tmp_path: Path) -> None:
    from dateline.api import open_store
    from dateline.store.sqlite import READ_MMAP_BYTES

    path = tmp_path / "corpus.db"
    plain = SQLiteStore(path)  # ingest, annotate, link: resident memory not grown by the file
    assert _mapped(plain) == 0
    served = SQLiteStore(path, read_mmap_bytes=READ_MMAP_BYTES)
    assert _mapped(served) == READ_MMAP_BYTES
    for store in (plain, served):
        store.close()
    for serving, mapped in ((False, 0), (True, READ_MMAP_BYTES)):
        opened = open_store(path, serving=serving)
        assert isinstance(opened, SQLiteStore) and _mapped(opened) == mapped
        opened.close()
    with pytest.raises(ValueError, match="negative"):
        SQLiteStore(path, read_mmap_bytes=-1)


def test_a_links_reads_of_the_marked_articles_and_blocks_go_by_key(tmp_path: Path) -> None:
    """What a batch reads of the entity-link state searches its keys: without statistics
    SQLite took the marks' join the wrong way round and scanned every annotated article (0.45
    CPU s of a batch at 1,000,000), and counted a big block's every row to know it was big."""
    import dateline.store.sqlite as sqlite_store

    store = SQLiteStore(tmp_path / "plans.db")
    statements: list[str] = []
    original = sqlite_store._SQLiteSession.fetchall

    def recording(session: Any, sql: str, params: Any = ()) -> Any:
        statements.append(sql)
        return original(session, sql, params)

    try:
        sqlite_store._SQLiteSession.fetchall = recording  # type: ignore[method-assign]
        store.changed_entity_articles()
        store.sampled_entity_block_articles(["vladimir putin", "oslo"], 100)
        sqlite_store._SQLiteSession.fetchall = original  # type: ignore[method-assign]
        assert len(statements) == 3
        for sql in statements:
            params = ["x"] * sql.count("?")
            plan = [str(row[3]) for row in store._db.execute(f"EXPLAIN QUERY PLAN {sql}", params)]
            assert not [step for step in plan if step.startswith("SCAN")], (sql, plan)
            assert not [step for step in plan if "TEMP B-TREE" in step], (sql, plan)
    finally:
        sqlite_store._SQLiteSession.fetchall = original  # type: ignore[method-assign]
        store.close()


def test_a_schema_17_store_marks_the_profile_entities_it_had_dropped(tmp_path: Path) -> None:
    """Schema 18 keeps stale entities' parts in a table of marks: the upgrade marks those the
    earlier trigger had dropped, and the profiles read as they did."""
    from tests.store.conftest import downgrade_sqlite

    path = tmp_path / "old.db"
    SQLiteStore(path).close()
    with sqlite3.connect(path) as db:
        downgrade_sqlite(db, 17)
        db.executemany("INSERT INTO stories (id, title) VALUES (?, ?)", [("s1", ""), ("s2", "")])
        db.executemany(
            "INSERT INTO story_thread_profiles VALUES (?, ?, ?)",
            [("s1", b"one", None), ("s2", b"two", "2")],
        )
    store = SQLiteStore(path)
    assert store.schema_version == LATEST_VERSION >= 18
    marked = store._query("SELECT story_id FROM story_thread_stale_entities")
    assert [row["story_id"] for row in marked] == ["s1"]
    assert store.thread_profiles(["s1", "s2"]) == {"s1": (b"one", None), "s2": (b"two", "2")}
    store.close()


def test_the_other_languages_are_counted_by_the_language_index(tmp_path: Path) -> None:
    """Two ranges of the language index around English, never a read of every article."""
    store = SQLiteStore(tmp_path / "languages.db")
    statements: list[str] = []
    original = store._query

    def recording(sql: str, params: Any = ()) -> Any:
        statements.append(sql)
        return original(sql, params)

    store._query = recording  # type: ignore[method-assign]
    assert store.other_language_counts("en", 0.8) == {}
    assert len(statements) == 2
    for sql in statements:
        plan = [str(row[3]) for row in store._db.execute(f"EXPLAIN QUERY PLAN {sql}", ["en", 0.8])]
        assert any("articles_language" in step for step in plan), plan
        assert not [step for step in plan if step.startswith("SCAN articles")], plan
    store.close()


def test_a_language_filter_reads_the_language_index(tmp_path: Path) -> None:
    """Listing and counting the articles of a language walk its range of the index (a rare
    language costs nothing, a common one its index entries), in any case of the code."""
    from dateline.records import Article
    from dateline.store.interface import ArticleFilter

    store = SQLiteStore(tmp_path / "languages.db")
    store.add_articles(
        [
            Article(id=f"a{i}", text=f"Report {i}.", language=("en", "fr", "EN")[i % 3])
            for i in range(9)
        ]
    )
    for code in ("en", "EN", "En"):
        filters = ArticleFilter(language=code)
        listed = [a.id for a in store.iter_articles(filters)]
        assert listed == [f"a{i}" for i in range(9) if i % 3 != 1]
        assert store.count_articles(filters) == 6
    assert store.count_articles(ArticleFilter(language="de")) == 0
    where, params = store._filter_sql(ArticleFilter(language="fr"))
    plan = [
        str(row[3])
        for row in store._db.execute(
            f"EXPLAIN QUERY PLAN SELECT count(*) FROM articles a WHERE 1 = 1{where}", params
        )
    ]
    assert any("articles_language" in step for step in plan), plan
    store.close()

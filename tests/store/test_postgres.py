from __future__ import annotations

import threading
import time

import pytest

from dateline.store.budget import QueryBudget, QueryInterrupted
from dateline.store.interface import StoreError
from dateline.store.postgres import PostgresStore, tsquery
from dateline.store.postgres_schema import LATEST_VERSION
from tests.store.conftest import (
    downgrade_postgres,
    make_postgres_database,
)
from tests.store.test_sql_links import (
    SCHEMA_16_DAYS,
    SCHEMA_16_KEYS,
    assert_story_keys_have_their_spans,
)
from tests.store.test_store import seed_articles


def test_tsquery_never_passes_syntax_through() -> None:
    assert tsquery("Kim & Putin | !x") == "'Kim' & 'Putin' & 'x'"
    assert tsquery("ivash*") == "'ivash':*"
    assert tsquery("'); DROP TABLE articles; --") == "'DROP' & 'TABLE' & 'articles'"


def test_unreachable_server_is_a_clear_error() -> None:
    with pytest.raises(
        StoreError, match=r"cannot connect to postgresql://nobody:\*\*\*@127\.0\.0\.1:1/x"
    ) as e:
        PostgresStore("postgresql://nobody:pw5ecret@127.0.0.1:1/x?connect_timeout=2")
    assert "pw5ecret" not in str(e.value)


def test_migrations_run_once_and_record_the_version(postgres_admin_url: str) -> None:
    url = make_postgres_database(postgres_admin_url)
    first = PostgresStore(url)
    first.add_articles(seed_articles())
    first.close()
    again = PostgresStore(url)  # a second open must not re-run a migration
    assert again.schema_version == LATEST_VERSION
    assert again.count_articles() == 2
    again.close()


def test_a_running_query_is_cancelled_on_the_server_when_its_client_goes(
    postgres_admin_url: str,
) -> None:
    store = PostgresStore(make_postgres_database(postgres_admin_url))
    budget = QueryBudget(30)
    threading.Timer(0.3, budget.cancel).start()
    started = time.monotonic()
    with pytest.raises(QueryInterrupted, match="client has gone"):
        store._query_within(budget, "SELECT pg_sleep(?)", [20])
    assert time.monotonic() - started < 10  # not the 20 s sleep, nor the 30 s budget
    assert store.count_articles() == 0  # the connection is still usable
    store.close()


def test_reads_from_other_threads_do_not_wait_for_the_store_lock(postgres_admin_url: str) -> None:
    """A server's requests read side by side: a thread reads through a connection of its own,
    and sees what the store's own connection wrote."""
    store = PostgresStore(make_postgres_database(postgres_admin_url))
    store.add_articles(seed_articles())
    counted: list[int] = []
    with store._lock:  # held here as a write would hold it
        reader = threading.Thread(target=lambda: counted.append(store.count_articles()))
        reader.start()
        reader.join(timeout=30)
        assert counted == [2]
    threads = [
        threading.Thread(target=lambda: counted.append(len(store.search("Putin"))))
        for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert counted[1:] == [len(store.search("Putin"))] * 4
    store.close()


def test_many_reading_threads_share_a_few_connections(
    postgres_admin_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A server's 40 request threads read through a bounded pool, not a connection each:
    past the bound a read waits for a free connection, and every read still answers."""
    import dateline.store.postgres as postgres

    monkeypatch.setattr(postgres, "READ_CONNECTIONS", 3)
    url = make_postgres_database(postgres_admin_url)
    store = PostgresStore(url)
    store.add_articles(seed_articles())
    answers: list[int] = []

    def read() -> None:
        store._query("SELECT pg_sleep(0.05)")
        answers.append(store.count_articles())

    threads = [threading.Thread(target=read) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert answers == [2] * 12
    assert store._readers.size == 3
    import psycopg

    database = url.rsplit("/", 1)[1]
    with psycopg.connect(postgres_admin_url) as admin:
        row = admin.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s", (database,)
        ).fetchone()
    assert row is not None and row[0] == 4  # the pool's three and the store's own
    store.close()


def test_a_reader_whose_server_connection_died_is_replaced(postgres_admin_url: str) -> None:
    store = PostgresStore(make_postgres_database(postgres_admin_url))
    store.add_articles(seed_articles())
    counted: list[int] = []

    def count() -> None:
        counted.append(store.count_articles())

    first = threading.Thread(target=count)
    first.start()
    first.join(timeout=30)
    import psycopg

    with psycopg.connect(postgres_admin_url, autocommit=True) as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
            (store._url.rsplit("/", 1)[1],),
        )
    for _ in range(2):  # the dead one fails once with a clear error, then a new one is opened
        thread = threading.Thread(target=lambda: _count_or_error(store, counted))
        thread.start()
        thread.join(timeout=30)
    assert counted[0] == 2 and counted[-1] == 2
    store.close()


def _count_or_error(store: PostgresStore, counted: list[int]) -> None:
    try:
        counted.append(store.count_articles())
    except StoreError:
        counted.append(-1)


def test_the_search_vectors_keep_statistics_for_ten_thousand_words(
    postgres_admin_url: str,
) -> None:
    """A rare name is estimated from the statistics, not guessed common, so its search
    reads the GIN index instead of walking back through the newest articles."""
    import psycopg

    url = make_postgres_database(postgres_admin_url)
    PostgresStore(url).close()
    with psycopg.connect(url) as db:
        row = db.execute(
            "SELECT attstattarget FROM pg_attribute "
            "WHERE attrelid = 'articles'::regclass AND attname = 'search_vector'"
        ).fetchone()
    assert row is not None and row[0] == 1000


@pytest.mark.parametrize("threshold", [0.0, 1e9])
def test_a_search_ranks_the_same_latest_matches_read_either_way(
    postgres_admin_url: str, monkeypatch: pytest.MonkeyPatch, threshold: float
) -> None:
    """Walking the newest articles back or reading the GIN index finds the same latest
    matches; which one runs depends on the planner's estimate of the matches."""
    import dateline.store.postgres as postgres
    from dateline.records import Article

    store = PostgresStore(make_postgres_database(postgres_admin_url))
    store.add_articles(
        [
            Article(
                id=f"n{n}",
                text=f"The ferry crossing number {n} was calm{' and slow' * (n % 3)}.",
                title=f"Note {n}",
                published="2024-05-01",
            )
            for n in range(12)
        ]
    )
    monkeypatch.setattr(postgres, "SEARCH_CANDIDATES", 5)
    monkeypatch.setattr(store, "_match_estimate", lambda *args: (threshold, 1.0))
    hits = store.search("ferry crossing")
    assert {hit.article_id for hit in hits} == {f"n{n}" for n in range(7, 12)}
    assert [hit.article_id for hit in store.search("slow")][:1] in (["n11"], ["n8"])
    store.close()


def test_the_match_estimate_comes_from_the_planner(postgres_admin_url: str) -> None:
    store = PostgresStore(make_postgres_database(postgres_admin_url))
    store.add_articles(seed_articles())
    store._write("ANALYZE articles")
    matches, articles = store._match_estimate(tsquery("Putin"), "", [])
    assert 0 < matches <= articles and articles >= 1
    store.close()


def test_a_schema_16_store_gives_its_story_keys_their_spans(postgres_admin_url: str) -> None:
    """Schema 17 as it runs on a PostgreSQL store linked before it (the SQLite upgrade:
    ``tests/store/test_sql_links.py``)."""
    url = make_postgres_database(postgres_admin_url)
    store = PostgresStore(url)
    with store._transaction() as db:  # back to schema 16, with a story index written by it
        downgrade_postgres(db, 16)
        db.executemany(
            "INSERT INTO link_story_keys (feature, story_id) VALUES (?, ?)", SCHEMA_16_KEYS
        )
        db.executemany("INSERT INTO link_story_days (story_id, day) VALUES (?, ?)", SCHEMA_16_DAYS)
    store.close()
    store = PostgresStore(url)
    assert store.schema_version == LATEST_VERSION >= 17
    assert_story_keys_have_their_spans(store)
    store.close()

"""bench_link's PostgreSQL base: the SQLite base copied into a PostgreSQL store links there."""

from __future__ import annotations

import sys
from pathlib import Path

from tests.store.conftest import make_postgres_database

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))


def test_a_copied_base_holds_the_base_and_links_as_it_does(
    postgres_admin_url: str, tmp_path: Path
) -> None:
    import sqlite3

    import psycopg

    from dateline.api import Corpus
    from dateline.store.postgres import PostgresStore
    from dateline.store.sqlite import SQLiteStore
    from link_corpus import build_linked
    from postgres_copy import SQLITE_ONLY, copy_sqlite_store

    path = tmp_path / "corpus-direct-60.db"
    batch = build_linked(path, 60, 10)
    url = make_postgres_database(postgres_admin_url)
    copy_sqlite_store(path, url)

    # every table's rows, the tables the triggers keep (the unlinked batch) included
    source = sqlite3.connect(path)
    tables = [
        name
        for (name,) in source.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if not name.startswith(SQLITE_ONLY)
    ]
    with psycopg.connect(url) as db:
        for table in tables:
            expected = source.execute(f'SELECT count(*) FROM "{table}"').fetchone()
            found = db.execute(f"SELECT count(*) FROM {table}").fetchone()
            assert found == expected, table
        unplaced = {row[0] for row in db.execute("SELECT article_id FROM link_unplaced")}
        assert unplaced == set(batch)
        # the sequences go on after the copied rows
        last = db.execute("SELECT max(seq) FROM articles").fetchone()
        following = db.execute("SELECT nextval(pg_get_serial_sequence('articles', 'seq'))")
        assert last is not None and following.fetchone() == (last[0] + 1,)
    source.close()

    copied = Corpus(PostgresStore(url))
    base = Corpus(SQLiteStore(path))
    try:
        for corpus in (copied, base):
            assert corpus.store.count_articles() == 70
        assert copied.store.count_stories() == base.store.count_stories()
        assert len(list(copied.store.iter_entities())) == len(list(base.store.iter_entities()))
        # the search vectors were made as the rows went in
        word = "Person"
        assert copied.store.search(word) and base.store.search(word)
        copied.link()
        base.link()
        assert copied.store.count_stories() == base.store.count_stories()
        assert len(list(copied.store.iter_entities())) == len(list(base.store.iter_entities()))
        # the same stories, the batch placed as in the base
        assert sorted(sorted(s.article_ids) for s in copied.store.iter_stories()) == sorted(
            sorted(s.article_ids) for s in base.store.iter_stories()
        )
        for corpus in (copied, base):
            assert not corpus.store.changed_entity_articles()
            assert all(m.entity_id for m in corpus.store.mentions_in(batch))
            placed = {a for s in corpus.store.iter_stories() for a in s.article_ids}
            assert set(batch) <= placed
    finally:
        copied.close()
        base.close()

"""Reliability of the store under stress: a full disk, a read-only file, readers during a write."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dateline.api import open_corpus
from dateline.ingest.clean import clean_text
from dateline.ingest.identity import article_id_from_hash, content_hash
from dateline.ingest.options import IngestOptions
from dateline.records import Annotations, Article, TimeExpr
from dateline.store.interface import StoreError
from dateline.store.sqlite import SQLiteStore
from tests.conftest import SEED_2014, SEED_2019, SEEDS


def seed_variants(count: int) -> list[Article]:
    """Distinct articles of real seed text: each a rotation of the seeds' paragraphs."""
    paragraphs = [
        p
        for seed in (SEED_2014, SEED_2019)
        for p in clean_text(seed.read_text(encoding="utf-8")).text.split("\n")
        if len(p) > 60
    ]
    articles = []
    for n in range(count):
        text = "\n".join(paragraphs[(n + k) % len(paragraphs)] for k in range(6))
        text = f"Dispatch {n}.\n{text}"
        digest = content_hash(text)
        articles.append(
            Article(
                id=article_id_from_hash(digest),
                text=text,
                title=f"Dispatch {n}",
                content_hash=digest,
                published="2019-04-25",
                published_basis="metadata",
            )
        )
    return articles


def integrity(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])


def cap_database_size(store: SQLiteStore, extra_pages: int) -> None:
    """Let the file grow by ``extra_pages`` pages at most: the disk is then full for SQLite."""
    pages = int(store._db.execute("PRAGMA page_count").fetchone()[0])
    store._db.execute(f"PRAGMA max_page_count = {pages + extra_pages}")


# -- a full disk --------------------------------------------------------------------------------
def test_full_disk_is_a_clear_error_and_the_batch_rolls_back(tmp_path: Path) -> None:
    db = tmp_path / "full.db"
    articles = seed_variants(400)
    store = SQLiteStore(db)
    assert store.add_articles(articles[:20]) == [True] * 20
    store._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    cap_database_size(store, extra_pages=8)
    with pytest.raises(StoreError) as error:
        store.add_articles(articles[20:])
    message = str(error.value)
    assert str(db) in message and "full" in message
    # The failed batch left nothing behind; what was there is intact and readable.
    assert store.count_articles() == 20
    assert {a.title for a in store.iter_articles()} == {f"Dispatch {n}" for n in range(20)}
    assert store.search("Vladivostok")
    store.close()
    assert integrity(db) == "ok"
    reopened = SQLiteStore(db)
    assert reopened.count_articles() == 20
    assert reopened.add_articles(articles[20:25]) == [True] * 5  # room again once reopened
    reopened.close()


def test_full_disk_during_annotations_keeps_earlier_annotations(tmp_path: Path) -> None:
    db = tmp_path / "full.db"
    store = SQLiteStore(db)
    articles = seed_variants(60)
    store.add_articles(articles)
    first = Annotations(
        articles[0].id,
        times=(TimeExpr(articles[0].id, 0, 8, articles[0].text[:8], "DATE", "2019-04-25"),),
    )
    store.put_annotations([first])
    store._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    cap_database_size(store, extra_pages=2)
    many = [
        Annotations(
            a.id,
            times=tuple(
                TimeExpr(a.id, i, i + 5, a.text[i : i + 5], "DATE", "2019-04-25")
                for i in range(0, 2000, 5)
            ),
        )
        for a in articles[1:]
    ]
    with pytest.raises(StoreError, match="full"):
        store.put_annotations(many)
    assert store.get_annotations(articles[0].id) == first
    assert set(store.unannotated_article_ids()) == {a.id for a in articles[1:]}
    store.close()
    assert integrity(db) == "ok"


def test_ingest_on_a_full_disk_stops_with_store_error_and_keeps_earlier_batches(
    tmp_path: Path,
) -> None:
    source = tmp_path / "many.jsonl"
    with source.open("w", encoding="utf-8") as out:
        for article in seed_variants(300):
            out.write(json.dumps({"title": article.title, "text": article.text}) + "\n")
    db = tmp_path / "c.db"
    with open_corpus(db) as corpus:
        assert isinstance(corpus.store, SQLiteStore)
        corpus.store._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        cap_database_size(corpus.store, extra_pages=60)
        with pytest.raises(StoreError, match="full"):
            corpus.ingest([source], IngestOptions(batch_size=20, dedup=False))
        kept = corpus.store.count_articles()
        assert kept % 20 == 0 and 0 < kept < 300  # whole batches only
    assert integrity(db) == "ok"
    with open_corpus(db) as corpus:
        report = corpus.ingest([source], IngestOptions(batch_size=20, dedup=False))
        assert len(report.unchanged) == kept and len(report.added) == 300 - kept
        assert corpus.store.count_articles() == 300


# -- a read-only database ---------------------------------------------------------------------
@pytest.fixture
def seeded_db(tmp_path: Path) -> Path:
    db = tmp_path / "seeds.db"
    with open_corpus(db) as corpus:
        corpus.ingest([SEEDS])
    return db


def test_store_opened_read_only_reads_but_refuses_writes(seeded_db: Path) -> None:
    store = SQLiteStore(seeded_db, read_only=True)
    articles = list(store.iter_articles())
    assert len(articles) == 2
    assert store.search("Kim")
    with pytest.raises(StoreError, match=r"readonly|read-only") as error:
        store.add_articles(seed_variants(1))
    assert str(seeded_db) in str(error.value)
    with pytest.raises(StoreError, match=r"readonly|read-only"):
        store.put_annotations([Annotations(articles[0].id)])
    assert store.count_articles() == 2
    store.close()
    assert integrity(seeded_db) == "ok"


def test_missing_file_opened_read_only_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="unable to open") as error:
        SQLiteStore(tmp_path / "absent.db", read_only=True)
    assert "absent.db" in str(error.value)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through file permissions")
def test_read_only_file_permissions_give_a_clear_error(seeded_db: Path) -> None:
    seeded_db.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    seeded_db.parent.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        with pytest.raises(StoreError) as error:
            store = SQLiteStore(seeded_db)
            store.add_articles(seed_variants(1))
        assert str(seeded_db) in str(error.value)
    finally:
        seeded_db.parent.chmod(stat.S_IRWXU)
        seeded_db.chmod(stat.S_IRUSR | stat.S_IWUSR)
    assert integrity(seeded_db) == "ok"


# -- concurrent readers ---------------------------------------------------------------------
READER = """
import sys
from pathlib import Path
from dateline.store.sqlite import SQLiteStore

db, stop = Path(sys.argv[1]), Path(sys.argv[2])
store = SQLiteStore(db, read_only=True)  # the schema exists before readers start
counts = []
finished = False
while not finished:
    finished = stop.exists()  # one more read after the writer is done
    counts.append(store.count_articles())
    store.search("Putin Kim", limit=5)
print(" ".join(map(str, counts)))
"""


def test_readers_in_other_processes_never_fail_or_go_back_during_ingest(tmp_path: Path) -> None:
    source = tmp_path / "many.jsonl"
    total = 600
    with source.open("w", encoding="utf-8") as out:
        for article in seed_variants(total):
            out.write(json.dumps({"title": article.title, "text": article.text}) + "\n")
    db, stop = tmp_path / "c.db", tmp_path / "stop"
    with open_corpus(db):
        pass  # the schema exists before readers start
    readers = [
        subprocess.Popen(
            [sys.executable, "-c", READER, str(db), str(stop)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    time.sleep(1.0)
    with open_corpus(db) as corpus:
        report = corpus.ingest([source], IngestOptions(batch_size=25, dedup=False))
    assert len(report.added) == total
    stop.touch()
    seen: set[int] = set()
    for reader in readers:
        stdout, err = reader.communicate(timeout=60)
        assert reader.returncode == 0, err
        counts = [int(n) for n in stdout.split()]
        assert counts, "the reader never read"
        assert counts == sorted(counts), "a reader saw the count go down"
        assert all(n % 25 == 0 or n == total for n in counts), "a reader saw half a batch"
        assert counts[-1] == total
        seen.update(counts)
    assert any(0 < n < total for n in seen), "the readers should have read during the write"

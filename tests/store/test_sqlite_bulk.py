"""The benchmarks' bulk-loaded SQLite store holds what the store interface writes."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

#: columns whose value is the moment of writing
_WHEN = {"added_at", "annotated_at"}


def contents(path: Path) -> dict[str, Any]:
    """Every table's rows (articles with their rowids: search orders by them), the full-text
    index's every token instance, the schema and its version."""
    with sqlite3.connect(path) as db:
        tables = [
            str(row[0])
            for row in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'articles_fts%' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        found: dict[str, Any] = {}
        for table in tables:
            seq = "rowid AS seq, " if table == "articles" else ""  # some have no rowid
            cursor = db.execute(f"SELECT {seq}* FROM {table}")
            names = [column[0] for column in cursor.description]
            keep = [i for i, name in enumerate(names) if name not in _WHEN]
            found[table] = sorted(
                tuple(str(row[i]) for i in keep)
                for row in cursor
                if not (table == "meta" and row[1] == "synthetic_build_s")
            )
        db.execute(
            "CREATE VIRTUAL TABLE temp.fts_tokens USING fts5vocab(main, articles_fts, instance)"
        )
        found["fts tokens"] = db.execute(
            "SELECT term, doc, col, offset FROM temp.fts_tokens ORDER BY doc, col, offset"
        ).fetchall()
        found["schema"] = sorted(
            db.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall(),
            key=str,
        )
        found["version"] = db.execute("PRAGMA user_version").fetchone()
        found["journal"] = db.execute("PRAGMA journal_mode").fetchone()
        found["fts integrity"] = db.execute(
            "INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')"
        ).rowcount
    return found


def test_a_bulk_loaded_store_holds_what_the_store_interface_writes(tmp_path: Path) -> None:
    from bench_serve import build_sqlite_store, build_store

    written, loaded = tmp_path / "written.db", tmp_path / "loaded.db"
    build_store(str(written), 150, 40)
    build_sqlite_store(str(loaded), 150, 40)
    expected, found = contents(written), contents(loaded)
    assert found.keys() == expected.keys()
    for part in expected:
        assert found[part] == expected[part], part
    # the corpus is linked and searchable: summaries, speakers, participants, the index
    for table in ("entity_articles", "entity_cooccurrence", "story_entities", "event_participants"):
        assert found[table], table
    assert all(row[-1] != "None" for row in found["quotes"])
    assert found["fts tokens"]


def test_a_bulk_loaded_store_answers_as_the_written_one(tmp_path: Path) -> None:
    from bench_serve import build_sqlite_store, build_store
    from dateline.api import open_store

    written, loaded = tmp_path / "written.db", tmp_path / "loaded.db"
    build_store(str(written), 60, 12)
    build_sqlite_store(str(loaded), 60, 12)
    answers = []
    for path in (written, loaded):
        store = open_store(str(path))
        word = next(store.iter_articles(limit=1)).text.split()[-1].strip(".")
        entity = next(store.iter_entities())
        answers.append(
            (
                [hit.article_id for hit in store.search(word)],
                store.entity_summary(entity.id),
                store.co_occurring(entity.id),
            )
        )
        store.close()
    assert answers[0] == answers[1]
    assert answers[0][0]


def test_a_bulk_load_refuses_a_store_that_holds_articles(tmp_path: Path) -> None:
    from bench_serve import build_sqlite_store

    path = str(tmp_path / "store.db")
    build_sqlite_store(path, 10, 8)
    with pytest.raises(RuntimeError, match="empty store"):
        build_sqlite_store(path, 10, 8)

"""The benchmarks' bulk-loaded PostgreSQL store holds what the store interface writes."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from tests.store.conftest import make_postgres_database

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

#: columns whose value is the moment of writing or the order of arrival
_WHEN = {"seq", "added_at", "annotated_at"}


def _contents(url: str) -> dict[str, Any]:
    import psycopg

    with psycopg.connect(url) as db:
        tables = [
            row[0]
            for row in db.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        contents: dict[str, Any] = {}
        for table in tables:
            cursor = db.execute(f"SELECT * FROM {table}")
            names = [column.name for column in cursor.description or ()]
            keep = [i for i, name in enumerate(names) if name not in _WHEN]
            rows = [
                tuple(str(row[i]) for i in keep)
                for row in cursor
                if not (table == "meta" and row[0] == "synthetic_build_s")
            ]
            contents[table] = sorted(rows)
        contents["indexes"] = sorted(
            db.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'"
            ).fetchall()
        )
    return contents


def test_a_bulk_loaded_store_holds_the_rows_the_store_interface_writes(
    postgres_admin_url: str,
) -> None:
    from bench_serve import build_postgres_store, build_store

    written = make_postgres_database(postgres_admin_url)
    loaded = make_postgres_database(postgres_admin_url)
    build_store(written, 150, 40)
    build_postgres_store(loaded, 150, 40)
    expected, found = _contents(written), _contents(loaded)
    assert found.keys() == expected.keys()
    for table in expected:
        assert found[table] == expected[table], table
    # the corpus is linked: summaries, speakers and participants are filled
    for table in ("entity_articles", "entity_cooccurrence", "story_entities", "event_participants"):
        assert found[table], table
    assert all(row[-1] != "None" for row in found["quotes"])


def test_a_bulk_load_refuses_a_store_that_holds_articles(postgres_admin_url: str) -> None:
    from bench_serve import build_postgres_store

    url = make_postgres_database(postgres_admin_url)
    build_postgres_store(url, 10, 8)
    with pytest.raises(RuntimeError, match="empty store"):
        build_postgres_store(url, 10, 8)

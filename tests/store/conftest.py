from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from dateline.store.sql import SQLStore
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

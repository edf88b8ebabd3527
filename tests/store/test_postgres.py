from __future__ import annotations

import pytest

from dateline.store.interface import StoreError
from dateline.store.postgres import PostgresStore, _redact, tsquery
from dateline.store.postgres_schema import LATEST_VERSION
from tests.store.conftest import make_postgres_database
from tests.store.test_store import seed_articles


def test_tsquery_never_passes_syntax_through() -> None:
    assert tsquery("Kim & Putin | !x") == "'Kim' & 'Putin' & 'x'"
    assert tsquery("ivash*") == "'ivash':*"
    assert tsquery("'); DROP TABLE articles; --") == "'DROP' & 'TABLE' & 'articles'"


def test_password_is_not_shown() -> None:
    assert _redact("postgresql://me:secret@db.example/news") == "postgresql://me@db.example/news"


def test_unreachable_server_is_a_clear_error() -> None:
    with pytest.raises(StoreError, match=r"cannot connect to postgresql://nobody@127\.0\.0\.1:1/x"):
        PostgresStore("postgresql://nobody:pw@127.0.0.1:1/x?connect_timeout=2")


def test_migrations_run_once_and_record_the_version(postgres_admin_url: str) -> None:
    url = make_postgres_database(postgres_admin_url)
    first = PostgresStore(url)
    first.add_articles(seed_articles())
    first.close()
    again = PostgresStore(url)  # a second open must not re-run a migration
    assert again.schema_version == LATEST_VERSION
    assert again.count_articles() == 2
    again.close()

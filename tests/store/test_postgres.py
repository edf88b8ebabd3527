from __future__ import annotations

import pytest

from dateline.store.interface import StoreError
from dateline.store.postgres import PostgresStore, tsquery
from dateline.store.postgres_schema import LATEST_VERSION
from tests.store.conftest import make_postgres_database
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

"""The LSH band table behind near-duplicate detection, on every backend, and its migration."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from dateline.ingest.dedup import band_hashes, compute_signature, signature_to_bytes
from dateline.ingest.options import IngestOptions
from dateline.store.sql import SQLStore
from dateline.store.sqlite import SQLiteStore
from dateline.store.sqlite_schema import LATEST_VERSION, MIGRATIONS
from tests.conftest import SEED_2014, SEED_2019
from tests.store.test_store import seed_articles

OPTIONS = IngestOptions()


def seed_bands(text: str) -> tuple[bytes, list[bytes]]:
    signature = compute_signature(text, OPTIONS)
    assert signature is not None
    return signature_to_bytes(signature), band_hashes(signature, OPTIONS)


def test_candidates_share_a_band_and_come_in_the_order_they_were_put(store: SQLStore) -> None:
    _, bands_2014 = seed_bands(SEED_2014.read_text(encoding="utf-8"))
    _, bands_2019 = seed_bands(SEED_2019.read_text(encoding="utf-8"))
    assert store.lsh_candidates(bands_2014) == []
    store.put_lsh_bands([("a2019", bands_2019), ("a2014", bands_2014)])
    # a copy sharing only band 3 of the 2014 seed is still a candidate
    one_band = [b"\x00" * 8] * len(bands_2014)
    one_band[3] = bands_2014[3]
    assert store.lsh_candidates(one_band) == ["a2014"]
    assert store.lsh_candidates(bands_2019) == ["a2019"]
    # the same digest in another band position is not a match
    assert store.lsh_candidates([bands_2014[3]] * 3) == []
    store.put_lsh_bands([("copy", bands_2014)])
    assert store.lsh_candidates(bands_2014) == ["a2014", "copy"]
    assert store.lsh_candidates([]) == []


def test_putting_bands_again_adds_nothing_and_clear_forgets_them(store: SQLStore) -> None:
    _, bands = seed_bands(SEED_2014.read_text(encoding="utf-8"))
    store.put_lsh_bands([("a2014", bands)])
    store.put_lsh_bands([("a2014", bands)])
    store.put_lsh_bands([])
    assert store.lsh_candidates(bands) == ["a2014"]
    store.clear_lsh_bands()
    assert store.lsh_candidates(bands) == []


def test_limit_keeps_the_candidates_sharing_most_bands(store: SQLStore) -> None:
    _, bands = seed_bands(SEED_2019.read_text(encoding="utf-8"))
    partial = [(f"weak{n}", [bands[0], *([b"\xff" * 8] * (len(bands) - 1))]) for n in range(5)]
    store.put_lsh_bands([*partial, ("strong", bands)])
    assert store.lsh_candidates(bands, limit=2) == ["weak0", "strong"]
    assert len(store.lsh_candidates(bands)) == 6
    assert store.lsh_candidates(bands, limit=0) == []


def test_signatures_are_fetched_by_id(store: SQLStore) -> None:
    articles = seed_articles()
    signature, _ = seed_bands(articles[0].text)
    store.add_articles(articles, signatures=[signature, None])
    assert store.get_signatures(["a2014", "a2019", "missing", "a2014"]) == {"a2014": signature}
    assert store.get_signatures([]) == {}


def test_a_version_1_database_is_upgraded_and_keeps_its_data(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    signature, bands = seed_bands(SEED_2014.read_text(encoding="utf-8"))
    with sqlite3.connect(path) as db:
        db.executescript(f"BEGIN; {MIGRATIONS[0][1]}; PRAGMA user_version = 1; COMMIT;")
        db.execute("INSERT INTO articles (id, text, added_at) VALUES ('a2014', 'Kim visits.', 'x')")
        db.execute("INSERT INTO signatures VALUES ('a2014', ?)", (signature,))
    db.close()
    store = SQLiteStore(path)
    try:
        assert store.schema_version == LATEST_VERSION >= 2
        assert store.has_article("a2014")
        assert list(store.iter_signatures()) == [("a2014", signature)]
        assert store.lsh_candidates(bands) == []  # bands are derived later, by ingest
        store.put_lsh_bands([("a2014", bands)])
        assert store.lsh_candidates(bands) == ["a2014"]
    finally:
        store.close()


def test_replaced_signatures_keep_their_order_and_none_deletes(store: SQLStore) -> None:
    """Re-signing with other MinHash settings rewrites the rows in place, in one call."""
    articles = seed_articles()
    store.add_articles(articles, signatures=[seed_bands(a.text)[0] for a in articles])
    fewer = IngestOptions(num_perm=64)
    resigned: dict[str, bytes] = {}
    for article in articles:
        signature = compute_signature(article.text, fewer)
        assert signature is not None
        resigned[article.id] = signature_to_bytes(signature)
    store.replace_signatures([("a2019", resigned["a2019"]), ("a2014", resigned["a2014"])])
    assert list(store.iter_signatures()) == [
        ("a2014", resigned["a2014"]),
        ("a2019", resigned["a2019"]),
    ]
    store.replace_signatures([("a2014", None)])
    store.replace_signatures([])
    assert store.get_signatures(["a2014", "a2019"]) == {"a2019": resigned["a2019"]}
    assert [article.id for article in store.iter_articles()] == ["a2014", "a2019"]

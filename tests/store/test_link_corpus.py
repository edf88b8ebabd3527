"""bench_link's directly written base: a build that did not finish is not taken as built."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))


def test_a_base_counts_as_built_only_once_its_build_finished(tmp_path: Path) -> None:
    from dateline.store.sqlite import SQLiteStore
    from link_corpus import build_linked, is_built

    path = tmp_path / "corpus-direct-60.db"
    SQLiteStore(path).close()  # a build stopped before it wrote anything
    assert not is_built(path)
    batch = build_linked(path, 60, 10)  # resumes it
    assert is_built(path)
    assert len(batch) == 10
    store = SQLiteStore(path)
    try:
        assert store.count_articles() == 70
    finally:
        store.close()

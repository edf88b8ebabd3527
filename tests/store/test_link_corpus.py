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


def test_the_base_holds_the_times_and_tenses_annotate_writes() -> None:
    """A corrected date then re-resolves a base article's times without a parse, as it does
    for an article annotate stored (the bench measures what a user gets)."""
    from dataclasses import replace

    from bench_stories import synthetic_corpus
    from dateline.annotate.pipeline import article_times_and_tenses
    from dateline.annotate.redate import redated_annotations
    from link_corpus import _Figures, article_rows

    items, _vectors, _gold = synthetic_corpus(30)
    figures = _Figures(len(items)).names
    for item, figure in zip(items, figures, strict=True):
        article, annotations = article_rows(item, figure)
        times, tenses = article_times_and_tenses(article, None)
        assert annotations.times == tuple(times)
        assert annotations.tenses == tuple(tenses)
        corrected = replace(article, published="2015-01-02", published_basis="user")
        redated = redated_annotations(article, corrected, annotations)
        assert redated is not None
        assert redated.mentions == annotations.mentions

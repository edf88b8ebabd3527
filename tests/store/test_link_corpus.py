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


def test_a_later_batch_follows_the_store_with_stories_of_its_own(tmp_path: Path) -> None:
    """``add_batch`` stores the articles after the store's last, later in time, naming new
    stories' people (not the first stories' again), unlinked, and a link then takes them."""
    import re

    from dateline.api import Corpus
    from dateline.store.sqlite import SQLiteStore
    from link_corpus import add_batch, build_linked

    path = tmp_path / "corpus-direct-60.db"
    build_linked(path, 60, 10)
    corpus = Corpus(SQLiteStore(path))
    try:
        corpus.link()
        last = corpus.store.get_article("a0000069")
        assert last is not None and last.published is not None
        stories = {
            int(found.group(1))
            for m in corpus.store.mentions_in([f"a{i:07d}" for i in range(70)])
            if (found := re.match(r"Person (\d+)-", m.text))
        }
        batch = add_batch(corpus.store, 70, 10)
        assert batch == [f"a{i:07d}" for i in range(70, 80)]
        assert corpus.store.count_articles() == 80
        assert set(corpus.store.changed_entity_articles()) == set(batch)
        mentions = corpus.store.mentions_in(batch)
        people = {
            int(found.group(1)) for m in mentions if (found := re.match(r"Person (\d+)-", m.text))
        }
        assert people and min(people) > max(stories)
        for article_id in batch:
            article = corpus.store.get_article(article_id)
            assert article is not None and article.published is not None
            assert article.published >= last.published
        corpus.link()
        assert not corpus.store.changed_entity_articles()
        assert all(m.entity_id for m in corpus.store.mentions_in(batch))
    finally:
        corpus.close()


def test_a_later_batch_gets_the_figures_its_articles_would_have_had_in_one_flow() -> None:
    from link_corpus import _Figures

    assert _Figures(3_000, start=2_500).names == _Figures(3_000).names[2_500:]


def test_holding_a_step_s_copy_in_the_page_cache_reads_it_and_leaves_both_files_as_they_were(
    tmp_path: Path,
) -> None:
    from bench_link import hold_in_page_cache

    base, copy = tmp_path / "base.db", tmp_path / "step.db"
    content = bytes(range(256)) * 70_000  # past one 16 MiB read
    base.write_bytes(content)
    copy.write_bytes(content)
    hold_in_page_cache(copy, base)
    assert base.read_bytes() == content
    assert copy.read_bytes() == content

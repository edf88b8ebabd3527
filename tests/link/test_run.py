"""A link of many new articles runs in bounded batches, oldest first, each committed.

ECB+ dev (ingested and annotated once through the product) is linked through
``Corpus.link`` in one pass and in batches of 20; the batched run must agree with the one
pass within the tolerances of the incremental-linking tests (entities B³ F1 >= 0.98,
stories >= 0.93), place every article, link every mention, and keep what each committed
batch wrote when a later batch fails.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dateline.api import open_corpus
from dateline.evaluate.clustering_metrics import b_cubed
from dateline.link import run
from dateline.link.run import link_corpus, oldest_first_batches
from dateline.records import Article
from dateline.store.sqlite import SQLiteStore

BATCH = 20
MIN_ENTITY_AGREEMENT = 0.98
MIN_STORY_AGREEMENT = 0.93


Linked = tuple[dict[str, str], dict[tuple[str, int, int], str]]


def _link_copy(source: Path, folder: Path, batch_size: int) -> tuple[Linked, bool]:
    """(article -> story, mention -> entity) after ``Corpus.link`` of a copy of ``source``,
    and whether linking again changed nothing."""
    path = folder / "corpus.db"
    shutil.copy(source, path)
    with open_corpus(path) as corpus:
        counts = corpus.link(batch_size=batch_size)
        stories = {a: s.id for s in corpus.store.iter_stories() for a in s.article_ids}
        entities = {
            (m.article_id, m.start, m.end): m.entity_id
            for m in corpus.store.iter_mentions()
            if m.entity_id is not None
        }
        unchanged = corpus.link(batch_size=batch_size) == counts
    return (stories, entities), unchanged


@pytest.fixture(scope="module")
def one_pass(ecb_dev_annotated_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Linked:
    linked, _ = _link_copy(ecb_dev_annotated_db, tmp_path_factory.mktemp("one"), 10_000)
    return linked


def test_batches_agree_with_one_pass(
    ecb_dev_annotated_db: Path, one_pass: Linked, tmp_path: Path
) -> None:
    (stories, entities), ((batched_stories, batched_entities), unchanged) = (
        one_pass,
        _link_copy(ecb_dev_annotated_db, tmp_path, BATCH),
    )
    assert set(batched_stories) == set(stories)  # every article is in a story
    assert set(batched_entities) == set(entities)  # every mention is linked
    assert b_cubed(stories, batched_stories).f1 >= MIN_STORY_AGREEMENT
    assert b_cubed(entities, batched_entities).f1 >= MIN_ENTITY_AGREEMENT
    assert unchanged  # a re-run adds nothing


def test_a_failed_batch_keeps_the_batches_before_it(
    ecb_dev_annotated_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "corpus.db"
    shutil.copy(ecb_dev_annotated_db, path)
    stages = run.link_stages
    calls: list[int] = []

    def failing_second(store: SQLiteStore, **options: object) -> None:
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("killed")
        stages(store, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(run, "link_stages", failing_second)
    with open_corpus(path) as corpus:
        total = corpus.store.count_articles()
        with pytest.raises(RuntimeError, match="killed"):
            corpus.link(batch_size=BATCH)
        linked = [a for story in corpus.store.iter_stories() for a in story.article_ids]
        assert len(linked) == BATCH  # the first batch stayed committed
        monkeypatch.setattr(run, "link_stages", stages)
        corpus.link(batch_size=BATCH)
        placed = [a for story in corpus.store.iter_stories() for a in story.article_ids]
        assert len(placed) == len(set(placed)) == total  # each article once, none lost


def _article(article_id: str, published: str | None) -> Article:
    return Article(
        id=article_id, title=article_id, text=f"Text of {article_id}.", published=published
    )


def test_batches_are_the_oldest_waiting_articles_undated_first(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "store.db")
    store.add_articles(
        [
            _article("c", "2021-03-01"),
            _article("a", "2019-05-02"),
            _article("u", None),
            _article("b", "2020-01-01"),
        ]
    )
    batches = oldest_first_batches(store, 2)
    assert next(batches) == ["u", "a"]
    assert list(batches) == []  # nothing was placed: no endless loop over the same batch
    assert list(oldest_first_batches(store, 4)) == []  # few enough for one ordinary link
    store.close()


def test_a_batch_size_below_one_is_refused(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "store.db")
    with pytest.raises(ValueError, match="batch_size"):
        link_corpus(store, batch_size=0)
    store.close()

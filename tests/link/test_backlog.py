"""A backlog (many annotated, never-linked articles) is linked a batch at a time, every stage.

ECB+ dev (ingested and annotated once through the product) stands for the backlog, with
batches of 20 articles. What is checked is what each stage reads, not how long it takes:

- a backlog link (``Corpus.link``) never reads every mention or every event of the corpus:
  the entity stage reads the mentions of its batch and of the blocks it touches, the events'
  one full pass is the first batch's, over that batch's articles only;
- the first event link of a corpus whose articles were placed in stories without their events
  being linked (a backlog link stopped inside its first events stage) links them a batch of
  articles at a time, oldest first, and agrees with one full pass (B³ F1 >= 0.99, the
  tolerance of ``test_event_batches``).
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

import dateline.link.event_linking as event_linking
from dateline.api import open_corpus
from dateline.evaluate.clustering_metrics import b_cubed
from dateline.link.entity_state import link_entities_in
from dateline.link.events import EventCluster, load_event_clusters
from dateline.link.stories import link_stories
from dateline.store.sqlite import SQLiteStore

BATCH = 20
MIN_AGREEMENT = 0.99


def _copy(source: Path, folder: Path) -> Path:
    path = folder / "corpus.db"
    shutil.copy(source, path)
    return path


def _assignment(clusters: Sequence[EventCluster]) -> dict[str, str]:
    return {event_id: cluster.id for cluster in clusters for event_id in cluster.event_ids}


def test_a_backlog_link_never_reads_the_whole_corpus(
    ecb_dev_annotated_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    full_reads: list[str] = []
    first_passes: list[int] = []
    mentions = event_linking._mentions

    def counted_mentions(store: SQLiteStore) -> Any:
        found = mentions(store)
        first_passes.append(len({m.event.article_id for m in found[0]}))
        return found

    monkeypatch.setattr(event_linking, "_mentions", counted_mentions)
    with open_corpus(_copy(ecb_dev_annotated_db, tmp_path)) as corpus:
        store = corpus.store
        for name in ("iter_mentions", "iter_events"):
            monkeypatch.setattr(store, name, lambda *a, _n=name, **k: full_reads.append(_n))
        total = store.count_articles()
        assert total > 3 * BATCH
        corpus.link(batch_size=BATCH)
        placed = [a for story in store.iter_stories() for a in story.article_ids]
    assert len(placed) == len(set(placed)) == total  # every article placed once
    assert full_reads == []  # no stage read every mention or every event
    # the events' one full pass: the first batch's articles
    assert len(first_passes) == 1 and first_passes[0] <= BATCH


def test_a_first_event_link_of_many_placed_articles_runs_in_batches(
    ecb_dev_annotated_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_corpus(_copy(ecb_dev_annotated_db, tmp_path)) as corpus:
        store = corpus.store
        link_entities_in(store)
        link_stories(store)  # placed in stories; their events never linked
        batches: list[int] = []
        linked = event_linking.link_changed_events

        def counted(store: SQLiteStore, changed: Sequence[str], *rest: Any) -> Any:
            batches.append(len({event.article_id for event in store.events_by_id(changed)}))
            return linked(store, changed, *rest)

        def no_full_pass(store: SQLiteStore) -> Any:
            raise AssertionError("the first event link read every event")

        monkeypatch.setattr(event_linking, "link_changed_events", counted)
        monkeypatch.setattr(event_linking, "_mentions", no_full_pass)
        event_linking.link_events(store, batch_size=BATCH)
        batched = load_event_clusters(store)
        monkeypatch.undo()
        assert event_linking.link_events(store, batch_size=BATCH) == []  # nothing left
        full = event_linking.link_events(store, full=True)
    assert len(batches) >= 3 and max(batches) <= BATCH  # a batch of articles at a time
    assert set(_assignment(batched)) == set(_assignment(full))  # the same events
    assert b_cubed(_assignment(full), _assignment(batched)).f1 >= MIN_AGREEMENT

"""Incremental event linking agrees with a full pass, on ECB+ dev fed in batches.

The ECB+ dev documents (rebuilt as ``dateline evaluate ecbplus-events`` rebuilds them) go
through annotation once; each scenario then feeds their articles and annotations to a fresh
store in batches (an order, a batch size) and links after each batch as a growing corpus is
linked (entities, stories, then events: only the new ones). The event clusters it ends with
are compared with one full event link of the same store (``link_events(full=True)``), so
that both see the same stories and entities.

Tolerance: B³ F1 of the incremental clusters against the full pass's at least 0.99, and
CoNLL F1 against the gold chains at most 0.005 below the full pass's (measured: B³ 1.000,
1.000, 1.000 and 0.9998, CoNLL equal to the full pass's in all four scenarios).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from dateline.evaluate.clustering_metrics import b_cubed
from dateline.link.entity_edits import relink
from dateline.link.event_linking import link_events
from dateline.link.events import EventCluster, load_event_clusters
from dateline.link.stories import link_stories
from dateline.records import Article
from dateline.store.sqlite import SQLiteStore

MIN_AGREEMENT = 0.99  # B³ F1 of the incremental clusters against the full pass's
MAX_CONLL_DROP = 0.005  # CoNLL F1 against gold may fall at most this far below the full pass's

SCENARIOS = [("as given", 200), ("as given", 20), ("reversed", 35), ("shuffled", 10)]


@pytest.fixture(scope="module")
def annotated_dev(
    datasets_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[SQLiteStore, list[object]]]:
    """ECB+ dev annotated once: the store and the rebuilt documents (for the gold chains)."""
    from dateline.api import open_corpus
    from dateline.evaluate.ecbplus import select_documents
    from dateline.evaluate.ecbplus_events import rebuild, selected_sentences

    root = datasets_dir / "ecbplus"
    selected = selected_sentences(root)
    documents = [rebuild(d, root, selected) for d in select_documents("dev", root)]
    path = tmp_path_factory.mktemp("ecb-events") / "annotated.db"
    with open_corpus(path) as corpus:
        corpus.store.add_articles(
            [Article(id=d.name, title=d.title, text=d.text) for d in documents]
        )
        corpus.annotate()
    store = SQLiteStore(path)
    yield store, list(documents)
    store.close()


def _fed(source: SQLiteStore, order: list[str], size: int, path: Path) -> SQLiteStore:
    """A fresh store fed ``order`` ``size`` articles at a time, linked after each batch."""
    store = SQLiteStore(path)
    for start in range(0, len(order), size):
        batch = order[start : start + size]
        store.add_articles([_article(source, article_id) for article_id in batch])
        store.put_annotations([source.get_annotations(article_id) for article_id in batch])
        relink(store)
        link_stories(store)
        link_events(store)
    return store


def _article(store: SQLiteStore, article_id: str) -> Article:
    article = store.get_article(article_id)
    assert article is not None
    return article


def _assignment(clusters: list[EventCluster]) -> dict[str, str]:
    return {event_id: cluster.id for cluster in clusters for event_id in cluster.event_ids}


def _conll(documents: list[object], store: SQLiteStore, clusters: list[EventCluster]) -> float:
    from dateline.evaluate.ecbplus_events import align, gold_clusters
    from dateline.evaluate.meantime import score_coreference

    keys = align(list(store.iter_events()), documents)  # type: ignore[arg-type]
    response = [frozenset(keys[e] for e in c.event_ids if e in keys) for c in clusters]
    key = gold_clusters(documents)  # type: ignore[arg-type]
    return score_coreference(key, [c for c in response if c]).conll_f1


@pytest.mark.parametrize(("order_name", "size"), SCENARIOS)
def test_incremental_event_linking_agrees_with_a_full_pass(
    annotated_dev: tuple[SQLiteStore, list[object]],
    tmp_path: Path,
    order_name: str,
    size: int,
) -> None:
    source, documents = annotated_dev
    ids = sorted(article.id for article in source.iter_articles())
    order = {
        "as given": ids,
        "reversed": ids[::-1],
        "shuffled": random.Random(0).sample(ids, len(ids)),
    }[order_name]
    store = _fed(source, order, size, tmp_path / "fed.db")
    incremental = load_event_clusters(store)
    incremental_conll = _conll(documents, store, incremental)
    full = link_events(store, full=True)
    assert load_event_clusters(store) == full
    full_conll = _conll(documents, store, full)
    agreement = b_cubed(_assignment(full), _assignment(incremental)).f1
    print(
        f"{order_name} by {size}: B3 vs full {agreement:.4f}, CoNLL incremental "
        f"{incremental_conll:.4f}, full {full_conll:.4f}"
    )
    assert set(_assignment(incremental)) == set(_assignment(full))  # the same events
    assert agreement >= MIN_AGREEMENT
    assert incremental_conll >= full_conll - MAX_CONLL_DROP

"""The Dask engine on a LocalCluster of two worker processes: same result as the local engine."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dateline.annotate.pipeline import AnnotateOptions
from dateline.api import open_corpus
from dateline.records import Annotations
from tests.engines.corpora import copy_corpus, ingested_corpus

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as local:
        yield local
        close_default_clients()


def close_default_clients() -> None:
    """Close clients left open in this process before their scheduler goes away."""
    for _ in range(10):
        try:
            distributed.default_client().close()
        except ValueError:  # no default client left
            return


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return ingested_corpus(tmp_path_factory.mktemp("dask"), silver=2)


def annotate_and_read(db: Path, **engine: Any) -> dict[str, Annotations]:
    with open_corpus(db) as corpus:
        assert corpus.annotate(batch_size=1, **engine) == corpus.store.count_articles()
        assert corpus.store.unannotated_article_ids() == []
        return {a.id: corpus.annotations(a.id) for a in corpus.articles()}


def test_dask_cluster_annotates_like_the_local_engine(
    cluster: Any, template: Path, tmp_path: Path
) -> None:
    local = annotate_and_read(copy_corpus(template, tmp_path / "local.db"), workers=1)
    on_dask = annotate_and_read(
        copy_corpus(template, tmp_path / "dask.db"),
        engine="dask",
        scheduler=cluster.scheduler_address,
    )
    assert on_dask == local
    assert sum(len(a.mentions) for a in on_dask.values()) > 20
    # Each worker process loaded the model once and kept it (the pipeline cache is per process).
    loads = model_loads_per_worker(cluster)
    assert len(loads) == 2 and sum(loads) >= 1 and all(n <= 1 for n in loads)


def model_loads_per_worker(cluster: Any) -> list[int]:
    with distributed.Client(cluster.scheduler_address) as client:
        return list(client.run(_model_loads).values())


def _model_loads() -> int:
    from dateline.annotate.nlp import cached_pipeline

    return int(cached_pipeline.cache_info().misses)


def test_annotate_with_dask_closes_its_client(cluster: Any, template: Path) -> None:
    from dateline.engines.dask import annotate_with_dask

    with open_corpus(template) as corpus:
        articles = list(corpus.articles())
    chunks = annotate_with_dask(
        iter(articles), AnnotateOptions(), cluster.scheduler_address, chunk_size=1
    )
    first = next(chunks)
    assert [article.id for article, _ in first] == [articles[0].id]
    clients_while_running = len(cluster.scheduler.clients)
    chunks.close()  # the caller stops early, as on Ctrl-C
    deadline = time.monotonic() + 10
    while len(cluster.scheduler.clients) >= clients_while_running and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(cluster.scheduler.clients) == clients_while_running - 1


def test_unknown_engine_is_a_clear_error(template: Path) -> None:
    with open_corpus(template) as corpus, pytest.raises(ValueError, match="unknown engine"):
        corpus.annotate(engine="spark")

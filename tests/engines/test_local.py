"""The process-pool engine: same annotations on 2 workers as on 1; interruptions lose no commits."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dateline.annotate.nlp import load_pipeline
from dateline.annotate.pipeline import AnnotateOptions
from dateline.api import open_corpus
from dateline.engines.local import annotate_in_processes, chunked
from dateline.records import Annotations
from tests.conftest import SEEDS
from tests.engines.corpora import copy_corpus, ingested_corpus

# batch_size=1 gives chunks of one article, so every article travels on its own.
BATCH = 1


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return ingested_corpus(tmp_path_factory.mktemp("local"))


@pytest.fixture(scope="module")
def one_worker_annotations(
    template: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Annotations]:
    db = copy_corpus(template, tmp_path_factory.mktemp("one") / "c.db")
    with open_corpus(db) as corpus:
        assert corpus.annotate(batch_size=BATCH, workers=1) == corpus.store.count_articles()
        return {a.id: corpus.annotations(a.id) for a in corpus.articles()}


def annotations_of(db: Path) -> dict[str, Annotations]:
    with open_corpus(db) as corpus:
        return {a.id: corpus.annotations(a.id) for a in corpus.articles()}


def annotated_count(db: Path) -> int:
    with sqlite3.connect(db, timeout=10) as conn:
        return int(conn.execute("SELECT count(*) FROM annotated").fetchone()[0])


def test_chunked_keeps_order_and_size() -> None:
    assert [len(c) for c in chunked(iter(range(7)), 3)] == [3, 3, 1]
    assert [x for c in chunked(range(7), 3) for x in c] == list(range(7))


def test_one_worker_finds_entities_times_and_quotes(
    one_worker_annotations: dict[str, Annotations],
) -> None:
    assert len(one_worker_annotations) >= 3
    mentions = [m.text for a in one_worker_annotations.values() for m in a.mentions]
    assert "Kim Jong Un" in mentions or "Kim Jong-un" in mentions
    assert any(a.times for a in one_worker_annotations.values())
    assert any(a.quotes for a in one_worker_annotations.values())


def test_two_workers_give_the_same_annotations(
    template: Path, tmp_path: Path, one_worker_annotations: dict[str, Annotations]
) -> None:
    db = copy_corpus(template, tmp_path / "c.db")
    with open_corpus(db) as corpus:
        done = corpus.annotate(batch_size=BATCH, workers=2)
        assert done == len(one_worker_annotations)
        assert corpus.store.unannotated_article_ids() == []
    assert annotations_of(db) == one_worker_annotations


def test_replacing_the_pool_midway_gives_the_same_annotations(template: Path) -> None:
    with open_corpus(template) as corpus:
        articles = list(corpus.articles())
    options = AnnotateOptions(batch_size=BATCH)
    in_process = list(annotate_in_processes(articles, options, 1, chunk_size=1))
    # three pools of two one-article chunks each for the six articles
    pooled = list(annotate_in_processes(articles, options, 2, chunk_size=1, chunks_per_pool=2))
    assert len(articles) == 6
    assert pooled == in_process


def test_one_worker_reloads_the_model_midway_with_the_same_annotations(template: Path) -> None:
    with open_corpus(template) as corpus:
        articles = list(corpus.articles())
    options = AnnotateOptions(batch_size=BATCH)
    before = load_pipeline(options.model, parse=True)
    once = list(annotate_in_processes(articles, options, 1, chunk_size=1))
    reloaded = list(annotate_in_processes(articles, options, 1, chunk_size=1, chunks_per_pool=4))
    assert reloaded == once
    assert load_pipeline(options.model, parse=True) is not before


def test_workers_ignore_ctrl_c_that_their_parent_handles(template: Path) -> None:
    with open_corpus(template) as corpus:
        articles = list(corpus.articles())
    options = AnnotateOptions(batch_size=BATCH)
    before = set(multiprocessing.active_children())
    chunks = annotate_in_processes(articles, options, 2, chunk_size=1)
    results = [next(chunks)]
    workers = set(multiprocessing.active_children()) - before
    assert len(workers) == 2
    for worker in workers:
        assert worker.pid is not None
        os.kill(worker.pid, signal.SIGINT)
    results.extend(chunks)
    assert results == list(annotate_in_processes(articles, options, 1, chunk_size=1))


@pytest.mark.parametrize("interruption", [KeyboardInterrupt, RuntimeError])
def test_interrupted_annotate_keeps_committed_chunks_and_resumes(
    template: Path,
    tmp_path: Path,
    one_worker_annotations: dict[str, Annotations],
    interruption: type[BaseException],
) -> None:
    db = copy_corpus(template, tmp_path / "c.db")
    seen: list[int] = []

    def interrupt_after_first_chunk(count: int, title: str) -> None:
        seen.append(count)
        raise interruption("stop")

    with open_corpus(db) as corpus:
        with pytest.raises(interruption):
            corpus.annotate(interrupt_after_first_chunk, batch_size=BATCH, workers=1)
        left = len(corpus.store.unannotated_article_ids())
        total = corpus.store.count_articles()
        assert left == total - seen[0] and 0 < left < total
        assert corpus.annotate(batch_size=BATCH, workers=1) == left
        assert corpus.store.unannotated_article_ids() == []
    assert annotations_of(db) == one_worker_annotations


ANNOTATE_SCRIPT = """
import sys
from dateline.api import open_corpus
with open_corpus(sys.argv[1]) as corpus:
    corpus.annotate(batch_size=1, workers=2)
"""


def test_ctrl_c_on_two_workers_keeps_commits_and_rerun_completes(
    template: Path, tmp_path: Path, one_worker_annotations: dict[str, Annotations]
) -> None:
    """A real SIGINT to the whole process group, as a terminal's Ctrl-C sends it."""
    db = copy_corpus(template, tmp_path / "c.db")
    process = subprocess.Popen(
        [sys.executable, "-c", ANNOTATE_SCRIPT, str(db)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    deadline = time.monotonic() + 180
    while annotated_count(db) == 0 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=120)
    before = annotated_count(db)
    # The signal may land while the run is already finishing; either way nothing is half done.
    assert before > 0
    if process.returncode == 0:
        assert before == len(one_worker_annotations)
    else:
        assert process.returncode == -signal.SIGINT or b"KeyboardInterrupt" in stderr, stderr

    with open_corpus(db) as corpus:
        rest = corpus.annotate(batch_size=BATCH, workers=2)
        assert rest == len(one_worker_annotations) - before
        assert corpus.store.unannotated_article_ids() == []
    # Equal annotations also mean no article's mentions, times or quotes were stored twice.
    assert annotations_of(db) == one_worker_annotations


def test_ingest_and_annotate_as_one_stream(
    template: Path, tmp_path: Path, one_worker_annotations: dict[str, Annotations]
) -> None:
    from dateline.ingest.options import IngestOptions

    sources = [SEEDS, template.parent / "silver.jsonl"]
    options = IngestOptions(batch_size=2)  # three ingest batches for the six articles
    with open_corpus(tmp_path / "c.db") as corpus:
        report, annotated = corpus.ingest_and_annotate(sources, options, workers=2)
        assert len(report.added) == annotated == len(one_worker_annotations)
        assert corpus.store.unannotated_article_ids() == []
        again, annotated_again = corpus.ingest_and_annotate(sources, options, workers=2)
        assert (again.added, annotated_again) == ([], 0)
        assert len(again.unchanged) == len(report.added)
    assert annotations_of(tmp_path / "c.db") == one_worker_annotations


def test_ingest_and_annotate_first_annotates_what_an_earlier_run_left(
    template: Path, tmp_path: Path, one_worker_annotations: dict[str, Annotations]
) -> None:
    db = copy_corpus(template, tmp_path / "c.db")  # ingested, never annotated
    with open_corpus(db) as corpus:
        report, annotated = corpus.ingest_and_annotate([SEEDS], workers=1)
        assert report.added == [] and annotated == len(one_worker_annotations)
    assert annotations_of(db) == one_worker_annotations

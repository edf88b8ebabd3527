"""Annotation across the cores of one machine: a process pool, the model loaded once a worker.

Chunks of articles go out in order and come back in order; at most ``2 × workers`` chunks are
in flight, so memory stays bounded however many articles there are. Workers exit when this
process dies, even by ``kill -9`` (:mod:`dateline.engines.orphans`). Ctrl-C reaches this
process only: workers ignore SIGINT, so none is interrupted while it holds a lock of the queues
they share (which left it and its sibling waiting on that lock for ever, and this process on
them); SIGTERM ends a worker, whatever handler the command that forked it had.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Generator, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import chain, islice
from typing import TypeVar

from dateline.annotate.nlp import forget_pipelines, load_pipeline
from dateline.annotate.pipeline import AnnotateOptions, annotate_articles
from dateline.collector import collect_less_from_now_on
from dateline.engines.orphans import exit_with_parent
from dateline.records import Annotations, Article

Annotated = list[tuple[Article, Annotations]]
Item = TypeVar("Item")


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1)


def chunked(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def annotate_chunk(articles: list[Article], options: AnnotateOptions) -> Annotated:
    """The unit of work every engine ships to a worker (the model is cached per process)."""
    return list(annotate_articles(articles, options))


def _warm_up(options: AnnotateOptions, parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    # a worker is not the command that forked it: SIGTERM ends it, as any process
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    exit_with_parent(parent)
    load_pipeline(options.model, parse=True)
    collect_less_from_now_on()  # the model is left out of the collector's walks


def annotate_in_processes(
    articles: Iterable[Article],
    options: AnnotateOptions,
    workers: int | None = None,
    chunk_size: int = 64,
    chunks_per_pool: int = 100,
) -> Generator[Annotated, None, None]:
    """Yield annotated chunks in input order; with one worker, run in this process. Close the
    generator to stop early: the chunks not started are cancelled and the pool shut down.

    Worker processes are replaced after ``chunks_per_pool`` chunks (with one worker, the model
    in this process is loaded afresh): spaCy's vocabulary and the per-word caches grow with
    every new word a worker sees, so a long run would otherwise grow without bound (slowly:
    about 100 MiB a worker from 1,000 to 10,000 articles). A new pool costs one model load per
    worker, about 1% of the time of 100 chunks.
    """
    workers = workers or default_workers()
    if workers == 1:
        for number, chunk in enumerate(chunked(articles, chunk_size), start=1):
            yield annotate_chunk(chunk, options)
            if number % chunks_per_pool == 0:
                forget_pipelines()  # in this process, a fresh model stands for a fresh worker
        return
    chunks = chunked(articles, chunk_size)
    first = next(chunks, None)
    if first is not None and multiprocessing.get_start_method() == "fork":
        # Forked workers inherit the model loaded here instead of each loading their own, and
        # so does every later generation of workers: this copy never parses, so never grows.
        load_pipeline(options.model, parse=True)
    while first is not None:
        generation = chain([first], islice(chunks, chunks_per_pool - 1))
        yield from _annotate_in_pool(generation, options, workers)
        first = next(chunks, None)


def _annotate_in_pool(
    chunks: Iterable[list[Article]], options: AnnotateOptions, workers: int
) -> Iterator[Annotated]:
    pool = ProcessPoolExecutor(workers, initializer=_warm_up, initargs=(options, os.getpid()))
    try:
        pending: deque[Future[Annotated]] = deque()
        for chunk in chunks:
            pending.append(pool.submit(annotate_chunk, chunk, options))
            if len(pending) >= 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        # A caller that stops early (an error, Ctrl-C) does not wait for chunks not yet started.
        pool.shutdown(wait=True, cancel_futures=True)

"""Annotation on a Dask cluster: workers load the model once and return records; the client
writes them through the store, so any backend (PostgreSQL for a shared corpus) works.

Needs the ``dask`` extra (``pip install 'dateline[dask]'``).
"""

from __future__ import annotations

import signal
import threading
from collections import deque
from collections.abc import Generator, Iterable, Iterator
from contextlib import suppress
from typing import Any

from dateline.annotate.pipeline import AnnotateOptions
from dateline.engines.local import Annotated, annotate_chunk, chunked
from dateline.records import Article


def connect(scheduler: str | None, workers: int = 2) -> Any:
    """A client of the scheduler at ``scheduler``, or of a new local cluster when None."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise RuntimeError(
            "the Dask engine needs the dask extra: pip install 'dateline[dask]'"
        ) from exc
    if scheduler:
        return Client(scheduler)
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True)
    client = Client(cluster)
    client.run(ignore_ctrl_c)
    return client


def ignore_ctrl_c() -> None:
    """Run on each worker of a local cluster: a terminal's Ctrl-C reaches the whole process
    group, and the client stops its workers itself; a worker stopped by it as well only adds
    a traceback and a restart by its nanny while the cluster closes."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def annotate_on_dask(
    articles: Iterable[Article],
    options: AnnotateOptions,
    client: Any,
    chunk_size: int = 64,
    in_flight: int | None = None,
) -> Iterator[Annotated]:
    """Yield annotated chunks in input order; at most ``in_flight`` chunks are out at once.

    A caller that stops early (an error, Ctrl-C, SIGTERM) cancels every chunk still out: the
    scheduler drops the queued ones and the results of running ones, so none is committed.
    """
    limit = in_flight or 2 * max(1, len(client.scheduler_info().get("workers", {})))
    pending: deque[Any] = deque()
    try:
        for chunk in chunked(articles, chunk_size):
            pending.append(client.submit(annotate_chunk, chunk, options, pure=False))
            if len(pending) >= limit:
                yield _first_result(pending)
        while pending:
            yield _first_result(pending)
    finally:
        if pending:
            # a failure to cancel (a scheduler already gone) must not hide why we stopped
            with suppress(Exception):
                client.cancel(list(pending))


def _first_result(pending: deque[Any]) -> Annotated:
    """The result of the oldest chunk, which stays in ``pending`` (to be cancelled on a stop)
    until it is back."""
    result: Annotated = pending[0].result()
    pending.popleft()
    return result


def annotate_with_dask(
    articles: Iterable[Article],
    options: AnnotateOptions,
    scheduler: str | None = None,
    workers: int = 2,
    chunk_size: int = 64,
) -> Generator[Annotated, None, None]:
    """:func:`annotate_on_dask` on a client of its own, closed (with any local cluster it
    started) when the chunks are all out or the caller stops early."""
    client = connect(scheduler, workers)
    try:
        yield from annotate_on_dask(articles, options, client, chunk_size)
    finally:
        cluster = None if scheduler else client.cluster
        client.close()
        if cluster is not None:
            cluster.close()

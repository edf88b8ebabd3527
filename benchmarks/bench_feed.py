"""Real news linked as a feed delivers it: the silver newswire, one batch after another.

``dateline watch`` links each batch it ingests against what is stored, so real news pays the
incremental link once a batch, where the other link benchmarks use synthetic articles. This
stores and annotates the TempEval-3 silver newswire once, as ``dateline ingest`` does
(``--store FILE`` keeps that store for the next run), then links copies of it: once whole,
and in batches of each of ``--batch-sizes`` articles (``Corpus.link(batch_size=N)``: oldest
first, each committed before the next, as a feed of that many a poll would bring them).
Each link runs in a process of its own; its wall and CPU seconds are recorded with the CPU
seconds of each stage (entities, stories, events), the best of ``--runs`` runs by CPU.

Run: .venv/bin/python benchmarks/bench_feed.py [--batch-sizes 500] [--runs 2] [--store FILE]
[--limit N]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from common import cpu_seconds, load_silver, record_results
from dateline.api import open_corpus

COMMAND = ".venv/bin/python benchmarks/bench_feed.py"
STAGES = ("entities", "stories", "events")


def build_store(path: Path, limit: int | None, workers: int) -> int:
    """Ingest and annotate the silver newswire into ``path`` (unlinked); its articles."""
    documents = load_silver(limit)
    if not documents:
        raise SystemExit("no silver documents under ../shared/datasets/tempeval3/Training")
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "silver.jsonl"
        with source.open("w", encoding="utf-8") as out:
            for doc in documents:
                record = {"title": doc.name, "text": doc.text, "published": doc.dct.isoformat()}
                out.write(json.dumps(record) + "\n")
        with open_corpus(path) as corpus:
            corpus.ingest_and_annotate([source], workers=workers)
            return corpus.store.count_articles()


def timed_stages() -> dict[str, float]:
    """Wrap the three link stages so that each adds its CPU seconds to the returned dict."""
    import dateline.link.entity_state as entity_state
    import dateline.link.event_linking as event_linking
    import dateline.link.stories as stories

    spent = dict.fromkeys(STAGES, 0.0)

    def timed(stage: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def run(*args: Any, **kwargs: Any) -> Any:
            start = cpu_seconds()
            try:
                return function(*args, **kwargs)
            finally:
                spent[stage] += cpu_seconds() - start

        return run

    entity_state.link_entities_in = timed("entities", entity_state.link_entities_in)  # type: ignore[assignment]
    stories.link_stories = timed("stories", stories.link_stories)  # type: ignore[assignment]
    event_linking.link_events = timed("events", event_linking.link_events)  # type: ignore[assignment]
    return spent


def link_once(db: Path, batch_size: int) -> dict[str, float]:
    """Link the store ``db`` in batches of ``batch_size`` (in this process); the timings."""
    spent = timed_stages()
    with open_corpus(db) as corpus:
        start, start_cpu = time.perf_counter(), cpu_seconds()
        corpus.link(batch_size=batch_size)
        wall, cpu = time.perf_counter() - start, cpu_seconds() - start_cpu
    return {"wall": wall, "cpu": cpu, **spent}


def link_copy(store: Path, workdir: Path, batch_size: int) -> dict[str, float]:
    """Link a fresh copy of ``store`` in a process of its own; its timings."""
    copy = workdir / "link.db"
    for leftover in workdir.glob("link.db*"):
        leftover.unlink()
    shutil.copyfile(store, copy)
    done = subprocess.run(
        [sys.executable, __file__, "--link-one", str(copy), "--batch", str(batch_size)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise RuntimeError(f"linking in batches of {batch_size} failed:\n{done.stderr[-4000:]}")
    timings: dict[str, float] = json.loads(done.stdout.splitlines()[-1])
    return timings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="silver documents (default all)")
    parser.add_argument("--batch-sizes", default="500")
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--store", type=Path, help="the annotated silver store (built if absent)")
    parser.add_argument("--link-one", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--batch", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.link_one is not None:
        print(json.dumps(link_once(args.link_one, args.batch)))
        return 0
    sizes = [int(size) for size in args.batch_sizes.split(",") if size.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        store = args.store or workdir / "silver.db"
        if not store.exists():
            build_store(store, args.limit, args.workers)
        with open_corpus(store) as corpus:
            articles = corpus.store.count_articles()
        rows = []
        # a batch larger than the store links it in one pass: the whole link
        for size in [articles + 1, *sizes]:
            runs = [link_copy(store, workdir, size) for _ in range(max(1, args.runs))]
            best = min(runs, key=lambda timing: timing["cpu"])
            label = "whole (one pass)" if size > articles else f"batches of {size:,}"
            rows.append(
                [
                    label,
                    f"{articles:,}",
                    f"{best['wall']:.1f}",
                    f"{best['cpu']:.1f}",
                    f"{1000 * best['cpu'] / articles:.1f}",
                    *(f"{best[stage]:.1f}" for stage in STAGES),
                    " / ".join(f"{run['cpu']:.1f}" for run in runs),
                ]
            )
    record_results(
        "feed",
        [
            "link",
            "articles",
            "wall s",
            "CPU s",
            "CPU ms/article",
            "entities CPU s",
            "stories CPU s",
            "events CPU s",
            "CPU s of each run",
        ],
        rows,
        f"{COMMAND} --batch-sizes {args.batch_sizes} --runs {args.runs}"
        + (f" --limit {args.limit}" if args.limit else ""),
        notes=(
            "The TempEval-3 silver newswire stored and annotated as `dateline ingest` does, "
            "then linked on copies: once whole, and in batches oldest first "
            "(`Corpus.link(batch_size=N)`), each link in a process of its own, the run with "
            "the least CPU shown. A batch re-links the entities, stories and events it "
            "touches against those stored, so a feed pays more than one pass over the same "
            "articles; see docs/scale.md."
        ),
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

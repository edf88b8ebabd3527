"""The first link of a backlog: N annotated, never-linked articles, linked in batches.

    .venv/bin/python benchmarks/bench_backlog.py --sizes 10000,20000,40000 --workdir DIR

For each size N a store of N synthetic articles (``link_corpus.build_backlog``: the articles
``link_corpus.build_linked`` writes, stored, annotated and with their vectors, never linked)
is built once in ``DIR`` and copied; ``Corpus.link()`` then runs on the copy in a process of
its own under ``/usr/bin/time -v``, as ``dateline link --db FILE`` would (``--cli`` runs that
command itself, without the per-batch record). Each batch of the backlog
(``dateline.link.run.link_stages``) is recorded: its articles, wall and CPU seconds, and the
process's peak RSS during it (the kernel's high-water mark, reset before the batch through
``/proc/self/clear_refs``), with the CPU seconds and peak of each stage (entities, stories,
events). The whole run's CPU is ``/usr/bin/time``'s; its peak RSS is the
largest of the stages' (the reset makes ``/usr/bin/time``'s the last stage's), or
``/usr/bin/time``'s with ``--cli``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from common import REPO
from link_corpus import build_backlog


def _status_mib(field: str) -> float:
    text = Path("/proc/self/status").read_text()
    found = re.search(rf"^{field}:\s+(\d+) kB", text, re.MULTILINE)
    return int(found.group(1)) / 1024 if found else 0.0


def _reset_peak() -> None:
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def link_recorded(db: Path, log: Path) -> None:
    """``Corpus.link()`` on ``db`` in this process, each batch and stage recorded in ``log``."""
    import dateline.link.entity_state as entity_state
    import dateline.link.event_linking as event_linking
    import dateline.link.run as run
    import dateline.link.stories as stories
    from dateline.api import Corpus
    from dateline.store.sqlite import SQLiteStore

    batches: list[dict[str, Any]] = []
    stage: dict[str, Any] = {}

    def staged(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            _reset_peak()
            cpu = _cpu()
            try:
                return function(*args, **kwargs)
            finally:
                stage[f"{name} CPU s"] = round(_cpu() - cpu, 2)
                stage[f"{name} peak MiB"] = round(_status_mib("VmHWM"))

        return timed

    entity_state.link_entities_in = staged("entities", entity_state.link_entities_in)  # type: ignore[assignment]
    stories.link_stories = staged("stories", stories.link_stories)  # type: ignore[assignment]
    event_linking.link_events = staged("events", event_linking.link_events)  # type: ignore[assignment]
    link_stages = run.link_stages

    def batch(store: Any, *, full: bool = False, only: Any = None) -> None:
        stage.clear()
        wall, cpu = time.perf_counter(), _cpu()
        link_stages(store, full=full, only=only)
        record = {
            "batch": len(batches) + 1,
            "articles": len(only) if only is not None else "rest",
            "wall s": round(time.perf_counter() - wall, 1),
            "CPU s": round(_cpu() - cpu, 1),
            "peak MiB": max(v for k, v in stage.items() if k.endswith("peak MiB")),
            "RSS after MiB": round(_status_mib("VmRSS")),
            **stage,
        }
        batches.append(record)
        log.write_text(json.dumps(batches, indent=1))
        print(json.dumps(record), flush=True)

    run.link_stages = batch  # type: ignore[assignment]
    corpus = Corpus(SQLiteStore(db))
    try:
        corpus.link()
    finally:
        corpus.store.close()


def _time_v(output: str) -> dict[str, float]:
    def field(name: str) -> float:
        found = re.search(rf"{re.escape(name)}: ([\d.:]+)", output)
        return float(found.group(1)) if found and ":" not in found.group(1) else 0.0

    return {
        "peak RSS MiB": round(field("Maximum resident set size (kbytes)") / 1024),
        "CPU s": round(field("User time (seconds)") + field("System time (seconds)"), 1),
    }


def run_size(size: int, workdir: Path, cli: bool) -> dict[str, Any]:
    base = workdir / f"backlog-{size}.db"
    if not base.exists():
        started = time.perf_counter()
        build_backlog(base.with_suffix(".tmp"), size)
        base.with_suffix(".tmp").rename(base)
        print(f"built {base} in {time.perf_counter() - started:.0f} s", flush=True)
    db = workdir / f"link-{size}.db"
    shutil.copyfile(base, db)
    log = workdir / f"link-{size}.json"
    if cli:
        command = [str(REPO / ".venv/bin/dateline"), "link", "--db", str(db)]
    else:
        command = [sys.executable, __file__, "--record", str(db), "--log", str(log)]
    started = time.perf_counter()
    done = subprocess.run(
        ["/usr/bin/time", "-v", *command], capture_output=True, text=True, check=False
    )
    wall = time.perf_counter() - started
    print(done.stdout[-2000:], flush=True)
    if done.returncode != 0:
        print(done.stderr[-4000:], file=sys.stderr)
    result: dict[str, Any] = {
        "articles": size,
        "command": "dateline link" if cli else "Corpus.link() (recorded)",
        "exit": done.returncode,
        "wall s": round(wall, 1),
        **_time_v(done.stderr),
    }
    if not cli and log.exists():
        # the high-water mark is reset for each stage, so the run's peak is the largest of theirs
        result["batches"] = json.loads(log.read_text())
        result["peak RSS MiB"] = max(batch["peak MiB"] for batch in result["batches"])
    db.unlink()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,20000,40000")
    parser.add_argument("--workdir", type=Path, required=False)
    parser.add_argument("--cli", action="store_true", help="run `dateline link --db FILE`")
    parser.add_argument("--out", type=Path, help="write the results here as JSON")
    parser.add_argument("--record", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--log", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.record:
        link_recorded(args.record, args.log)
        return
    if args.workdir is None:
        parser.error("--workdir is required")
    args.workdir.mkdir(parents=True, exist_ok=True)
    results = []
    for size in (int(s) for s in args.sizes.split(",")):
        results.append(run_size(size, args.workdir, args.cli))
        print(json.dumps({k: v for k, v in results[-1].items() if k != "batches"}), flush=True)
        if args.out:
            args.out.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()

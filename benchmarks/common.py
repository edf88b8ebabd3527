"""Shared helpers for benchmark scripts: time a stage, print a table, record it in the docs."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import resource
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.table import Table

from dateline.evaluate.timeml import TimeMLDocument, iter_timeml

REPO = Path(__file__).resolve().parents[1]
DATASETS = REPO.parent / "shared" / "datasets"
SILVER_DIRS = sorted((DATASETS / "tempeval3" / "Training").glob("TE3-Silver-data-*"))
RESULTS_DIR = REPO / "docs" / "benchmarks"


def load_silver(limit: int | None) -> list[TimeMLDocument]:
    """The TempEval-3 silver newswire (text, title and creation date), the first ``limit``."""
    documents: list[TimeMLDocument] = []
    for directory in SILVER_DIRS:
        remaining = None if limit is None else limit - len(documents)
        if remaining is not None and remaining <= 0:
            break
        documents.extend(iter_timeml(directory, remaining))
    return documents


def silver_from_command_line(
    description: str, argv: list[str] | None
) -> tuple[argparse.Namespace, list[TimeMLDocument]]:
    """The ``--limit`` option and that many silver documents; exits with status 2 when the
    dataset is not there."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--limit", type=int, default=None, help="only the first N silver documents")
    args = parser.parse_args(argv)
    documents = load_silver(args.limit)
    if not documents:
        print(
            "no silver documents found under ../shared/datasets/tempeval3/Training", file=sys.stderr
        )
        raise SystemExit(2)
    return args, documents


def machine_description() -> str:
    cpu = platform.processor() or platform.machine()
    return (
        f"{platform.system()} {platform.machine()} ({cpu}), {os.cpu_count()} cores, "
        f"Python {platform.python_version()}"
    )


def peak_rss_mb() -> float:
    """Peak resident set size of this process, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    """User + system CPU of this process and of its children that have been waited for."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


@contextmanager
def stopwatch() -> Iterator[list[float]]:
    """Yields a list that holds, once the block ends, the elapsed seconds and then the CPU
    seconds of this process and of the child processes the block waited for."""
    box: list[float] = []
    start, start_cpu = time.perf_counter(), cpu_seconds()
    try:
        yield box
    finally:
        box.extend((time.perf_counter() - start, cpu_seconds() - start_cpu))


def record_results(
    name: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[object]],
    command: str,
    notes: str = "",
) -> Path:
    """Print ``rows`` as a table; write them to docs/benchmarks/<name>.md with date and machine."""
    table = Table(title=f"benchmark: {name}")
    for column in columns:
        table.add_column(column)
    for row in rows:
        table.add_row(*(str(cell) for cell in row))
    Console().print(table)
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    out = RESULTS_DIR / f"{name}.md"
    lines = result_lines(f"# Benchmark: {name}", columns, rows, command, notes)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


def result_lines(
    heading: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[object]],
    command: str,
    notes: str = "",
) -> list[str]:
    """A results section in markdown: heading, date, machine, command, the table, notes."""
    lines = [
        heading,
        "",
        f"- date: {dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- machine: {machine_description()}",
        f"- command: `{command}`",
        "",
        "| " + " | ".join(columns) + " |",
        "| " + " | ".join("---" for _ in columns) + " |",
    ]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    if notes:
        lines += ["", notes]
    return lines

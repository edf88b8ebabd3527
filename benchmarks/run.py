"""Run every benchmark, then gather each one's headline figure into docs/benchmarks.md.

Each ``benchmarks/bench_*.py`` (and the fuzz run) runs in its own process, one after the other,
and records its table in docs/benchmarks/<name>.md; this script then reads those files back and
writes one summary table with links, dates and machines.

Run: .venv/bin/python benchmarks/run.py [--quick] [--only NAME ...] [--summary-only]

``--quick`` runs each benchmark on a small input (minutes in all) to check that everything
works; the figures worth publishing come from the full run (the default, an hour or more).
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from common import REPO, RESULTS_DIR, machine_description

BENCHMARKS = REPO / "benchmarks"
SUMMARY = REPO / "docs" / "benchmarks.md"
COMMAND = ".venv/bin/python benchmarks/run.py"

#: Arguments of the full run where a script's defaults are not what we publish.
FULL_ARGS: dict[str, list[str]] = {
    "pipeline": [
        *("--workers", "2"),
        *("--ingest-sizes", "1000,10000,100000", "--annotate-sizes", "1000,10000,100000"),
        *("--link-sizes", "1000,10000"),
    ],
    "fuzz": ["--seconds", "60"],
}
#: Small inputs for ``--quick``; a script not listed here gets ``--limit 100``.
QUICK_ARGS: dict[str, list[str]] = {
    "agreement": ["--limit", "200", "--sizes", "50"],
    "entities": ["--limit", "30", "--rounds", "1"],
    "feed": ["--limit", "100", "--batch-sizes", "40", "--runs", "1"],
    "ingest": ["--limit", "200"],
    "link": ["--sizes", "1000"],
    "pipeline": [
        *("--limit", "20", "--workers", "2"),
        *("--ingest-sizes", "500,2000", "--annotate-sizes", "10,20", "--link-sizes", "10,20"),
    ],
    "serve": ["--articles", "2000", "--entities", "100", "--requests", "30"],
    "stories": ["--limit", "2000"],
    "times": ["--limit", "200"],
    "fuzz": ["--seconds", "10"],
}


def benchmark_scripts() -> dict[str, Path]:
    """Every benchmark by name: bench_<name>.py, plus the fuzz run."""
    scripts = {path.stem.removeprefix("bench_"): path for path in BENCHMARKS.glob("bench_*.py")}
    scripts["fuzz"] = BENCHMARKS / "fuzz.py"
    return dict(sorted(scripts.items()))


def arguments(name: str, quick: bool) -> list[str]:
    if quick:
        return QUICK_ARGS.get(name, ["--limit", "100"])
    return FULL_ARGS.get(name, [])


@dataclass(frozen=True, slots=True)
class Outcome:
    name: str
    returncode: int
    seconds: float


def run_benchmark(name: str, script: Path, args: Sequence[str]) -> Outcome:
    print(f"\n=== {name}: {script.relative_to(REPO)} {' '.join(args)}", flush=True)
    start = time.perf_counter()
    completed = subprocess.run([sys.executable, str(script), *args], cwd=REPO, check=False)
    return Outcome(name, completed.returncode, time.perf_counter() - start)


# -- reading the recorded tables back --------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Recorded:
    """One docs/benchmarks/<name>.md: its header lines and its table as dicts."""

    name: str
    date: str
    machine: str
    command: str
    rows: list[dict[str, str]]


def _cells(line: str) -> list[str]:
    inner = line.strip().removeprefix("|").removesuffix("|")
    return [cell.strip().replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", inner)]


def read_recorded(path: Path) -> Recorded:
    lines = path.read_text(encoding="utf-8").splitlines()
    header = {
        key: value
        for line in lines
        if (match := re.match(r"- (date|machine|command): (.*)", line))
        for key, value in [match.groups()]
    }
    table = [line for line in lines if line.startswith("|")]
    rows: list[dict[str, str]] = []
    if len(table) >= 2:
        columns = _cells(table[0])
        rows = [dict(zip(columns, _cells(line), strict=False)) for line in table[2:]]
    return Recorded(
        path.stem,
        header.get("date", "?"),
        header.get("machine", "?"),
        header.get("command", "").strip("`"),
        rows,
    )


def _row(rows: list[dict[str, str]], column: str, starts: str) -> dict[str, str]:
    return next(row for row in rows if row.get(column, "").startswith(starts))


def _ingest(rows: list[dict[str, str]]) -> str:
    row = _row(rows, "stage", "end to end")
    return f"{row['docs/s']} docs/s, {row['words/s']} words/s end to end"


def _times(rows: list[dict[str, str]]) -> str:
    row = rows[0]
    return f"{row['expressions/s']} expressions/s, {row['words/s']} words/s"


def _entities(rows: list[dict[str, str]]) -> str:
    row = _row(rows, "run", "dateline")
    return f"{row['words/s']} words/s, {row['vs tok2vec+ner']} of spaCy tok2vec+ner"


def _pipeline(rows: list[dict[str, str]]) -> str:
    ceiling = _row(rows, "stage", "spaCy NER only (the ceiling)")
    target = _row(rows, "stage", "ingest + annotate as one stream")
    linked = _row(rows, "stage", "whole job")
    by_cpu = target.get("of NER-only (CPU)")
    return (
        f"ingest + annotate {target['docs/s']} docs/s = {target['of NER-only']} of spaCy NER "
        f"alone ({ceiling['docs/s']} docs/s)"
        + (f", {by_cpu} by CPU time" if by_cpu else "")
        + f"; with linking {linked['of NER-only']}"
    )


def _memory(rows: list[dict[str, str]]) -> str:
    return "; ".join(f"{r['job']} {r['articles']}: {r['peak RSS MiB']} MiB" for r in rows)


def _serve(rows: list[dict[str, str]]) -> str:
    return "; ".join(f"{r['endpoint']} p50 {r['p50 ms']} / p95 {r['p95 ms']} ms" for r in rows)


def _stories(rows: list[dict[str, str]]) -> str:
    totals = [f"{row['corpus']}: {row['overall']}" for row in rows if row.get("overall")]
    return "; ".join(totals)


def _link(rows: list[dict[str, str]]) -> str:
    return "; ".join(
        f"{r['corpus']} {r['step (500 new articles)']}: {r['wall s']} s"
        for r in rows
        if r["step (500 new articles)"] in ("link (incremental)", "link --full")
    )


def _agreement(rows: list[dict[str, str]]) -> str:
    return "; ".join(
        f"by {r['batch size']}: entities {r['entities B³ F1']}, stories {r['stories B³ F1']}"
        for r in rows[1:]
    )


def _fuzz(rows: list[dict[str, str]]) -> str:
    return "; ".join(
        f"{r['target']}: {r['inputs']} inputs, {r['crash kinds']} crash / "
        f"{r['violation kinds']} violation kinds"
        for r in rows
    )


def _listings(rows: list[dict[str, str]]) -> str:
    return "; ".join(f"{r['page']} {list(r.values())[-1]} s" for r in rows)


def _entity_lookup(rows: list[dict[str, str]]) -> str:
    return "; ".join(f"{r['asked']} {list(r.values())[-1]} s" for r in rows)


def _feed(rows: list[dict[str, str]]) -> str:
    return "; ".join(f"{r['link']} {r['CPU ms/article']} CPU ms/article" for r in rows)


HEADLINES: dict[str, Callable[[list[dict[str, str]]], str]] = {
    "ingest": _ingest,
    "times": _times,
    "entities": _entities,
    "pipeline": _pipeline,
    "memory": _memory,
    "serve": _serve,
    "stories": _stories,
    "link": _link,
    "fuzz": _fuzz,
    "agreement": _agreement,
    "listings": _listings,
    "listings-postgres": _listings,
    "entity-lookup": _entity_lookup,
    "entity-lookup-postgres": _entity_lookup,
    "feed": _feed,
}


def headline(recorded: Recorded) -> str:
    """The figure that matters in one line; the first row in full for an unknown table."""
    summarise = HEADLINES.get(recorded.name)
    if summarise is not None:
        try:
            return summarise(recorded.rows)
        except (KeyError, StopIteration, IndexError):
            pass  # the table changed shape: fall back to its first row
    if not recorded.rows:
        return "(no table)"
    return ", ".join(f"{key} {value}" for key, value in recorded.rows[0].items() if value)


def write_summary(outcomes: Sequence[Outcome], quick: bool) -> Path:
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# Benchmarks",
        "",
        f"Gathered {now} on {machine_description()} by `{COMMAND}"
        + (" --quick" if quick else "")
        + "`. Each row links to the full table with its exact command; rerun one benchmark with "
        "that command, or all of them with the runner.",
    ]
    if quick:
        lines += ["", "**Quick run: small inputs, for checking the runner, not for quoting.**"]
    failed = [o for o in outcomes if o.returncode != 0]
    if failed:
        listed = ", ".join(f"{o.name} (exit {o.returncode})" for o in failed)
        lines += ["", f"Did not finish cleanly in this run (older tables kept): {listed}."]
    lines += [
        "",
        "| benchmark | headline | date | machine |",
        "| --- | --- | --- | --- |",
    ]
    for path in sorted(RESULTS_DIR.glob("*.md")):
        recorded = read_recorded(path)
        text = headline(recorded).replace("|", "\\|")
        link = f"[{recorded.name}](benchmarks/{path.name})"
        lines.append(f"| {link} | {text} | {recorded.date} | {recorded.machine} |")
    if outcomes:
        lines += ["", "Run times in this run: "]
        lines[-1] += ", ".join(f"{o.name} {o.seconds:.0f} s" for o in outcomes) + "."
    SUMMARY.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return SUMMARY


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="small inputs, to check it works")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="run only these benchmarks")
    parser.add_argument(
        "--summary-only", action="store_true", help="rewrite docs/benchmarks.md from the tables"
    )
    args = parser.parse_args(argv)
    scripts = benchmark_scripts()
    unknown = sorted(set(args.only or ()) - set(scripts))
    if unknown:
        parser.error(f"unknown benchmark(s) {', '.join(unknown)}; known: {', '.join(scripts)}")
    outcomes: list[Outcome] = []
    if not args.summary_only:
        for name, script in scripts.items():
            if args.only is None or name in args.only:
                outcomes.append(run_benchmark(name, script, arguments(name, args.quick)))
    summary = write_summary(outcomes, args.quick)
    print(f"\nwrote {summary.relative_to(REPO)}")
    return 1 if any(outcome.returncode != 0 for outcome in outcomes) else 0


if __name__ == "__main__":
    raise SystemExit(main())

"""A longer, random fuzz run of the text cleaner and the date normaliser (Hypothesis), and a
run of ``dateline ingest`` over a corpus of hostile files (issue 14).

Each target runs for a fixed time on fresh random input (no shrinking, no example database):
the cleaner on random and hostile text, the normaliser (``tag_times``) on hostile text with
any reference date from year 1 to 9999 or none. A crash is any exception; a property violation
is output that breaks the contract (a span that is not the text's, a value outside the TIMEX3
grammar, untidy cleaned text). Failures are grouped by kind with one example each.

The hostile-file target (``files``) writes the corpus of benchmarks/hostile.py into a
temporary folder and ingests each file alone in a fresh ``dateline ingest --no-annotate``
process, recording its CPU time and peak memory (wait4), then all of them in one folder beside
a good article. The goals: under 1 GiB and 30 s of CPU per input, and every good article kept.

Run: .venv/bin/python benchmarks/fuzz.py [--seconds 60] [--target cleaner|normaliser|files]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the tests' strategies

from tests.fuzz.strategies import any_text, hostile_text
from tests.fuzz.timex import TIMEX3_VALUE

from common import RESULTS_DIR, record_results, result_lines
from dateline.annotate.time.tagger import tag_times
from dateline.ingest.clean import clean_text
from hostile import CASES

COMMAND = ".venv/bin/python benchmarks/fuzz.py"
BATCH = 500


class PropertyViolation(AssertionError):
    """Output that breaks the stage's contract; ``kind`` groups alike violations."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind = kind


def check_cleaner(case: tuple[str, str]) -> None:
    text, title = case
    cleaned = clean_text(text, title)
    if cleaned.text != cleaned.text.strip() or "\n\n\n" in cleaned.text or "\r" in cleaned.text:
        raise PropertyViolation("untidy text", repr(cleaned.text[:60]))
    if not title and "\n" in cleaned.title:
        raise PropertyViolation("multi-line title", repr(cleaned.title[:60]))


def value_fault(value: str) -> str:
    """What is wrong with a value outside the grammar, coarse enough to group alike faults."""
    if value.startswith("-"):
        return "negative year"
    if re.match(r"\d{5}", value):
        return "year above 9999"
    if re.match(r"\d{1,3}(?:X|-|$)", value) and not re.fullmatch(r"\d{2}", value):
        return "year not four digits"
    return "malformed " + re.sub(r"\d", "9", value)


def check_normaliser(case: tuple[str, dt.date | None]) -> None:
    text, reference = case
    for found in tag_times(text, reference, "fuzz"):
        if (
            not 0 <= found.start < found.end <= len(text)
            or found.text != text[found.start : found.end]
        ):
            raise PropertyViolation("span not in text", repr((found.start, found.end, found.text)))
        if not TIMEX3_VALUE.fullmatch(found.value):
            raise PropertyViolation(
                f"TIMEX3 value: {value_fault(found.value)}",
                f"{found.text!r} -> {found.value!r}",
            )


#: Relative phrases with big numbers, the ones that leave the calendar.
FAR_RELATIVE = st.builds(
    "{} {} {}".format,
    st.integers(min_value=1, max_value=50_000),
    st.sampled_from(["years", "decades", "centuries", "months", "weeks", "days"]),
    st.sampled_from(["ago", "later", "earlier", "from now", "before", "after"]),
)
cleaner_cases = st.tuples(any_text, st.one_of(st.just(""), any_text))
normaliser_cases = st.tuples(
    st.one_of(any_text, hostile_text(60), st.lists(FAR_RELATIVE, max_size=3).map(", ".join)),
    st.one_of(st.none(), st.dates()),
)


@dataclass
class FuzzResult:
    target: str
    seconds: float = 0.0
    inputs: int = 0
    crashes: dict[str, tuple[str, str]] = field(default_factory=dict)  # kind -> example, where
    violations: dict[str, str] = field(default_factory=dict)  # kind -> example


def fuzz(
    name: str, cases: st.SearchStrategy[Any], check: Callable[[Any], None], seconds: float
) -> FuzzResult:
    result = FuzzResult(name)
    start = time.monotonic()
    deadline = start + seconds

    @settings(
        max_examples=BATCH,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(cases)
    def run_one(case: Any) -> None:
        if time.monotonic() > deadline:
            return
        result.inputs += 1
        try:
            check(case)
        except PropertyViolation as violation:
            result.violations.setdefault(violation.kind, f"{case!r:.200} ({violation})")
        except Exception as exc:  # a crash: keep the first input of each kind
            frame = traceback.extract_tb(exc.__traceback__)[-1]
            where = f"{Path(frame.filename).name}:{frame.lineno}"
            kind = f"{type(exc).__name__} at {where}"
            result.crashes.setdefault(kind, (f"{case!r:.200}", f"{type(exc).__name__}: {exc}"))

    while time.monotonic() < deadline:
        run_one()
    result.seconds = time.monotonic() - start
    return result


def cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def report(results: list[FuzzResult], seconds: float) -> None:
    rows: list[list[object]] = []
    for result in results:
        print(f"\n{result.target}: {result.inputs:,} inputs in {result.seconds:.0f} s")
        for kind, (example, error) in result.crashes.items():
            print(f"  CRASH {kind}\n    input: {example}\n    error: {error}")
        for kind, example in result.violations.items():
            print(f"  VIOLATION {kind}\n    input: {example}")
        kinds = [*result.crashes, *result.violations]
        rows.append(
            [
                result.target,
                f"{result.seconds:.0f}",
                f"{result.inputs:,}",
                f"{result.inputs / max(result.seconds, 1e-9):,.0f}",
                len(result.crashes),
                len(result.violations),
                cell("; ".join(kinds[:4])) or "none",
            ]
        )
    record_results(
        "fuzz",
        ["target", "seconds", "inputs", "inputs/s", "crash kinds", "violation kinds", "kinds"],
        rows,
        f"{COMMAND} --seconds {seconds:g}",
        notes=(
            "Hypothesis, random generation only (no shrinking), one process. cleaner: "
            "clean_text on random Unicode and hostile text; normaliser: tag_times on hostile "
            "text and far relative phrases, reference any date in years 1-9999 or none. "
            "A violation is a span that is not the text's, a value outside the TIMEX3 grammar "
            "(tests/fuzz/timex.py) or untidy cleaned text."
        ),
    )


MEMORY_GOAL_MIB = 1024
CPU_GOAL_S = 30.0
#: wall-clock limit of one ingest process (the machine may be loaded): past it, it is killed
PROCESS_LIMIT_S = 300.0
_CODE = re.compile(r"\[([EW]\d{3})\]")
_STORED = re.compile(r"ingested: (\d+) new, (\d+) already stored")


@dataclass
class FileRun:
    name: str
    size: int
    cpu: float = 0.0
    wall: float = 0.0
    peak_mib: float = 0.0
    added: int = 0
    codes: list[str] = field(default_factory=list)
    killed: bool = False


#: Runs one command and writes its rusage as JSON: measured from a small process, because
#: Linux carries the forking process's resident set into the child's ru_maxrss.
_MEASURE = """
import json, resource, subprocess, sys
limit, out, *command = sys.argv[1:]
try:
    done = subprocess.run(command, stderr=subprocess.STDOUT, timeout=float(limit))
    code, killed = done.returncode, False
except subprocess.TimeoutExpired:
    code, killed = -9, True
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(out, "w") as handle:
    cpu = usage.ru_utime + usage.ru_stime
    json.dump({"cpu": cpu, "maxrss_kib": usage.ru_maxrss, "code": code, "killed": killed}, handle)
"""


def ingest_process(paths: list[Path], db: Path, name: str, size: int) -> FileRun:
    """One ``dateline ingest --no-annotate`` process over ``paths``, measured (see _MEASURE)."""
    run = FileRun(name, size)
    command = [sys.executable, "-m", "dateline", "ingest", *map(str, paths), "--db", str(db)]
    usage_file = db.with_suffix(".usage.json")
    with tempfile.TemporaryFile() as output:
        start = time.monotonic()
        subprocess.run(
            [
                sys.executable,
                "-c",
                _MEASURE,
                str(PROCESS_LIMIT_S),
                str(usage_file),
                *command,
                "--no-annotate",
            ],
            stdout=output,
            stderr=subprocess.STDOUT,
            env={**os.environ, "COLUMNS": "200"},
            check=False,
        )
        run.wall = time.monotonic() - start
        output.seek(0)
        text = output.read(1 << 20).decode("utf-8", "replace")
    usage = json.loads(usage_file.read_text(encoding="utf-8"))
    run.cpu = usage["cpu"]
    run.peak_mib = usage["maxrss_kib"] / 1024
    run.killed = usage["killed"]
    run.codes = sorted(set(_CODE.findall(text)))
    # An exact repeat of an article stored earlier in the run is kept as that article.
    stored = _STORED.search(text)
    run.added = int(stored.group(1)) + int(stored.group(2)) if stored else 0
    return run


def _verdict(run: FileRun, keep: int | None, single: bool = True) -> str:
    """What missed a goal; the CPU goal is per input, so a folder of them is not held to it."""
    faults = []
    if run.killed:
        faults.append(f"killed after {PROCESS_LIMIT_S:.0f} s")
    if run.peak_mib > MEMORY_GOAL_MIB:
        faults.append("over 1 GiB")
    if single and run.cpu > CPU_GOAL_S:
        faults.append("over 30 s CPU")
    if keep is not None and run.added < keep:
        faults.append(f"kept {run.added} of {keep} articles")
    if keep == 0 and not run.codes:
        faults.append("skipped without a report line")
    return "; ".join(faults) or "ok"


def _shown(name: str) -> str:
    return cell(name.encode("unicode_escape").decode("ascii"))


def fuzz_files(only: list[str] | None = None) -> list[list[object]]:
    """Ingest each hostile file alone, then all of them in one folder beside a good article."""
    rows: list[list[object]] = []
    with tempfile.TemporaryDirectory(prefix="dateline-hostile-") as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        cases = [case for case in CASES if not only or any(part in case.name for part in only)]
        for number, case in enumerate(cases):
            path = folder / case.name
            case.write(path)
            size = path.lstat().st_size
            if case.special:
                continue
            run = ingest_process([path], Path(tmp) / f"{number}.db", case.name, size)
            rows.append(_row(run, case.keep))
            print(rows[-1], flush=True)
        (folder / "good.txt").write_text("A good article\n\n" + GOOD_TEXT, encoding="utf-8")
        keep = 1 + sum(case.keep or 0 for case in cases)
        total = sum(p.lstat().st_size for p in folder.iterdir())
        run = ingest_process([folder], Path(tmp) / "all.db", "all of them in one folder", total)
        rows.append(_row(run, keep, single=False))
    return rows


def _row(run: FileRun, keep: int | None, single: bool = True) -> list[object]:
    return [
        _shown(run.name),
        f"{run.size / 1024 / 1024:,.1f}",
        f"{run.added} kept" + (f", {' '.join(run.codes)}" if run.codes else ""),
        f"{run.cpu:.1f}",
        f"{run.wall:.1f}",
        f"{run.peak_mib:,.0f}",
        _verdict(run, keep, single),
    ]


GOOD_TEXT = (
    "The city council of Marrow voted on Wednesday to ban private cars from the historic "
    "centre on weekends, starting in the spring, after a year of consultation."
)
FILES_SECTION = "## Hostile files"


def record_files(rows: list[list[object]]) -> None:
    columns = ["input", "MiB on disk", "outcome", "CPU s", "wall s", "peak RSS MiB", "verdict"]
    notes = (
        "Each input alone in a fresh `dateline ingest --no-annotate` process (CPU is user + "
        "system time and peak RSS is the process's maximum resident set, both from wait4), "
        "then all of them in one folder with a good article, a FIFO, a link to /dev/zero, a "
        "link loop and a dangling link. Goals: under 1 GiB and 30 s of CPU per input; every "
        "article marked to keep is kept (stored, or already stored as an exact repeat: several "
        "cases carry the same good article). The corpus is benchmarks/hostile.py. The machine is "
        "shared (2 cores, other jobs running): wall times are noisy, CPU times less so."
    )
    lines = result_lines(FILES_SECTION, columns, rows, f"{COMMAND} --target files", notes)
    out = RESULTS_DIR / "fuzz.md"
    before = out.read_text(encoding="utf-8") if out.exists() else "# Benchmark: fuzz\n"
    before = before.split(FILES_SECTION, 1)[0].rstrip() + "\n\n"
    out.write_text(before + "\n".join(lines) + "\n", encoding="utf-8")


TARGETS: dict[str, tuple[st.SearchStrategy[Any], Callable[[Any], None]]] = {
    "cleaner": (cleaner_cases, check_cleaner),
    "normaliser": (normaliser_cases, check_normaliser),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seconds", type=float, default=60.0, help="per target (default 60)")
    parser.add_argument("--target", choices=[*sorted(TARGETS), "files"], action="append")
    parser.add_argument("--case", action="append", help="files: only cases whose name has this")
    parser.add_argument("--limit", type=float, help="alias of --seconds (benchmarks/run.py)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when anything crashed")
    args = parser.parse_args(argv)
    seconds = args.limit if args.limit is not None else args.seconds
    targets = args.target or [*sorted(TARGETS), "files"]
    results = [fuzz(name, *TARGETS[name], seconds) for name in targets if name in TARGETS]
    if results:
        report(results, seconds)
    if "files" in targets:
        rows = fuzz_files(args.case)
        record_files(rows)
        if args.strict and any(row[-1] != "ok" for row in rows):
            return 1
    return 1 if args.strict and any(result.crashes for result in results) else 0


if __name__ == "__main__":
    raise SystemExit(main())

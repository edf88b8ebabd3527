"""A longer, random fuzz run of the text cleaner and the date normaliser (Hypothesis).

Each target runs for a fixed time on fresh random input (no shrinking, no example database):
the cleaner on random and hostile text, the normaliser (``tag_times``) on hostile text with
any reference date from year 1 to 9999 or none. A crash is any exception; a property violation
is output that breaks the contract (a span that is not the text's, a value outside the TIMEX3
grammar, untidy cleaned text). Failures are grouped by kind with one example each.

Run: .venv/bin/python benchmarks/fuzz.py [--seconds 60] [--target cleaner|normaliser]
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
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

from common import record_results
from dateline.annotate.times import tag_times
from dateline.ingest.clean import clean_text

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


TARGETS: dict[str, tuple[st.SearchStrategy[Any], Callable[[Any], None]]] = {
    "cleaner": (cleaner_cases, check_cleaner),
    "normaliser": (normaliser_cases, check_normaliser),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seconds", type=float, default=60.0, help="per target (default 60)")
    parser.add_argument("--target", choices=sorted(TARGETS), action="append")
    parser.add_argument("--limit", type=float, help="alias of --seconds (benchmarks/run.py)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when anything crashed")
    args = parser.parse_args(argv)
    seconds = args.limit if args.limit is not None else args.seconds
    results = [fuzz(name, *TARGETS[name], seconds) for name in args.target or sorted(TARGETS)]
    report(results, seconds)
    return 1 if args.strict and any(result.crashes for result in results) else 0


if __name__ == "__main__":
    raise SystemExit(main())

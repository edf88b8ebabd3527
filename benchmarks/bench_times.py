"""Normalisation speed of the temporal tagger over the TempEval-3 silver set (AFP + Xinhua).

Run: .venv/bin/python benchmarks/bench_times.py [--limit N]
Records expressions/s and words/s (tagging only; reading the TimeML files is not timed).
"""

from __future__ import annotations

import argparse
import re
import sys

from common import load_silver, peak_rss_mb, record_results, stopwatch
from dateline.annotate.times import tag_times

_WORD = re.compile(r"\w+")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, default=None, help="only the first N silver documents")
    args = parser.parse_args(argv)
    documents = load_silver(args.limit)
    if not documents:
        print(
            "no silver documents found under ../shared/datasets/tempeval3/Training", file=sys.stderr
        )
        return 2
    words = sum(len(_WORD.findall(document.text)) for document in documents)
    expressions = 0
    with stopwatch() as elapsed:
        for document in documents:
            expressions += len(tag_times(document.text, document.dct, document.name))
    seconds = elapsed[0]
    command = "python benchmarks/bench_times.py" + (f" --limit {args.limit}" if args.limit else "")
    record_results(
        "times",
        [
            "documents",
            "words",
            "expressions",
            "seconds",
            "expressions/s",
            "words/s",
            "peak RSS MiB",
        ],
        [
            [
                len(documents),
                words,
                expressions,
                f"{seconds:.2f}",
                f"{expressions / seconds:,.0f}",
                f"{words / seconds:,.0f}",
                f"{peak_rss_mb():.0f}",
            ]
        ],
        command,
        notes="tag_times, each document's DCT as reference, heuristic tense (no spaCy), 1 process.",
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

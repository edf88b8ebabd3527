"""How far incremental linking agrees with a full pass on real newswire, by batch size.

    .venv/bin/python benchmarks/bench_agreement.py                  # batches of 500, 100, 25
    .venv/bin/python benchmarks/bench_agreement.py --sizes 100 --limit 1000

The TempEval-3 silver newswire (text and creation date) goes through the product once
(``Corpus.ingest`` and ``annotate``). Each scenario then feeds its articles, oldest first,
to a fresh store a batch at a time (the stored articles and annotations, as a feed brings
them) and runs ``Corpus.link()`` after each batch; the full pass links them all at once
(``Corpus.link(full=True)``). Reported: B³ F1 of the incremental run's entities (mention ->
entity), stories (article -> story) and threads (article -> its story's thread) against the
full pass's, the counts of entities and stories, and how many times an entity batch re-read
a block whose sample did not decide (``entity_state._sampled_entities``). ECB+ dev is the
pinned test of the same agreement (``tests/link``); this is the archive a user's feed builds.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from common import load_silver, record_results
from dateline.api import Corpus, open_corpus
from dateline.evaluate.clustering_metrics import b_cubed
from dateline.link import entity_state
from dateline.store.sqlite import SQLiteStore

COLUMNS = (
    "batch size",
    "entities B³ F1",
    "entities",
    "sample retries",
    "stories B³ F1",
    "stories",
    "threads B³ F1",
    "link CPU s",
)


def annotated_silver(folder: Path, limit: int | None) -> SQLiteStore:
    """The silver newswire ingested and annotated through the product."""
    source = folder / "silver.jsonl"
    with source.open("w", encoding="utf-8") as out:
        for document in load_silver(limit):
            # no title: a TimeML file has none, and its file name ("XIN_ENG_20061122.0163")
            # would give every article of an agency the same heavy title words
            record = {"text": document.text, "published": document.dct.isoformat()}
            out.write(json.dumps(record) + "\n")
    path = folder / "annotated.db"
    with open_corpus(path) as corpus:
        corpus.ingest([source])
        corpus.annotate()
    return SQLiteStore(path)


def linked(
    source: SQLiteStore, order: Sequence[str], size: int, path: Path
) -> tuple[dict[tuple[str, int, int], str], dict[str, str], dict[str, str], float]:
    """(mention -> entity, article -> story, article -> thread (its story's id when the story
    is in no thread), link CPU seconds) after feeding ``order`` to a fresh store ``size``
    articles at a time, linking after each batch (one batch of every article: the full
    pass)."""
    corpus = Corpus(SQLiteStore(path))
    seconds = 0.0
    for start in range(0, len(order), size):
        batch = order[start : start + size]
        articles = [source.get_article(article_id) for article_id in batch]
        corpus.store.add_articles([article for article in articles if article is not None])
        corpus.store.put_annotations([source.get_annotations(article_id) for article_id in batch])
        began = time.process_time()
        corpus.link(full=size >= len(order))
        seconds += time.process_time() - began
    store = corpus.store
    entities = {
        (m.article_id, m.start, m.end): m.entity_id for m in store.iter_mentions() if m.entity_id
    }
    found = list(store.iter_stories())
    stories = {a: story.id for story in found for a in story.article_ids}
    threads = {a: story.thread_id or story.id for story in found for a in story.article_ids}
    corpus.close()
    return entities, stories, threads, seconds


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="500,100,25", help="batch sizes, comma-separated")
    parser.add_argument("--limit", type=int, default=None, help="the first N silver documents")
    args = parser.parse_args(argv)
    try:
        sizes = [int(size) for size in args.sizes.split(",")]
    except ValueError:
        parser.error(f"--sizes takes whole numbers, comma-separated, not {args.sizes!r}")
    if min(sizes) < 1 or (args.limit is not None and args.limit < 1):
        parser.error("batch sizes and --limit must be at least 1")
    retries = [0]
    check = entity_state._sampled_entities

    def counted(*found: object) -> object:
        result = check(*found)  # type: ignore[arg-type]
        if isinstance(result, frozenset):
            retries[0] += 1
        return result

    entity_state._sampled_entities = counted  # type: ignore[assignment]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = annotated_silver(folder, args.limit)
        heads = sorted(source.iter_articles(), key=lambda a: (a.published or "", a.id))
        order = [article.id for article in heads]
        full_entities, full_stories, full_threads, full_seconds = linked(
            source, order, len(order), folder / "full.db"
        )
        rows: list[list[object]] = [
            [
                f"all {len(order):,} (full pass)",
                "1.000",
                f"{len(set(full_entities.values())):,}",
                "",
                "1.000",
                f"{len(set(full_stories.values())):,}",
                "1.000",
                f"{full_seconds:.1f}",
            ]
        ]
        for size in sizes:
            retries[0] = 0
            entities, stories, threads, seconds = linked(
                source, order, size, folder / f"by-{size}.db"
            )
            rows.append(
                [
                    size,
                    f"{b_cubed(full_entities, entities).f1:.4f}",
                    f"{len(set(entities.values())):,}",
                    retries[0],
                    f"{b_cubed(full_stories, stories).f1:.4f}",
                    f"{len(set(stories.values())):,}",
                    f"{b_cubed(full_threads, threads).f1:.4f}",
                    f"{seconds:.1f}",
                ]
            )
        source.close()
    record_results(
        "agreement",
        COLUMNS,
        rows,
        " ".join(["python benchmarks/bench_agreement.py", *(argv or sys.argv[1:])]),
        notes=__doc__.split("\n\n", 2)[2].replace("\n", " ").strip(),
    )


if __name__ == "__main__":
    main()

"""Story clustering throughput at 10k and 100k synthetic articles, and embedding speed.

Synthetic news flow: stories are planted at a steady rate over time (about 100 articles a
day, 1-12 articles per story spread over a few days), each with its own words, entities and
a random direction in embedding space; every article mixes its story's words with common
words and gets its story's direction plus noise as its vector. Vectors are precomputed so
that the timing measures clustering, not embedding; WordLlama's speed on real text (ECB+
documents) is measured separately.

The per-article cost is reported for each tenth of the run: if it stayed flat while the
corpus grew tenfold, the cost per new article does not grow with the corpus (a quadratic
clusterer would get ten times slower per article from the first tenth to the last). The
splitting and merging passes, then the reassigning pass, are timed over every story of the
finished corpus, as one run each: their cost per article at 10k and at 100k articles shows
whether they stay linear.

    .venv/bin/python benchmarks/bench_stories.py            # 10k and 100k
    .venv/bin/python benchmarks/bench_stories.py --limit 10000
"""

from __future__ import annotations

import os

# What ``import dateline`` does when it comes first, as in the ``dateline`` command: this
# script imports numpy before dateline, and OpenBLAS would start a thread per core.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import datetime as dt
import time

import numpy as np

from common import DATASETS, peak_rss_mb, record_results, stopwatch
from dateline.evaluate.clustering_metrics import b_cubed
from dateline.link.embed import embed_texts
from dateline.link.stories.features import CorpusFeatures, StoryInput
from dateline.link.stories.merges import merge_fragments
from dateline.link.stories.online import StoryClusterer
from dateline.link.stories.reassign import reassign_articles
from dateline.link.stories.splits import split_stories

DIM = 256
ARTICLES_PER_DAY = 100
COMMON_WORDS = 5000
START = dt.date(2015, 1, 1)


def synthetic_corpus(
    count: int, seed: int = 7
) -> tuple[list[StoryInput], np.ndarray, dict[str, int]]:
    """``count`` articles in date order, their vectors, and the planted story of each."""
    rng = np.random.default_rng(seed)
    # an array once: choice() would convert a list of 5,000 words on every call
    common = np.array([f"w{i}" for i in range(COMMON_WORDS)])
    zipf = 1 / np.arange(1, COMMON_WORDS + 1)
    zipf /= zipf.sum()
    popular_entities = [f"Country {i}" for i in range(40)]
    planted: list[tuple[int, int]] = []  # (day, story) per article
    story = 0
    while len(planted) < count:
        size = int(rng.integers(1, 13))
        start = len(planted) // ARTICLES_PER_DAY
        for _ in range(size):
            planted.append((start + int(rng.integers(0, 4)), story))
        story += 1
    planted = sorted(planted[:count])
    directions = rng.normal(size=(story, DIM)).astype(np.float32)
    items: list[StoryInput] = []
    vectors = np.empty((count, DIM), dtype=np.float32)
    gold: dict[str, int] = {}
    for index, (day, story_index) in enumerate(planted):
        own_words = [f"s{story_index}x{k}" for k in rng.integers(0, 25, size=15)]
        words = own_words + [str(word) for word in rng.choice(common, size=45, p=zipf)]
        entities = [f"Person {story_index}-{k}" for k in rng.integers(0, 4, size=3)]
        entities.append(popular_entities[int(rng.integers(0, len(popular_entities)))])
        article_id = f"a{index:07d}"
        items.append(
            StoryInput(
                article_id=article_id,
                title=" ".join(own_words[:6]),
                text=" ".join(words),
                published=START + dt.timedelta(days=day),
                entity_keys=tuple(entities),
            )
        )
        noisy = directions[story_index] + rng.normal(scale=1.2, size=DIM)
        vectors[index] = noisy / np.linalg.norm(noisy)
        gold[article_id] = story_index
    return items, vectors, gold


def run_clustering(size: int) -> list[list[object]]:
    items, vectors, gold = synthetic_corpus(size)
    clusterer = StoryClusterer(DIM)
    tenth = size // 10
    rows: list[list[object]] = []
    total = 0.0
    for part in range(10):
        chunk = range(part * tenth, size if part == 9 else (part + 1) * tenth)
        start = time.process_time()  # CPU time: the machine is shared, wall time is noisy
        for i in chunk:
            clusterer.add(items[i], vectors[i])
        elapsed = time.process_time() - start
        total += elapsed
        rows.append(
            [
                f"{size:,}",
                f"{chunk.start:,}–{chunk.stop:,}",
                f"{elapsed / len(chunk) * 1e6:,.0f}",
                f"{len(clusterer.groups()):,}",
                "",
                "",
            ]
        )
    quality = b_cubed(gold, clusterer.assignments)
    rows[-1][4] = f"{size / total:,.0f} articles/s (CPU), B³ F1 {quality.f1:.3f} vs planted"
    rows[-1][5] = f"{peak_rss_mb():,.0f}"
    rows += run_passes(items, vectors, clusterer.assignments, gold)
    return rows


def run_passes(
    items: list[StoryInput], vectors: np.ndarray, assignments: dict[str, str], gold: dict[str, int]
) -> list[list[object]]:
    """The splitting and merging passes, then the reassigning pass, over every story of the
    corpus, as one run each."""
    start = time.process_time()
    corpus = CorpusFeatures.of(items)
    split, splits = split_stories(items, assignments, corpus=corpus)
    apart = [(record.story_id, record.new_story_id) for record in splits]
    merged, merges = merge_fragments(items, split, corpus, apart=apart)
    elapsed = time.process_time() - start
    quality = b_cubed(gold, merged)
    start = time.process_time()
    moved, moves = reassign_articles(items, vectors, merged)
    reassign_elapsed = time.process_time() - start
    return [
        pass_row(
            "split + merge passes, all stories",
            elapsed,
            merged,
            f"{len(splits)} splits, {len(merges)} merges, B³ F1 {quality.f1:.3f} vs planted",
        ),
        pass_row(
            "reassigning pass, all stories",
            reassign_elapsed,
            moved,
            f"{len(moves)} moves, B³ F1 {b_cubed(gold, moved).f1:.3f} vs planted",
        ),
    ]


def pass_row(name: str, seconds: float, assignments: dict[str, str], outcome: str) -> list[object]:
    """One table row for a pass over the whole corpus: CPU per article and what it did."""
    return [
        f"{len(assignments):,}",
        name,
        f"{seconds / len(assignments) * 1e6:,.0f}",
        f"{len(set(assignments.values())):,}",
        outcome,
        f"{peak_rss_mb():,.0f}",
    ]


def embedding_speed() -> list[object]:
    from dateline.evaluate.ecbplus import load_documents

    documents = load_documents(("train", "dev", "test"), DATASETS / "ecbplus")
    texts = [f"{d.title}\n{d.text}" for d in documents]
    embed_texts(texts[:8])  # load the model outside the timing
    with stopwatch() as seconds:
        embed_texts(texts)
    characters = sum(len(text) for text in texts)
    return [
        "WordLlama on ECB+",
        f"{len(texts)} documents, {characters / len(texts):,.0f} chars each",
        f"{seconds[0] / len(texts) * 1e6:,.0f}",
        "",
        f"{len(texts) / seconds[0]:,.0f} documents/s",
        f"{peak_rss_mb():,.0f}",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=100_000, help="largest corpus size")
    args = parser.parse_args()
    sizes = [size for size in (10_000, 100_000) if size <= args.limit] or [args.limit]
    rows: list[list[object]] = []
    for size in sizes:
        rows += run_clustering(size)
    rows.append(embedding_speed())
    command = "python benchmarks/bench_stories.py" + (
        f" --limit {args.limit}" if args.limit != 100_000 else ""
    )
    record_results(
        "stories",
        ["corpus", "articles", "µs/article", "stories so far", "overall", "peak RSS MiB"],
        rows,
        command,
        notes=(
            "Synthetic flow of about 100 articles a day, stories of 1-12 articles; vectors "
            "precomputed (story direction + noise), so the clustering rows time "
            "StoryClusterer.add alone (features, blocking, scoring, update), one process. "
            "µs/article is the mean CPU time per article over that tenth of the run; a flat "
            "column means the cost per new article does not grow with the corpus. The "
            "'split + merge passes' rows time dateline.link.stories.splits and "
            "dateline.link.stories.merges "
            "over every story of the finished corpus as one run (features and idf included), "
            "per article of the corpus; the 'reassigning pass' rows time "
            "dateline.link.stories.reassign after them in the same way."
        ),
    )


if __name__ == "__main__":
    main()

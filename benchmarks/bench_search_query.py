"""Search query time on a store: the earlier single query (bm25 over every match, a snippet per
match) against ``SQLiteStore.search`` (the latest ``SEARCH_CANDIDATES`` matches ranked,
snippets for the page).

    .venv/bin/python benchmarks/bench_search_query.py STORE.db

STORE.db from ``bench_serve.build_store`` (``bench_serve.py --db STORE.db``). Prints p50, p95
and max over 60 random one- or two-word queries drawn from the store's text and five common
ones, each way twice, in one process (no HTTP).
"""

from __future__ import annotations

import random
import sqlite3
import sys
import time
from collections.abc import Callable, Sequence

from dateline.store.sqlite import SQLiteStore, fts_query

COMMON = ["said", "met", "s*", "tav", "said met"]
EARLIER = (
    "SELECT a.id, a.title, a.published, a.source, bm25(articles_fts) AS score, "
    "snippet(articles_fts, 1, '\x02', '\x03', '…', 16) AS snippet "
    "FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
    "WHERE articles_fts MATCH ? ORDER BY score LIMIT 20"
)


def _percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed(name: str, queries: Sequence[str], search: Callable[[str], object]) -> None:
    times: dict[str, float] = {}
    for query in queries:
        start = time.perf_counter()
        search(query)
        times[query] = (time.perf_counter() - start) * 1000
    values = list(times.values())
    print(
        f"| {name} | {_percentile(values, 0.5):.0f} | {_percentile(values, 0.95):.0f} | "
        f"{max(values):.0f} | {times['said']:.0f} | {times['s*']:.0f} |"
    )


def main() -> None:
    path = sys.argv[1]
    store = SQLiteStore(path)
    raw = sqlite3.connect(path)
    words = [w for a in store.iter_articles(limit=50) for w in a.text.split()[:40]]
    rng = random.Random(11)
    queries = [" ".join(rng.sample(words, rng.choice([1, 2]))) for _ in range(60)] + COMMON
    print("| query | p50 ms | p95 ms | max ms | `said` ms | `s*` ms |")
    print("| --- | --- | --- | --- | --- | --- |")
    for _ in range(2):
        timed("earlier", queries, lambda q: raw.execute(EARLIER, (fts_query(q),)).fetchall())
        timed("now", queries, lambda q: store.search(q, 20))


if __name__ == "__main__":
    main()

"""CPU time of the search, dossier, timeline and story views, in one process, on a stored
corpus.

    .venv/bin/python benchmarks/view_cpu.py STORE [COUNT]

Times each view (the :class:`Corpus` question a page asks) alone (``time.process_time``,
no HTTP, no serialisation) for ``COUNT`` random entities and stories (seeded as
``bench_serve.py`` draws them), for searches of one or two words drawn as it draws them, and
for the three most mentioned entities; prints the mean, the 95th percentile and the maximum.
Made to compare versions on the synthetic stores of ``bench_serve.py`` (``--db``) where a
load test of the slower one would take hours, and to read costs that move less than latency
with the machine's load. Prints only: the figures go to docs/scale.md by hand.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable, Sequence

from dateline.api import Corpus
from dateline.store.sqlite import SQLiteStore


def timed(view: Callable[[str], object], items: Sequence[str]) -> tuple[float, float, float]:
    """Mean, 95th percentile and maximum CPU milliseconds of ``view`` over ``items``."""
    spent = []
    for item in items:
        start = time.process_time()
        view(item)
        spent.append((time.process_time() - start) * 1000)
    spent.sort()
    return sum(spent) / len(spent), spent[round(0.95 * (len(spent) - 1))], spent[-1]


def main() -> None:
    store = SQLiteStore(sys.argv[1], read_only=True)
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    rng = random.Random(11)
    entities = [entity.id for entity in store.iter_entities(articles=False)]
    stories = [story.id for story in store.iter_stories()]

    corpus = Corpus(store)
    words = [w for a in store.iter_articles(limit=50) for w in a.text.split()[:40]]
    drawn = random.Random(11)  # apart from ``rng``: the entities drawn stay those of before
    queries = [" ".join(drawn.sample(words, drawn.choice((1, 2)))) for _ in range(count)]

    def search(query: str) -> object:
        return corpus.search(query)

    def timeline(entity_id: str) -> object:
        return corpus.timeline_points(entity_id)

    def dossier(entity_id: str) -> object:
        return corpus.dossier(entity_id)

    def story(story_id: str) -> object:
        return corpus.story_view(story_id)

    picked = rng.sample(entities, min(count, len(entities)))
    for name, view, items in (
        ("search", search, queries),
        ("dossier", dossier, picked),
        ("dossier of the 3 most mentioned", dossier, entities[:3]),
        ("timeline", timeline, picked),
        ("story", story, rng.sample(stories, min(count, len(stories)))),
    ):
        mean, p95, most = timed(view, items)
        print(f"{name}: mean {mean:.1f}, p95 {p95:.1f}, max {most:.1f} ms of CPU over {len(items)}")
    store.close()


if __name__ == "__main__":
    main()

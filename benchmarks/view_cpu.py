"""CPU time of the dossier, timeline and story views, in one process, on a stored corpus.

    .venv/bin/python benchmarks/view_cpu.py STORE [COUNT]

Times each view (the :class:`Corpus` question a page asks) alone (``time.process_time``,
no HTTP, no serialisation) for ``COUNT`` random entities and stories (seeded as
``bench_serve.py`` draws them) and for the three most mentioned entities; prints the mean and
the maximum. Made to compare versions on the synthetic stores of ``bench_serve.py``
(``--db``) where a load test of the slower one would take hours. Prints only: the figures
go to docs/scale.md by hand.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable, Sequence

from dateline.api import Corpus
from dateline.store.sqlite import SQLiteStore


def timed(view: Callable[[str], object], items: Sequence[str]) -> tuple[float, float]:
    """Mean and maximum CPU milliseconds of ``view`` over ``items``."""
    spent = []
    for item in items:
        start = time.process_time()
        view(item)
        spent.append((time.process_time() - start) * 1000)
    return sum(spent) / len(spent), max(spent)


def main() -> None:
    store = SQLiteStore(sys.argv[1], read_only=True)
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    rng = random.Random(11)
    entities = [entity.id for entity in store.iter_entities(articles=False)]
    stories = [story.id for story in store.iter_stories()]

    corpus = Corpus(store)

    def timeline(entity_id: str) -> object:
        return corpus.timeline_points(entity_id)

    def dossier(entity_id: str) -> object:
        return corpus.dossier(entity_id)

    def story(story_id: str) -> object:
        return corpus.story_view(story_id)

    picked = rng.sample(entities, min(count, len(entities)))
    for name, view, items in (
        ("dossier", dossier, picked),
        ("dossier of the 3 most mentioned", dossier, entities[:3]),
        ("timeline", timeline, picked),
        ("story", story, rng.sample(stories, min(count, len(stories)))),
    ):
        mean, most = timed(view, items)
        print(f"{name}: mean {mean:.1f} ms, max {most:.1f} ms of CPU over {len(items)}")
    store.close()


if __name__ == "__main__":
    main()

"""Entity co-occurrence counts kept exact by deltas, so a batch costs what its articles hold.

``entity_cooccurrence`` holds, for every two entities named in one article, the number of
articles naming both (both directions). It is a function of ``entity_articles`` alone, so a
change to ``entity_articles`` confined to some articles changes the counts only by what
those articles held before and hold after: :func:`kept_cooccurrence` reads the entities of
those articles around the change and adds the difference. A batch, a move, a merge or a
split then costs the pairs of the articles it touches, never a recount of every article of
an entity named in them (a country, a head of state). A full rebuild
(:func:`dateline.store.summaries.entity_refresh` with no ids) counts every pair afresh.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from dateline.store.paging import id_pages, marks


def article_entities(db: Any, article_ids: Iterable[str]) -> dict[str, set[str]]:
    """Article id -> the entities ``entity_articles`` lists for it, for ``article_ids``."""
    found: dict[str, set[str]] = defaultdict(set)
    for page in id_pages(sorted(set(article_ids))):
        for row in db.fetchall(
            "SELECT article_id, entity_id FROM entity_articles "
            f"WHERE article_id IN ({marks(page)})",
            page,
        ):
            found[str(row["article_id"])].add(str(row["entity_id"]))
    return found


def pair_deltas(
    before: dict[str, set[str]], after: dict[str, set[str]]
) -> Counter[tuple[str, str]]:
    """How the number of articles naming each ordered pair of entities changes from
    ``before`` to ``after``. Worked out from what each article gained and lost: a pair of
    two entities an article names both before and after cancels, so only the pairs with
    one it gained (+1) or lost (-1) are counted, not every pair of its forty names twice."""
    delta: Counter[tuple[str, str]] = Counter()
    for article_id in before.keys() | after.keys():
        old, new = before.get(article_id, set()), after.get(article_id, set())
        if old != new:
            delta.update(_pairs_with(new, new - old))
            delta.subtract(_pairs_with(old, old - new))
    return delta


def _pairs_with(entities: set[str], touched: set[str]) -> list[tuple[str, str]]:
    """Every ordered pair of two of ``entities`` with at least one of ``touched``."""
    pairs = [(a, b) for a in touched for b in entities if a != b]
    pairs += [(b, a) for a in touched for b in entities if b not in touched]
    return pairs


def add_pair_deltas(db: Any, before: dict[str, set[str]], after: dict[str, set[str]]) -> None:
    """Add to the stored counts what ``after`` holds more than ``before`` (the entities of
    the same articles before and after a change); drop the pairs left at none."""
    changes = sorted((a, b, n) for (a, b), n in pair_deltas(before, after).items() if n)
    if not changes:
        return
    db.executemany(
        "INSERT INTO entity_cooccurrence (entity_id, other_id, shared) VALUES (?, ?, ?) "
        "ON CONFLICT (entity_id, other_id) "
        "DO UPDATE SET shared = entity_cooccurrence.shared + excluded.shared",
        changes,
    )
    gone = [(a, b) for a, b, n in changes if n < 0]
    db.executemany(
        "DELETE FROM entity_cooccurrence WHERE entity_id = ? AND other_id = ? AND shared <= 0",
        gone,
    )


@contextmanager
def kept_cooccurrence(db: Any, article_ids: Sequence[str]) -> Iterator[None]:
    """Keep the counts exact across a change to the ``entity_articles`` rows of
    ``article_ids`` (and of no other article) made inside the ``with`` block."""
    before = article_entities(db, article_ids)
    yield
    add_pair_deltas(db, before, article_entities(db, article_ids))


def changed_articles(db: Any, entity_ids: Sequence[str]) -> list[str]:
    """The articles whose ``entity_articles`` rows for ``entity_ids`` a rebuild from the
    mentions would add or remove (an entity whose articles stay the same, as after
    ``set-date`` or a recount of its aliases, changes no count)."""
    if not entity_ids:
        return []
    scope = f"entity_id IN ({marks(entity_ids)})"
    stored = {
        (str(row["entity_id"]), str(row["article_id"]))
        for row in db.fetchall(
            f"SELECT entity_id, article_id FROM entity_articles WHERE {scope}", entity_ids
        )
    }
    fresh = {
        (str(row["entity_id"]), str(row["article_id"]))
        for row in db.fetchall(
            # as the rebuild reads them (:func:`dateline.store.summaries.entity_refresh`)
            "SELECT DISTINCT m.entity_id, m.article_id FROM mentions m "
            f"JOIN articles a ON a.id = m.article_id WHERE m.{scope}",
            entity_ids,
        )
    }
    return sorted({article for _, article in stored ^ fresh})

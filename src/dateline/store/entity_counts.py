"""An entity's counts kept by deltas over the articles a link changes.

An entity read from a sample (:mod:`dateline.link.entity_state`) keeps its id, so its row's
aliases (each written form with its count), article list and mention count change only by
what the changed articles held of it before the link and hold after. Counting them from every
stored mention instead costs what the entity has (a country's every mention) on each batch.
Roles are stored without their counts, so an entity whose mentions' roles change in those
articles is counted again whole (:func:`dateline.store.sql_entity_links._recount_entities`).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from dateline.store.paging import id_pages, marks


@dataclass(slots=True)
class HeldBefore:
    """What the stored rows of some entities and their mentions in some articles held."""

    articles: Sequence[str]
    rows: dict[str, tuple[Counter[str], list[str], set[str]]] = field(default_factory=dict)
    mentions: dict[str, list[tuple[str, str, str | None]]] = field(default_factory=dict)


def mentions_in(
    db: Any, entity_ids: Sequence[str], article_ids: Sequence[str]
) -> dict[str, list[tuple[str, str, str | None]]]:
    """Entity id -> (article id, written form, role) of its mentions in ``article_ids``."""
    wanted = set(entity_ids)
    found: dict[str, list[tuple[str, str, str | None]]] = {e: [] for e in entity_ids}
    for page in id_pages(list(article_ids)):
        for row in db.fetchall(
            "SELECT entity_id, article_id, text, role FROM mentions "
            f"WHERE article_id IN ({marks(page)})",
            page,
        ):
            if row["entity_id"] in wanted:
                text = " ".join(str(row["text"]).split())
                found[str(row["entity_id"])].append((str(row["article_id"]), text, row["role"]))
    return found


def held_before(db: Any, entity_ids: Sequence[str], article_ids: Sequence[str]) -> HeldBefore:
    """Read before a link changes anything: the entities' rows, their mentions in the
    articles the link changes."""
    held = HeldBefore(articles=list(article_ids))
    for page in id_pages(list(entity_ids)):
        for row in db.fetchall(
            f"SELECT id, aliases, roles, article_ids FROM entities WHERE id IN ({marks(page)})",
            page,
        ):
            aliases = Counter({str(text): int(n) for text, n in json.loads(row["aliases"])})
            roles = [str(role) for role in json.loads(row["roles"])]
            held.rows[str(row["id"])] = (aliases, roles, set(json.loads(row["article_ids"])))
    held.mentions = mentions_in(db, list(held.rows), held.articles)
    return held


def write_kept_counts(db: Any, held: HeldBefore) -> list[str]:
    """After the link's mention updates: write the rows of the entities ``held`` by their
    changes in its articles; the entities left to count whole (their roles changed)."""
    after = mentions_in(db, list(held.rows), held.articles)
    whole: list[str] = []
    updates = []
    for entity_id, (aliases, roles, articles) in held.rows.items():
        was, now = held.mentions[entity_id], after[entity_id]
        if Counter(r for _, _, r in was if r) != Counter(r for _, _, r in now if r):
            whole.append(entity_id)
            continue
        aliases.update(text for _, text, _ in now)
        aliases.subtract(text for _, text, _ in was)
        kept = {text: n for text, n in aliases.items() if n > 0}
        articles -= {article for article, _, _ in was}
        articles |= {article for article, _, _ in now}
        updates.append(
            (
                json.dumps([list(a) for a in sorted(kept.items(), key=lambda i: (-i[1], i[0]))]),
                json.dumps(roles),
                json.dumps(sorted(articles)),
                sum(kept.values()),
                entity_id,
            )
        )
    db.executemany(
        "UPDATE entities SET aliases = ?, roles = ?, article_ids = ?, mention_count = ? "
        "WHERE id = ?",
        updates,
    )
    return whole

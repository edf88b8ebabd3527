"""An entity's counts kept by deltas over the articles a link changes.

An entity read from a sample (:mod:`dateline.link.entity_state`) keeps its id, so its row's
aliases (each written form with its count) and mention count change only by what the changed
articles held of it before the link and hold after (its articles are its ``entity_articles``
rows, kept by the same articles). Counting them from every
stored mention instead costs what the entity has (a country's every mention) on each batch.
Roles are stored without their counts, so an entity whose mentions' roles change in those
articles is counted again whole (:func:`dateline.store.sql_entity_links._recount_entities`).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from dateline.store.paging import id_pages, marks


@dataclass(slots=True)
class HeldBefore:
    """What the stored rows of some entities and their mentions in some articles held."""

    articles: Sequence[str]
    rows: dict[str, tuple[Counter[str], list[str]]] = field(default_factory=dict)
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
            f"SELECT id, aliases, roles FROM entities WHERE id IN ({marks(page)})",
            page,
        ):
            aliases = Counter({str(text): int(n) for text, n in json.loads(row["aliases"])})
            roles = [str(role) for role in json.loads(row["roles"])]
            held.rows[str(row["id"])] = (aliases, roles)
    held.mentions = mentions_in(db, list(held.rows), held.articles)
    return held


def merged_rows(held: HeldBefore, remap: Mapping[str, str]) -> HeldBefore:
    """``held`` with each entity ``old`` of ``remap`` held in its new entity: every mention
    of ``old`` moves there, so the new entity's row holds both rows' written forms, and its
    mentions in the changed articles were both entities' there. The rows of
    a merge of two entities named in thousands of articles are then moved by what the changed
    articles hold instead of counted again from every mention. Roles are stored without
    their counts: where both entities have some, their order is not known and the new
    entity is left to count whole (dropped from ``held``)."""
    for old, new in remap.items():
        if old not in held.rows:
            continue
        aliases, roles = held.rows.pop(old)
        mentions = held.mentions.pop(old)
        if new not in held.rows:
            continue
        new_aliases, new_roles = held.rows[new]
        if roles and new_roles:
            del held.rows[new]
            del held.mentions[new]
            continue
        held.rows[new] = (new_aliases + aliases, new_roles or roles)
        held.mentions[new] = held.mentions[new] + mentions
    return held


def write_kept_counts(db: Any, held: HeldBefore) -> list[str]:
    """After the link's mention updates: write the rows of the entities ``held`` by their
    changes in its articles; the entities left to count whole (their roles changed)."""
    after = mentions_in(db, list(held.rows), held.articles)
    whole: list[str] = []
    updates = []
    for entity_id, (aliases, roles) in held.rows.items():
        was, now = held.mentions[entity_id], after[entity_id]
        if Counter(r for _, _, r in was if r) != Counter(r for _, _, r in now if r):
            whole.append(entity_id)
            continue
        aliases.update(text for _, text, _ in now)
        aliases.subtract(text for _, text, _ in was)
        kept = {text: n for text, n in aliases.items() if n > 0}
        updates.append(
            (
                json.dumps([list(a) for a in sorted(kept.items(), key=lambda i: (-i[1], i[0]))]),
                json.dumps(roles),
                sum(kept.values()),
                entity_id,
            )
        )
    db.executemany(
        "UPDATE entities SET aliases = ?, roles = ?, mention_count = ? WHERE id = ?",
        updates,
    )
    return whole


#: an entity's part of its summary row in some articles: articles, mentions, quotes, events
SummaryPart = tuple[int, int, int, int]


def summary_parts(
    db: Any, entity_ids: Sequence[str], article_ids: Sequence[str]
) -> dict[str, SummaryPart]:
    """Entity id -> what its ``entity_summaries`` row counts in ``article_ids``: its
    ``entity_articles`` rows there and their mentions, the quotes it speaks there and the
    events there it takes part in (an event belongs to one article). Read through the
    articles, so the cost follows them, not how many articles an entity has."""
    wanted = set(entity_ids)
    found = {entity_id: [0, 0, 0, 0] for entity_id in entity_ids}
    for page in id_pages(list(article_ids)):
        where = f"IN ({marks(page)})"
        for column, sql in (
            (
                0,
                "SELECT entity_id, count(*) AS n, sum(mentions) AS m FROM entity_articles "
                f"WHERE article_id {where} GROUP BY entity_id",
            ),
            (
                2,
                "SELECT speaker_id AS entity_id, count(*) AS n, 0 AS m FROM quotes "
                f"WHERE article_id {where} AND speaker_id IS NOT NULL GROUP BY speaker_id",
            ),
            (
                3,
                "SELECT p.entity_id AS entity_id, count(DISTINCT p.event_id) AS n, 0 AS m "
                "FROM events e JOIN event_participants p ON p.event_id = e.id "
                f"WHERE e.article_id {where} GROUP BY p.entity_id",
            ),
        ):
            for row in db.fetchall(sql, page):
                entity_id = str(row["entity_id"])
                if entity_id in wanted:
                    found[entity_id][column] += int(row["n"])
                    if column == 0:
                        found[entity_id][1] += int(row["m"] or 0)
    return {entity_id: (a, m, q, e) for entity_id, (a, m, q, e) in found.items()}


def write_kept_summaries(
    db: Any,
    before: dict[str, SummaryPart],
    after: dict[str, SummaryPart],
) -> list[str]:
    """Move the ``entity_summaries`` rows of the entities ``before`` by what their part in
    some articles went from (``before``) to (``after``), and read their first and last dates
    at the two ends of their ``entity_articles_latest`` index; the entities left to count
    whole (no row to move)."""
    stored = set()
    for page in id_pages(list(before)):
        stored |= {
            str(row["entity_id"])
            for row in db.fetchall(
                f"SELECT entity_id FROM entity_summaries WHERE entity_id IN ({marks(page)})", page
            )
        }
    kept = [entity_id for entity_id in before if entity_id in stored]
    edge = (
        "(SELECT published FROM entity_articles WHERE entity_id = ? AND published > '' "
        "ORDER BY published {order} LIMIT 1)"
    )
    db.executemany(
        "UPDATE entity_summaries SET article_count = article_count + ?, "
        "mention_count = mention_count + ?, quote_count = quote_count + ?, "
        f"event_count = event_count + ?, first_published = {edge.format(order='ASC')}, "
        f"last_published = {edge.format(order='DESC')} WHERE entity_id = ?",
        [
            (
                *(now - was for now, was in zip(after[entity_id], before[entity_id], strict=True)),
                entity_id,
                entity_id,
                entity_id,
            )
            for entity_id in kept
        ],
    )
    # as a rebuild from entity_articles leaves it: no row for an entity without articles
    for page in id_pages(kept):
        db.execute(
            f"DELETE FROM entity_summaries WHERE entity_id IN ({marks(page)}) "
            "AND article_count <= 0",
            page,
        )
    return [entity_id for entity_id in before if entity_id not in stored]

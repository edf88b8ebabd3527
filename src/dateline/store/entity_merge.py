"""Moving a merged entity's summary rows onto the entity it merged into, in set-based SQL.

When every mention of entity ``old`` moves to ``new`` (a merge), the summaries change in a
way known without reading the articles one by one: ``old``'s ``entity_articles`` rows become
``new``'s (mentions added where both were named), each pair ``(old, x)`` of
``entity_cooccurrence`` adds to ``(new, x)`` less the articles that named all three, and a
story's names change only in ``new``'s and ``old``'s counts. :func:`move_entity_rows` writes
that in a few statements, so a merge of two entities named in thousands of articles costs
what their distinct partners and stories hold, not a recount of every pair of those
articles. Run it before the mentions move; the result equals a full recount.
"""

from __future__ import annotations

from typing import Any

from dateline.store import summaries
from dateline.store.paging import id_pages, marks


def move_entity_rows(db: Any, old: str, new: str) -> None:
    """Make the summaries say of ``new`` what they said of ``old`` and ``new`` together, and
    nothing of ``old``: ``entity_cooccurrence``, ``entity_articles`` and ``story_entities``
    (``entity_summaries`` are counted again from ``entity_articles`` by the caller)."""
    stories = _stories_named(db, old)
    _move_cooccurrence(db, old, new)
    db.execute(
        "INSERT INTO entity_articles (entity_id, article_id, published, mentions) "
        "SELECT ?, article_id, published, mentions FROM entity_articles WHERE entity_id = ? "
        "ON CONFLICT (entity_id, article_id) "
        "DO UPDATE SET mentions = entity_articles.mentions + excluded.mentions",
        (new, old),
    )
    db.execute("DELETE FROM entity_articles WHERE entity_id = ?", (old,))
    _move_story_names(db, stories, old, new)


def _move_cooccurrence(db: Any, old: str, new: str) -> None:
    """(new, x) counts the articles naming x and either entity: both counts, less those
    naming all three; ``old``'s pairs (and the pair of the two) go. The rows are written by
    key in key order (an ``INSERT ... SELECT`` from the table itself cost ten times more on
    SQLite, its rows landing all over the table)."""
    rows = db.fetchall(
        "SELECT other_id, shared FROM entity_cooccurrence WHERE entity_id = ? AND other_id <> ?",
        (old, new),
    )
    added = {str(row["other_id"]): int(row["shared"]) for row in rows}
    for row in db.fetchall(
        "SELECT x.entity_id AS other, count(*) AS n FROM entity_articles a "
        "JOIN entity_articles b ON b.article_id = a.article_id AND b.entity_id = ? "
        "JOIN entity_articles x ON x.article_id = a.article_id "
        "WHERE a.entity_id = ? AND x.entity_id <> ? AND x.entity_id <> ? "
        "GROUP BY x.entity_id",
        (old, new, old, new),
    ):
        added[str(row["other"])] -= int(row["n"])
    upsert = (
        "INSERT INTO entity_cooccurrence (entity_id, other_id, shared) VALUES (?, ?, ?) "
        "ON CONFLICT (entity_id, other_id) "
        "DO UPDATE SET shared = entity_cooccurrence.shared + excluded.shared"
    )
    others = sorted(added)
    db.executemany(upsert, [(new, other, added[other]) for other in others if added[other]])
    db.executemany(upsert, [(other, new, added[other]) for other in others if added[other]])
    # (x, old) exists exactly where (old, x) does
    db.executemany(
        "DELETE FROM entity_cooccurrence WHERE entity_id = ? AND other_id = ?",
        [(other, old) for other in sorted({*others, new})],
    )
    db.execute("DELETE FROM entity_cooccurrence WHERE entity_id = ?", (old,))


def _stories_named(db: Any, entity_id: str) -> dict[str, int]:
    """Story -> how many names ``story_entities`` keeps for it, for every story holding an
    article that names ``entity_id``."""
    rows = db.fetchall(
        "SELECT s.story_id AS story_id, (SELECT count(*) FROM story_entities k "
        "WHERE k.story_id = s.story_id) AS kept FROM story_articles s "
        "WHERE s.article_id IN (SELECT article_id FROM entity_articles WHERE entity_id = ?) "
        "GROUP BY s.story_id",
        (entity_id,),
    )
    return {str(row["story_id"]): int(row["kept"]) for row in rows}


def _move_story_names(db: Any, stories: dict[str, int], old: str, new: str) -> None:
    """A story that kept fewer names than :data:`summaries.STORY_ENTITIES_KEPT` kept them
    all: ``old`` leaves it and ``new`` is counted again in it. One that kept as many may
    have left out a name that now enters: its names are counted again whole."""
    kept = summaries.STORY_ENTITIES_KEPT
    whole = sorted(story for story, count in stories.items() if count >= kept)
    for page in id_pages(whole):
        for statement, params in summaries.story_refresh(page):
            db.execute(statement, params)
    for page in id_pages(sorted(story for story, count in stories.items() if count < kept)):
        db.execute(
            f"DELETE FROM story_entities WHERE entity_id = ? AND story_id IN ({marks(page)})",
            [old, *page],
        )
        db.execute(
            "INSERT INTO story_entities (story_id, entity_id, articles) "
            "SELECT s.story_id, ?, count(*) FROM story_articles s "
            "JOIN entity_articles e ON e.article_id = s.article_id AND e.entity_id = ? "
            f"WHERE s.story_id IN ({marks(page)}) GROUP BY s.story_id "
            "ON CONFLICT (story_id, entity_id) DO UPDATE SET articles = excluded.articles",
            [new, new, *page],
        )

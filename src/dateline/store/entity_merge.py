"""Moving a merged entity's summary rows onto the entity it merged into, in set-based SQL.

When every mention of entity ``old`` moves to ``new`` (a merge), the summaries change in a
way known without reading the articles one by one: ``old``'s ``entity_articles`` rows become
``new``'s (mentions added where both were named), each pair ``(old, x)`` of
``entity_cooccurrence`` adds to ``(new, x)`` less the articles that named all three, and a
story's names change only in ``new``'s and ``old``'s counts. :func:`move_entity_rows` writes
that in a few statements, so a merge of two entities named in thousands of articles costs
what their distinct partners and stories hold, not a recount of every pair of those
articles. Run it before the mentions move; the result equals a full recount.

What it costs is the pages it writes, spread over the file (the partners' own pairs, the
articles' index entries, the stories' names), and each page is best written once: SQLite's
page cache holds 2 MiB, so a second pass over the same pages (an insert, then a delete of the
neighbouring key) read each one back from the write-ahead log and wrote it there again. So
the rows of one key move in one statement or in one run of keys (:data:`KEY_RUN`), in key
order, while their pages are still cached.

A server (PostgreSQL) pays for each statement as well: written a row a statement (pipelined),
these rows were 47,000 statements of the largest merge at 100,000 articles, 0.65 s of its
1.4-1.5 s, and 0.6 CPU s of the client. Where the connection binds a list as an array
(``in_arrays``), each kind of row moves in one statement over the arrays of its keys and
counts: the merge took 1.1 s, 0.1 CPU s of the client.
"""

from __future__ import annotations

from typing import Any

from dateline.store import summaries
from dateline.store.paging import id_pages

#: keys whose rows are written by one statement after another before the next keys': their
#: index pages stay in the page cache between the statements
KEY_RUN = 256


def move_entity_rows(db: Any, old: str, new: str, *, in_arrays: bool = False) -> None:
    """Make the summaries say of ``new`` what they said of ``old`` and ``new`` together, and
    nothing of ``old``: ``entity_cooccurrence``, ``entity_articles`` and ``story_entities``
    (``entity_summaries`` are counted again from ``entity_articles`` by the caller).
    ``in_arrays``: the connection binds a Python list as an array (PostgreSQL)."""
    stories = _stories_named(db, old, new)
    _move_cooccurrence(db, old, new, in_arrays)
    _move_entity_articles(db, old, new)
    _move_story_names(db, stories, old, new, in_arrays)


def _move_entity_articles(db: Any, old: str, new: str) -> None:
    """``old``'s ``entity_articles`` rows become ``new``'s: an article naming both adds
    ``old``'s mentions to ``new``'s row, the others' rows change entity in place (each index
    entry moves next to where it was: one pass over the article index, not an insert pass
    and a delete pass)."""
    both = "SELECT article_id FROM entity_articles WHERE entity_id = ?"
    db.execute(
        "UPDATE entity_articles SET mentions = mentions + (SELECT o.mentions FROM "
        "entity_articles o WHERE o.entity_id = ? AND o.article_id = entity_articles.article_id) "
        f"WHERE entity_id = ? AND article_id IN ({both})",
        (old, new, old),
    )
    db.execute(
        f"DELETE FROM entity_articles WHERE entity_id = ? AND article_id IN ({both})", (old, new)
    )
    db.execute("UPDATE entity_articles SET entity_id = ? WHERE entity_id = ?", (new, old))


def _move_cooccurrence(db: Any, old: str, new: str, in_arrays: bool) -> None:
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
    if in_arrays:
        _move_cooccurrence_in_arrays(db, old, new, added)
        return
    upsert = (
        "INSERT INTO entity_cooccurrence (entity_id, other_id, shared) VALUES (?, ?, ?) "
        f"{_ADD_SHARED}"
    )
    others = sorted(added)
    db.executemany(upsert, [(new, other, added[other]) for other in others if added[other]])
    # (x, old) exists exactly where (old, x) does; (x, new) is its neighbour: both written
    # in one run of partners, in key order
    partners = sorted({*others, new})
    for start in range(0, len(partners), KEY_RUN):
        run = partners[start : start + KEY_RUN]
        db.executemany(upsert, [(other, new, added[other]) for other in run if added.get(other)])
        db.executemany(
            "DELETE FROM entity_cooccurrence WHERE entity_id = ? AND other_id = ?",
            [(other, old) for other in run],
        )
    db.execute("DELETE FROM entity_cooccurrence WHERE entity_id = ?", (old,))


_ADD_SHARED = (
    "ON CONFLICT (entity_id, other_id) "
    "DO UPDATE SET shared = entity_cooccurrence.shared + excluded.shared"
)
_ADD_ARTICLES = (
    "ON CONFLICT (story_id, entity_id) "
    "DO UPDATE SET articles = story_entities.articles + excluded.articles"
)


def _move_cooccurrence_in_arrays(db: Any, old: str, new: str, added: dict[str, int]) -> None:
    """:func:`_move_cooccurrence`'s writes, each in one statement over arrays."""
    others = sorted(other for other, count in added.items() if count)
    counts = [added[other] for other in others]
    pairs = "FROM unnest(?::text[], ?::integer[]) AS r(other, shared)"
    insert = "INSERT INTO entity_cooccurrence (entity_id, other_id, shared)"
    db.execute(f"{insert} SELECT ?, r.other, r.shared {pairs} {_ADD_SHARED}", (new, others, counts))
    db.execute(f"{insert} SELECT r.other, ?, r.shared {pairs} {_ADD_SHARED}", (new, others, counts))
    db.execute(
        "DELETE FROM entity_cooccurrence WHERE entity_id = ANY(?::text[]) AND other_id = ?",
        (sorted({*added, new}), old),
    )
    db.execute("DELETE FROM entity_cooccurrence WHERE entity_id = ?", (old,))


def _stories_named(db: Any, old: str, new: str) -> dict[str, tuple[int, int]]:
    """Story -> (how many names ``story_entities`` keeps for it, how many of its articles
    name ``old`` and not ``new``), for every story holding an article that names ``old``."""
    rows = db.fetchall(
        "SELECT s.story_id AS story_id, (SELECT count(*) FROM story_entities k "
        "WHERE k.story_id = s.story_id) AS kept, "
        "sum(CASE WHEN n.article_id IS NULL THEN 1 ELSE 0 END) AS added "
        "FROM entity_articles o JOIN story_articles s ON s.article_id = o.article_id "
        "LEFT JOIN entity_articles n ON n.entity_id = ? AND n.article_id = o.article_id "
        "WHERE o.entity_id = ? GROUP BY s.story_id",
        (new, old),
    )
    return {str(row["story_id"]): (int(row["kept"]), int(row["added"])) for row in rows}


def _move_story_names(
    db: Any, stories: dict[str, tuple[int, int]], old: str, new: str, in_arrays: bool
) -> None:
    """A story that kept fewer names than :data:`summaries.STORY_ENTITIES_KEPT` kept them
    all: ``old`` leaves it and ``new`` gains the articles that named ``old`` alone. One that
    kept as many may have left out a name that now enters: its names are counted again."""
    limit = summaries.STORY_ENTITIES_KEPT
    whole = sorted(story for story, (kept, _) in stories.items() if kept >= limit)
    for page in id_pages(whole):
        for statement, params in summaries.story_refresh(page):
            db.execute(statement, params)
    kept_all = sorted(story for story, (kept, _) in stories.items() if kept < limit)
    if in_arrays:
        gaining = [story for story in kept_all if stories[story][1]]
        db.execute(
            "DELETE FROM story_entities WHERE story_id = ANY(?::text[]) AND entity_id = ?",
            (kept_all, old),
        )
        db.execute(
            "INSERT INTO story_entities (story_id, entity_id, articles) "
            "SELECT r.story, ?, r.articles "
            f"FROM unnest(?::text[], ?::integer[]) AS r(story, articles) {_ADD_ARTICLES}",
            (new, gaining, [stories[story][1] for story in gaining]),
        )
        return
    # a story's two rows are neighbours: written in one run of stories, in key order
    for start in range(0, len(kept_all), KEY_RUN):
        run = kept_all[start : start + KEY_RUN]
        db.executemany(
            "DELETE FROM story_entities WHERE story_id = ? AND entity_id = ?",
            [(story, old) for story in run],
        )
        db.executemany(
            "INSERT INTO story_entities (story_id, entity_id, articles) VALUES (?, ?, ?) "
            f"{_ADD_ARTICLES}",
            [(story, new, stories[story][1]) for story in run if stories[story][1]],
        )

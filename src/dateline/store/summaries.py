"""Per-entity and per-story summaries that the link stage keeps, so queries read a few rows.

A dossier, a timeline or a story page used to aggregate over every mention of an entity or
every article of a story on each request (counting the company an entity keeps meant reading
the mentions of all its articles). These tables hold the aggregates instead; the store
refreshes them whenever links change (:meth:`SQLStore.replace_entities`,
:meth:`SQLStore.replace_stories`, a changed article date), in the same transaction.

- ``entity_articles``: one row per (entity, article) with the article's date and the number
  of mentions, indexed to list an entity's latest articles;
- ``entity_summaries``: counts of articles, mentions, quotes and events, first/last date;
- ``entity_cooccurrence``: for every two entities named in one article, the number of
  articles naming both; a full rebuild counts them here, a partial one keeps them exact by
  deltas over the articles it changes (:mod:`dateline.store.cooccurrence`);
- ``story_entities``: the :data:`STORY_ENTITIES_KEPT` entities named in most of a story's
  articles.

Re-annotating an article keeps its mentions' entity ids until the next re-link, and the
summaries with them, as the ``entities`` table does. The migration also indexes articles by
the time they were stored (``added_at``: what is new since a moment) and by id with their
date (the rebuild reads it).

The SQL is portable (window functions): SQLite and PostgreSQL run the same text, with ``?``
placeholders only where a partial rebuild names its entities or stories (the migration and a
full rebuild have none).
"""

from __future__ import annotations

from collections.abc import Sequence

#: entities read per entity as the company it keeps (every pair is stored), and kept per
#: story as the names it holds
COOCCURRENCE_KEPT = 100
STORY_ENTITIES_KEPT = 30

SUMMARY_TABLES = """
        CREATE TABLE entity_articles (
            entity_id TEXT NOT NULL, article_id TEXT NOT NULL,
            published TEXT NOT NULL DEFAULT '', mentions INTEGER NOT NULL,
            PRIMARY KEY (entity_id, article_id)
        );
        CREATE INDEX entity_articles_latest ON entity_articles(entity_id, published, article_id);
        CREATE INDEX entity_articles_article ON entity_articles(article_id, entity_id);
        CREATE INDEX articles_id_published ON articles(id, published);

        CREATE TABLE entity_summaries (
            entity_id TEXT PRIMARY KEY, article_count INTEGER NOT NULL,
            mention_count INTEGER NOT NULL, quote_count INTEGER NOT NULL DEFAULT 0,
            event_count INTEGER NOT NULL DEFAULT 0, first_published TEXT, last_published TEXT
        );

        CREATE TABLE entity_cooccurrence (
            entity_id TEXT NOT NULL, other_id TEXT NOT NULL, shared INTEGER NOT NULL,
            PRIMARY KEY (entity_id, other_id)
        );
        CREATE INDEX entity_cooccurrence_top ON entity_cooccurrence(entity_id, shared);

        CREATE INDEX articles_added ON articles(added_at);

        CREATE TABLE story_entities (
            story_id TEXT NOT NULL, entity_id TEXT NOT NULL, articles INTEGER NOT NULL,
            PRIMARY KEY (story_id, entity_id)
        );
"""


def entity_refresh(entity_ids: Sequence[str] | None = None) -> list[tuple[str, list[str]]]:
    """(statement, parameters) that rebuild the summaries of ``entity_ids`` (all when None).

    Only a full rebuild counts ``entity_cooccurrence`` (every pair afresh); a partial one
    leaves it to the caller, who keeps it exact around these statements with
    :func:`dateline.store.cooccurrence.kept_cooccurrence` over the articles they change.
    """
    ids = list(entity_ids) if entity_ids is not None else []

    def scope(column: str, joiner: str) -> str:
        if entity_ids is None:
            return ""
        return (
            f" {joiner} {column} IN ({', '.join('?' for _ in ids)})" if ids else f" {joiner} 0 = 1"
        )

    rows = [
        (f"DELETE FROM entity_articles{scope('entity_id', 'WHERE')}", ids),
        (
            "INSERT INTO entity_articles (entity_id, article_id, published, mentions) "
            "SELECT m.entity_id, m.article_id, coalesce(max(a.published), ''), count(*) "
            "FROM mentions m JOIN articles a ON a.id = m.article_id "
            f"WHERE m.entity_id IS NOT NULL{scope('m.entity_id', 'AND')} "
            "GROUP BY m.entity_id, m.article_id",
            ids,
        ),
        (f"DELETE FROM entity_summaries{scope('entity_id', 'WHERE')}", ids),
        (
            "INSERT INTO entity_summaries (entity_id, article_count, mention_count, "
            "first_published, last_published) "
            "SELECT entity_id, count(*), sum(mentions), min(nullif(published, '')), "
            f"max(nullif(published, '')) FROM entity_articles{scope('entity_id', 'WHERE')} "
            "GROUP BY entity_id",
            ids,
        ),
        (
            "UPDATE entity_summaries SET "
            "quote_count = (SELECT count(*) FROM quotes q "
            "WHERE q.speaker_id = entity_summaries.entity_id), "
            "event_count = (SELECT count(DISTINCT p.event_id) FROM event_participants p "
            f"WHERE p.entity_id = entity_summaries.entity_id){scope('entity_id', 'WHERE')}",
            ids,
        ),
    ]
    if entity_ids is None:
        rows += COOCCURRENCE_REBUILD
    return rows


#: every pair of entities named in one article, counted afresh
COOCCURRENCE_REBUILD: list[tuple[str, list[str]]] = [
    ("DELETE FROM entity_cooccurrence", []),
    (
        "INSERT INTO entity_cooccurrence (entity_id, other_id, shared) "
        "SELECT a.entity_id, b.entity_id, count(*) FROM entity_articles a "
        "JOIN entity_articles b ON b.article_id = a.article_id AND b.entity_id <> a.entity_id "
        "GROUP BY a.entity_id, b.entity_id",
        [],
    ),
]


def entity_refresh_in(
    entity_ids: Sequence[str], article_ids: Sequence[str]
) -> list[tuple[str, list[str]]]:
    """(statement, parameters) that rebuild the summaries of ``entity_ids`` when only their
    mentions in ``article_ids`` changed: their rows of ``entity_articles`` for those articles
    only (so the cost follows the articles, not how many an entity has), then their counts
    as :func:`entity_refresh` does (the caller keeps ``entity_cooccurrence`` exact around
    the first two statements, over ``article_ids``)."""
    ids, articles = list(entity_ids), list(article_ids)
    if not ids:
        return []
    entities = ", ".join("?" for _ in ids)
    in_articles = f"article_id IN ({', '.join('?' for _ in articles)})"
    rows: list[tuple[str, list[str]]] = []
    if articles:
        rows += [
            (
                f"DELETE FROM entity_articles WHERE entity_id IN ({entities}) AND {in_articles}",
                ids + articles,
            ),
            (
                # the mentions are found by article: an entity's index would read every
                # mention of a big entity (a country) for each page of articles
                "INSERT INTO entity_articles (entity_id, article_id, published, mentions) "
                "SELECT m.entity_id, m.article_id, coalesce(max(a.published), ''), count(*) "
                "FROM mentions m JOIN articles a ON a.id = m.article_id "
                f"WHERE m.{in_articles} AND coalesce(m.entity_id, '') IN ({entities}) "
                "GROUP BY m.entity_id, m.article_id",
                articles + ids,
            ),
        ]
    return rows + entity_refresh(ids)[2:]


def article_date_refresh(article_id: str, published: str | None) -> list[tuple[str, list[str]]]:
    """(statement, parameters) that carry an article's new date into the summaries of its
    entities: their rows for the article and their first and last dates. Nothing else in a
    summary (counts, the company an entity keeps, a story's names) reads a date, so this
    ends where rebuilding those entities' summaries whole would, at the cost of one article."""
    return [
        (
            "UPDATE entity_articles SET published = ? WHERE article_id = ?",
            [published or "", article_id],
        ),
        (
            "UPDATE entity_summaries SET "
            "first_published = (SELECT min(nullif(e.published, '')) FROM entity_articles e "
            "WHERE e.entity_id = entity_summaries.entity_id), "
            "last_published = (SELECT max(nullif(e.published, '')) FROM entity_articles e "
            "WHERE e.entity_id = entity_summaries.entity_id) "
            "WHERE entity_id IN (SELECT entity_id FROM entity_articles WHERE article_id = ?)",
            [article_id],
        ),
    ]


def story_refresh(story_ids: Sequence[str] | None = None) -> list[tuple[str, list[str]]]:
    """(statement, parameters) that rebuild the most named entities of ``story_ids`` (every
    story when None)."""
    ids = list(story_ids) if story_ids is not None else []
    scope = ""
    if story_ids is not None:
        scope = f" WHERE story_id IN ({', '.join('?' for _ in ids)})" if ids else " WHERE 0 = 1"
    return [
        (f"DELETE FROM story_entities{scope}", ids),
        (
            "INSERT INTO story_entities (story_id, entity_id, articles) "
            "SELECT story_id, entity_id, articles FROM ("
            "SELECT s.story_id AS story_id, e.entity_id AS entity_id, count(*) AS articles, "
            "row_number() OVER (PARTITION BY s.story_id ORDER BY count(*) DESC, e.entity_id) "
            "AS place FROM story_articles s JOIN entity_articles e ON e.article_id = s.article_id"
            f"{scope.replace('story_id', 's.story_id')} GROUP BY s.story_id, e.entity_id) ranked "
            f"WHERE place <= {STORY_ENTITIES_KEPT}",
            ids,
        ),
    ]


#: Every pair's count of shared articles, where the store kept only each entity's 100 most
#: frequent (schema 10).
COOCCURRENCE_MIGRATION = "".join(f"        {statement};\n" for statement, _ in COOCCURRENCE_REBUILD)

#: The migration that adds the summaries to an existing store and fills them from its links.
SUMMARY_MIGRATION = SUMMARY_TABLES + "".join(
    f"        {statement};\n" for statement, _ in (*entity_refresh(), *story_refresh())
)

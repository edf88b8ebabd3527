"""Tables whose definition is the same in the SQLite and the PostgreSQL schema.

Both backends' first migration includes this text, so the annotation tables cannot drift
apart between them (only portable types: TEXT, INTEGER, composite primary keys).
"""

from __future__ import annotations

from dateline.store.sql_events import EVENT_CHANGES_SEED

ANNOTATION_TABLES = """
        CREATE TABLE annotated (article_id TEXT PRIMARY KEY, annotated_at TEXT NOT NULL);

        CREATE TABLE mentions (
            article_id TEXT NOT NULL, span_start INTEGER NOT NULL, span_end INTEGER NOT NULL,
            text TEXT NOT NULL, label TEXT NOT NULL, entity_id TEXT, role TEXT,
            canonical TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (article_id, span_start, span_end)
        );
        CREATE INDEX mentions_entity ON mentions(entity_id);

        CREATE TABLE times (
            article_id TEXT NOT NULL, span_start INTEGER NOT NULL, span_end INTEGER NOT NULL,
            text TEXT NOT NULL, type TEXT NOT NULL, value TEXT NOT NULL, anchor TEXT,
            basis TEXT NOT NULL,
            PRIMARY KEY (article_id, span_start, span_end)
        );

        CREATE TABLE quotes (
            article_id TEXT NOT NULL, span_start INTEGER NOT NULL, span_end INTEGER NOT NULL,
            text TEXT NOT NULL, kind TEXT NOT NULL, cue TEXT,
            speaker_start INTEGER, speaker_end INTEGER, speaker_text TEXT, speaker_id TEXT,
            PRIMARY KEY (article_id, span_start, span_end)
        );
        CREATE INDEX quotes_speaker ON quotes(speaker_id);

        CREATE TABLE events (
            id TEXT PRIMARY KEY, article_id TEXT NOT NULL,
            trigger_start INTEGER NOT NULL, trigger_end INTEGER NOT NULL,
            trigger_text TEXT NOT NULL,
            category TEXT NOT NULL, modality TEXT NOT NULL,
            when_value TEXT, when_basis TEXT NOT NULL,
            sentence_start INTEGER NOT NULL, sentence_end INTEGER NOT NULL, sentence TEXT NOT NULL,
            actor_spans TEXT NOT NULL DEFAULT '[]', target_spans TEXT NOT NULL DEFAULT '[]',
            place_span TEXT
        );
        CREATE INDEX events_article ON events(article_id);

        CREATE TABLE event_participants (
            event_id TEXT NOT NULL, role TEXT NOT NULL, entity_id TEXT NOT NULL,
            PRIMARY KEY (event_id, role, entity_id)
        );
        CREATE INDEX event_participants_entity ON event_participants(entity_id);

        CREATE TABLE entities (
            id TEXT PRIMARY KEY, name TEXT NOT NULL, label TEXT NOT NULL,
            aliases TEXT NOT NULL DEFAULT '[]', roles TEXT NOT NULL DEFAULT '[]',
            article_ids TEXT NOT NULL DEFAULT '[]', mention_count INTEGER NOT NULL DEFAULT 0
        );

        CREATE TABLE stories (
            id TEXT PRIMARY KEY, title TEXT NOT NULL, first_date TEXT, last_date TEXT,
            thread_id TEXT
        );
        CREATE TABLE story_articles (
            article_id TEXT PRIMARY KEY, story_id TEXT NOT NULL, position INTEGER NOT NULL
        );
        CREATE INDEX story_articles_story ON story_articles(story_id);

"""

#: What story linking keeps between runs so that a new batch is linked against the stored
#: stories without re-reading the corpus (see :mod:`dateline.link.stories.incremental`): the
#: clusterer's document frequencies, each story's blocking keys and member days, the entity
#: names each story's articles use (for threads), the thread links, each story's independent
#: reports and the log of what the splitting, merging and moving passes changed.
LINK_STATE_TABLES = """
        CREATE TABLE link_story_df (
            kind TEXT NOT NULL, feature TEXT NOT NULL, df INTEGER NOT NULL,
            PRIMARY KEY (kind, feature)
        );
        CREATE TABLE link_story_keys (
            feature TEXT NOT NULL, story_id TEXT NOT NULL, PRIMARY KEY (feature, story_id)
        );
        CREATE INDEX link_story_keys_story ON link_story_keys(story_id);
        CREATE TABLE link_story_days (
            story_id TEXT NOT NULL, day INTEGER NOT NULL, PRIMARY KEY (story_id, day)
        );
        CREATE INDEX link_story_days_day ON link_story_days(day);
        CREATE TABLE link_story_names (
            story_id TEXT NOT NULL, name TEXT NOT NULL, articles INTEGER NOT NULL,
            PRIMARY KEY (story_id, name)
        );
        CREATE INDEX link_story_names_name ON link_story_names(name);
        CREATE TABLE thread_links (
            earlier TEXT NOT NULL, later TEXT NOT NULL, record TEXT NOT NULL,
            PRIMARY KEY (earlier, later)
        );
        CREATE INDEX thread_links_later ON thread_links(later);
        CREATE TABLE story_reports (story_id TEXT PRIMARY KEY, reports TEXT NOT NULL);
        CREATE TABLE story_log (
            kind TEXT NOT NULL, position INTEGER NOT NULL, story_id TEXT NOT NULL,
            record TEXT NOT NULL, PRIMARY KEY (kind, position)
        );
"""

#: Cross-article event clusters (were JSON in the meta table), so that a new batch of events
#: is linked against the stored ones (see :mod:`dateline.link.event_batches`): each cluster,
#: each member with what it was linked by (its story, its article's date and annotation time,
#: its stated time: a change in any of them links it again), each member's blocking keys
#: (category, trigger stem, participant) and the links between clusters.
EVENT_LINK_TABLES = """
        CREATE TABLE event_clusters (
            id TEXT PRIMARY KEY, category TEXT NOT NULL, trigger_text TEXT NOT NULL,
            when_value TEXT, arrival TEXT NOT NULL,
            article_ids TEXT NOT NULL DEFAULT '[]', story_ids TEXT NOT NULL DEFAULT '[]',
            participant_ids TEXT NOT NULL DEFAULT '[]'
        );
        CREATE TABLE event_cluster_members (
            event_id TEXT PRIMARY KEY, cluster_id TEXT NOT NULL, arrival TEXT NOT NULL,
            article_id TEXT NOT NULL, story_id TEXT NOT NULL, published TEXT,
            annotated_at TEXT, when_value TEXT, when_basis TEXT
        );
        CREATE INDEX event_cluster_members_cluster ON event_cluster_members(cluster_id);
        CREATE INDEX event_cluster_members_article ON event_cluster_members(article_id);
        CREATE TABLE event_block_keys (
            block TEXT NOT NULL, event_id TEXT NOT NULL, PRIMARY KEY (block, event_id)
        );
        CREATE INDEX event_block_keys_event ON event_block_keys(event_id);
        CREATE TABLE event_links (
            earlier TEXT NOT NULL, later TEXT NOT NULL, reason TEXT NOT NULL,
            sentence TEXT NOT NULL, PRIMARY KEY (earlier, later)
        );
        CREATE INDEX event_links_later ON event_links(later);
        DELETE FROM meta WHERE key IN ('events.clusters', 'link.watermark');
"""


# -- what the next event link must look at (schema 10) ---------------------------------------
#: Every article whose events, story, date or annotation changed since the event link last
#: looked (``n`` counts the changes, so a change made while a link runs is not cleared with
#: it); triggers fill it, so no writer has to remember to. On the upgrade it holds the
#: articles the last event link did not see as they are (``sql_events.EVENT_CHANGES_SEED``).
EVENT_CHANGES_TABLE = """
        CREATE TABLE link_event_changes (article_id TEXT PRIMARY KEY, n INTEGER NOT NULL DEFAULT 1);
"""

#: (table, the article id column, SQLite trigger event): what marks an article changed
EVENT_CHANGE_SOURCES = (
    ("annotated", "article_id", "INSERT"),
    ("annotated", "article_id", "UPDATE"),
    ("story_articles", "article_id", "INSERT"),
    ("story_articles", "article_id", "UPDATE"),
    ("story_articles", "article_id", "DELETE"),
    ("events", "article_id", "INSERT"),
    ("events", "article_id", "UPDATE"),
    ("events", "article_id", "DELETE"),
    ("articles", "id", "UPDATE OF published"),
    ("articles", "id", "DELETE"),
)

_MARK = (
    "INSERT INTO link_event_changes (article_id) VALUES ({row}.{column}) "
    "ON CONFLICT (article_id) DO UPDATE SET n = link_event_changes.n + 1;"
)


def trigger_rows(event: str) -> list[str]:
    """The rows a SQLite trigger on ``event`` sees: OLD for a delete, NEW for an insert,
    both for an update."""
    return ["OLD"] if event == "DELETE" else ["NEW"] if event == "INSERT" else ["OLD", "NEW"]


def sqlite_event_change_triggers() -> str:
    """The SQLite triggers that fill ``link_event_changes``."""
    out = []
    for number, (table, column, event) in enumerate(EVENT_CHANGE_SOURCES):
        body = " ".join(_MARK.format(row=row, column=column) for row in trigger_rows(event))
        out.append(
            f"        CREATE TRIGGER link_event_changes_{number} AFTER {event} ON {table} "
            f"BEGIN {body} END;\n"
        )
    return EVENT_CHANGES_TABLE + EVENT_CHANGES_SEED + "".join(out)


def postgres_event_change_triggers() -> str:
    """The PostgreSQL trigger functions and triggers that fill ``link_event_changes``."""
    functions = ""
    for column in ("article_id", "id"):
        functions += f"""
        CREATE FUNCTION link_event_change_{column}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP <> 'INSERT' THEN {_MARK.format(row="OLD", column=column)} END IF;
            IF TG_OP <> 'DELETE' THEN {_MARK.format(row="NEW", column=column)} END IF;
            RETURN NULL;
        END $$;
"""
    triggers = "".join(
        f"        CREATE TRIGGER link_event_changes_{number} AFTER {event} ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION link_event_change_{column}();\n"
        for number, (table, column, event) in enumerate(EVENT_CHANGE_SOURCES)
    )
    return EVENT_CHANGES_TABLE + EVENT_CHANGES_SEED + functions + triggers


# the tenses the parse read for an article's time expressions (records.ClauseTense), so that
# a corrected date re-resolves its times without parsing it again; an article annotated
# before this table has none and is parsed again
CLAUSE_TENSE_TABLE = """
        CREATE TABLE clause_tenses (
            article_id TEXT NOT NULL, span_start INTEGER NOT NULL, span_end INTEGER NOT NULL,
            tense TEXT NOT NULL,
            PRIMARY KEY (article_id, span_start, span_end)
        );
"""


# -- what a link reads by key instead of scanning (schema 14) --------------------------------
#: ``link_unplaced`` holds every stored article that belongs to no story: what the next link
#: places (``Store.unlinked_article_ids``), read by its key instead of joining every article
#: with its story. Triggers keep it (an article stored, placed, or taken out of its story),
#: so no writer has to remember to. On the upgrade it is filled from the join it replaces,
#: once. The stories of a thread (``Store.stories_in_threads``, read by the events stage for
#: a changed cluster's links) are found by an index instead of a scan of every story.
UNPLACED_TABLE = """
        CREATE TABLE link_unplaced (article_id TEXT PRIMARY KEY);
        INSERT INTO link_unplaced (article_id)
            SELECT a.id FROM articles a LEFT JOIN story_articles s ON s.article_id = a.id
            WHERE s.article_id IS NULL;
        CREATE INDEX IF NOT EXISTS stories_thread ON stories(thread_id);
"""
_UNPLACE = (
    "INSERT INTO link_unplaced (article_id) SELECT id FROM articles WHERE id = {row}.{column} "
    "AND NOT EXISTS (SELECT 1 FROM story_articles WHERE article_id = {row}.{column}) "
    "ON CONFLICT (article_id) DO NOTHING;"
)
_PLACE = "DELETE FROM link_unplaced WHERE article_id = {row}.{column};"
#: (table, the article id column, SQLite trigger event, statements): how each write moves a mark
UNPLACED_SOURCES = (
    ("articles", "id", "INSERT", (_UNPLACE.format(row="NEW", column="id"),)),
    ("articles", "id", "DELETE", (_PLACE.format(row="OLD", column="id"),)),
    ("story_articles", "article_id", "INSERT", (_PLACE.format(row="NEW", column="article_id"),)),
    (
        "story_articles",
        "article_id",
        "UPDATE OF article_id",
        (
            _UNPLACE.format(row="OLD", column="article_id"),
            _PLACE.format(row="NEW", column="article_id"),
        ),
    ),
    ("story_articles", "article_id", "DELETE", (_UNPLACE.format(row="OLD", column="article_id"),)),
)


def sqlite_unplaced_triggers() -> str:
    """The ``link_unplaced`` table, filled, and the SQLite triggers that keep it."""
    triggers = "".join(
        f"        CREATE TRIGGER link_unplaced_{number} AFTER {event} ON {table} "
        f"BEGIN {' '.join(statements)} END;\n"
        for number, (table, _, event, statements) in enumerate(UNPLACED_SOURCES)
    )
    return UNPLACED_TABLE + triggers


def postgres_unplaced_triggers() -> str:
    """The ``link_unplaced`` table, filled, and the PostgreSQL trigger functions and
    triggers that keep it (one function per trigger: a plpgsql function compiles the
    statements of its table only)."""
    out = UNPLACED_TABLE
    for number, (table, _, event, statements) in enumerate(UNPLACED_SOURCES):
        out += f"""
        CREATE FUNCTION link_unplaced_{number}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            {" ".join(statements)}
            RETURN NULL;
        END $$;
        CREATE TRIGGER link_unplaced_{number} AFTER {event} ON {table}
        FOR EACH ROW EXECUTE FUNCTION link_unplaced_{number}();
"""
    return out


#: an entity's articles are its ``entity_articles`` rows (``entities.article_ids`` is no longer
#: written, see :data:`dateline.store.sql.ENTITY_COLUMNS`); the lists stored before go
ENTITY_ARTICLE_LISTS_DROPPED = "UPDATE entities SET article_ids = '[]' WHERE article_ids <> '[]';"

#: each blocking key row carries its story's first and last article day, so that a batch
#: reads a key's posting only for the stories its days reach (a key of a long archive is
#: posted by stories of every year); filled from the stored days on the upgrade
STORY_KEY_SPANS = """
        ALTER TABLE link_story_keys ADD COLUMN first_day INTEGER;
        ALTER TABLE link_story_keys ADD COLUMN last_day INTEGER;
        UPDATE link_story_keys SET
            first_day = (
                SELECT min(day) FROM link_story_days AS d
                WHERE d.story_id = link_story_keys.story_id
            ),
            last_day = (
                SELECT max(day) FROM link_story_days AS d
                WHERE d.story_id = link_story_keys.story_id
            );
        CREATE INDEX link_story_keys_span
            ON link_story_keys(feature, first_day, last_day, story_id);
"""

#: the articles by the language they are written in, case folded (schema 21): what the entity
#: list says was skipped (the articles in other languages) is counted by this index, not by
#: reading every article
ARTICLE_LANGUAGE_INDEX = """
        CREATE INDEX articles_language ON articles(lower(language));
"""

#: the entities in the order every list shows them, most mentioned first (schema 22): a page of
#: the entity list reads that page, not every entity
ENTITY_RANK_INDEX = """
        CREATE INDEX entities_rank ON entities(mention_count DESC, name, id);
"""

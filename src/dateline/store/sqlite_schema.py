"""The SQLite schema, as an ordered list of migrations keyed by ``PRAGMA user_version``.

A migration is never edited once released: add a new one at the end instead.
"""

from __future__ import annotations

from dateline.store.article_categories import CATEGORY_ROWS_VERSION, sqlite_article_categories
from dateline.store.entity_part_keys import ENTITY_PART_KEYS_TABLE, PART_KEYS_VERSION
from dateline.store.schema_tables import (
    ANNOTATION_TABLES,
    ARTICLE_LANGUAGE_INDEX,
    CLAUSE_TENSE_TABLE,
    ENTITY_ARTICLE_LISTS_DROPPED,
    ENTITY_RANK_INDEX,
    EVENT_LINK_TABLES,
    LINK_STATE_TABLES,
    STORY_KEY_SPANS,
    sqlite_event_change_triggers,
    sqlite_unplaced_triggers,
)
from dateline.store.sql_entity_links import ENTITY_LINK_TABLES, sqlite_entity_change_triggers
from dateline.store.sql_thread_profiles import (
    sqlite_mention_trigger_upgrade,
    sqlite_stale_entities_upgrade,
    sqlite_thread_profile_schema,
)
from dateline.store.story_sizes import sqlite_story_sizes
from dateline.store.summaries import COOCCURRENCE_MIGRATION, SUMMARY_MIGRATION

MIGRATIONS: list[tuple[int, str]] = [
    (
        1,
        """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

        CREATE TABLE articles (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL DEFAULT '',
            text TEXT NOT NULL,
            url TEXT,
            path TEXT,
            source TEXT,
            author TEXT,
            categories TEXT NOT NULL DEFAULT '[]',
            published TEXT,
            published_basis TEXT,
            published_start TEXT,
            published_end TEXT,
            published_confidence REAL,
            language TEXT,
            language_confidence REAL,
            content_hash TEXT NOT NULL DEFAULT '',
            duplicate_of TEXT,
            input_format TEXT NOT NULL DEFAULT 'text',
            removed TEXT NOT NULL DEFAULT '[]',
            added_at TEXT NOT NULL
        );
        CREATE INDEX articles_published ON articles(published);
        CREATE INDEX articles_source ON articles(source);
        CREATE INDEX articles_hash ON articles(content_hash);

        CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, text, content='articles', content_rowid='rowid',
            tokenize='unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
        END;
        CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, text)
            VALUES ('delete', old.rowid, old.title, old.text);
        END;
        CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, text)
            VALUES ('delete', old.rowid, old.title, old.text);
            INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
        END;

        CREATE TABLE signatures (article_id TEXT PRIMARY KEY, signature BLOB NOT NULL);

        """
        + ANNOTATION_TABLES
        + """
        CREATE TABLE vectors (
            kind TEXT NOT NULL, item_id TEXT NOT NULL, vector BLOB NOT NULL,
            PRIMARY KEY (kind, item_id)
        );

        CREATE TABLE corrections (
            id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, payload TEXT NOT NULL,
            created TEXT NOT NULL
        );
        """,
    ),
    (
        2,
        """
        CREATE TABLE lsh_bands (
            band_no INTEGER NOT NULL, band_hash BLOB NOT NULL, article_id TEXT NOT NULL
        );
        CREATE INDEX lsh_bands_band ON lsh_bands(band_no, band_hash);
        """,
    ),
    # story linking's state, threads, reports and logs (were JSON in the meta table); the
    # first link after this upgrade re-links in full and fills them
    (3, LINK_STATE_TABLES),
    # per-entity and per-story summaries, filled from the links already stored
    (4, SUMMARY_MIGRATION),
    # entity linking's state per name-key block; the first link after this upgrade re-links
    # every entity and fills it
    (5, ENTITY_LINK_TABLES),
    # cross-article event clusters in tables of their own (were JSON in the meta table); the
    # link watermark is forgotten, so the next link clusters every event into them
    (6, EVENT_LINK_TABLES),
    # PostgreSQL's search statistics (nothing here: FTS5 has no planner estimate to keep)
    (9, ""),
    # every pair's count of shared articles (was each entity's 100 most frequent), so that a
    # batch adds and takes away the pairs of its own articles instead of recounting entities;
    # the articles whose events the next event link must look at, kept by triggers
    (10, COOCCURRENCE_MIGRATION + sqlite_event_change_triggers()),
    # the tenses the parse read for each article's time expressions: a corrected date
    # re-resolves them without a parse
    (11, CLAUSE_TENSE_TABLE),
    # each story's thread profile, so that a batch reads its stories' partners' profiles, not
    # their articles; a story without one (every story on the upgrade) gets it on first need
    (12, sqlite_thread_profile_schema()),
    # the articles annotated since entity linking last saw them, kept by triggers (was a join
    # of every annotated article with the state); filled from that join once, no re-link
    (13, sqlite_entity_change_triggers()),
    # the articles in no story, kept by triggers, so a link finds its batch by key instead of
    # joining every article with its story (filled once from that join on the upgrade); the
    # stories of a thread by an index
    (14, sqlite_unplaced_triggers()),
    # the mention trigger drops a story's profile entities only while they are there (a merge
    # wrote the same stories' profiles again for every mention it moved): nothing to fill
    (15, sqlite_mention_trigger_upgrade()),
    # an entity's articles are read from entity_articles, no longer kept as a list in its row
    # (rewritten whole each time a batch named the entity): the lists are emptied
    (16, ENTITY_ARTICLE_LISTS_DROPPED),
    # each story key row carries its story's span of days: a batch reads a key's posting only
    # for the stories its days reach (filled from the stored days on the upgrade)
    (17, STORY_KEY_SPANS),
    # a mention linked anew marks its stories' profile entities stale instead of rewriting
    # each profile's row (filled from the parts the earlier trigger dropped)
    (18, sqlite_stale_entities_upgrade()),
    # each story's number of articles on its row, kept by triggers and indexed, so the story
    # list (biggest first) reads one page of stories instead of counting every story's
    # members (filled from the members on the upgrade)
    (19, sqlite_story_sizes()),
    # each article's categories as rows by their case-folded form, so a category filter is a
    # key lookup in SQL instead of reading every article (filled in Python on the upgrade:
    # dateline.store.article_categories)
    (CATEGORY_ROWS_VERSION, sqlite_article_categories()),
    # the articles by language (case folded), so the articles in other languages are counted
    # by an index instead of reading every article
    (21, ARTICLE_LANGUAGE_INDEX),
    # the entities most mentioned first in an index, so a page of the entity list is read alone
    (22, ENTITY_RANK_INDEX),
    # the keys of each entity's name parts as rows, so an entity asked for by a surname, a
    # familiar form, a spelling variant or a misspelling is compared with those sharing a key
    # instead of every entity (filled in Python on the upgrade: dateline.store.entity_part_keys)
    (PART_KEYS_VERSION, ENTITY_PART_KEYS_TABLE),
]

LATEST_VERSION = MIGRATIONS[-1][0]

"""The PostgreSQL schema, as ordered migrations recorded in the ``dateline_schema`` table.

Full-text search uses a text search configuration ``dateline``: the simple dictionary behind
``unaccent``, so "ivashentsov" matches "Ivashéntsov" as in the SQLite backend.
"""

from __future__ import annotations

from dateline.store.article_categories import CATEGORY_ROWS_VERSION, postgres_article_categories
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
    postgres_event_change_triggers,
    postgres_unplaced_triggers,
)
from dateline.store.sql_entity_links import ENTITY_LINK_TABLES, postgres_entity_change_triggers
from dateline.store.sql_thread_profiles import (
    postgres_mention_trigger_upgrade,
    postgres_stale_entities_upgrade,
    postgres_thread_profile_schema,
)
from dateline.store.story_sizes import postgres_story_sizes
from dateline.store.summaries import COOCCURRENCE_MIGRATION, SUMMARY_MIGRATION

MIGRATIONS: list[tuple[int, str]] = [
    (
        1,
        """
        CREATE EXTENSION IF NOT EXISTS unaccent;
        DO $$ BEGIN
            CREATE TEXT SEARCH CONFIGURATION dateline (COPY = simple);
            ALTER TEXT SEARCH CONFIGURATION dateline
                ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;
        EXCEPTION WHEN unique_violation THEN NULL;
        END $$;

        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

        CREATE TABLE articles (
            seq BIGSERIAL UNIQUE,
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL DEFAULT '',
            text TEXT NOT NULL,
            url TEXT, path TEXT, source TEXT, author TEXT,
            categories TEXT NOT NULL DEFAULT '[]',
            published TEXT, published_basis TEXT, published_start TEXT, published_end TEXT,
            published_confidence DOUBLE PRECISION,
            language TEXT, language_confidence DOUBLE PRECISION,
            content_hash TEXT NOT NULL DEFAULT '',
            duplicate_of TEXT,
            input_format TEXT NOT NULL DEFAULT 'text',
            removed TEXT NOT NULL DEFAULT '[]',
            added_at TEXT NOT NULL,
            search_vector tsvector GENERATED ALWAYS AS (
                setweight(to_tsvector('dateline', title), 'A') || to_tsvector('dateline', text)
            ) STORED
        );
        CREATE INDEX articles_published ON articles(published);
        CREATE INDEX articles_source ON articles(source);
        CREATE INDEX articles_hash ON articles(content_hash);
        CREATE INDEX articles_search ON articles USING GIN (search_vector);

        CREATE TABLE signatures (
            seq BIGSERIAL UNIQUE, article_id TEXT PRIMARY KEY, signature BYTEA NOT NULL
        );
        """
        + ANNOTATION_TABLES
        + """
        CREATE TABLE vectors (
            seq BIGSERIAL UNIQUE, kind TEXT NOT NULL, item_id TEXT NOT NULL,
            vector BYTEA NOT NULL,
            PRIMARY KEY (kind, item_id)
        );

        CREATE TABLE corrections (
            id BIGSERIAL PRIMARY KEY, kind TEXT NOT NULL, payload TEXT NOT NULL,
            created TEXT NOT NULL
        );
        """,
    ),
    (
        2,
        """
        CREATE TABLE lsh_bands (
            seq BIGSERIAL, band_no INTEGER NOT NULL, band_hash BYTEA NOT NULL,
            article_id TEXT NOT NULL
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
    # the planner keeps 10,000 words of the search vectors' statistics, not 1,000: a word
    # outside them was guessed in 0.5% of the articles, so a search for a rarer name walked
    # back 87,000 articles of 1,000,000 testing each search vector (1 s) instead of reading
    # its 1,900 matches from the GIN index
    (9, "ALTER TABLE articles ALTER COLUMN search_vector SET STATISTICS 1000; ANALYZE articles;"),
    # every pair's count of shared articles (was each entity's 100 most frequent), so that a
    # batch adds and takes away the pairs of its own articles instead of recounting entities;
    # the articles whose events the next event link must look at, kept by triggers
    (10, COOCCURRENCE_MIGRATION + postgres_event_change_triggers()),
    # the tenses the parse read for each article's time expressions: a corrected date
    # re-resolves them without a parse
    (11, CLAUSE_TENSE_TABLE),
    # each story's thread profile, so that a batch reads its stories' partners' profiles, not
    # their articles; a story without one (every story on the upgrade) gets it on first need
    (12, postgres_thread_profile_schema()),
    # the articles annotated since entity linking last saw them, kept by triggers (was a join
    # of every annotated article with the state); filled from that join once, no re-link
    (13, postgres_entity_change_triggers()),
    # the articles in no story, kept by triggers, so a link finds its batch by key instead of
    # joining every article with its story (filled once from that join on the upgrade); the
    # stories of a thread by an index
    (14, postgres_unplaced_triggers()),
    # the mention trigger drops a story's profile entities only while they are there (a merge
    # wrote the same stories' profiles again for every mention it moved): nothing to fill
    (15, postgres_mention_trigger_upgrade()),
    # an entity's articles are read from entity_articles, no longer kept as a list in its row
    # (rewritten whole each time a batch named the entity): the lists are emptied
    (16, ENTITY_ARTICLE_LISTS_DROPPED),
    # each story key row carries its story's span of days: a batch reads a key's posting only
    # for the stories its days reach (filled from the stored days on the upgrade)
    (17, STORY_KEY_SPANS),
    # a mention linked anew marks its stories' profile entities stale instead of rewriting
    # each profile's row (filled from the parts the earlier trigger dropped)
    (18, postgres_stale_entities_upgrade()),
    # each story's number of articles on its row, kept by triggers and indexed, so the story
    # list (biggest first) reads one page of stories instead of counting every story's
    # members (filled from the members on the upgrade)
    (19, postgres_story_sizes()),
    # each article's categories as rows by their case-folded form, so a category filter is a
    # key lookup in SQL instead of reading every article (filled in Python on the upgrade:
    # dateline.store.article_categories)
    (CATEGORY_ROWS_VERSION, postgres_article_categories()),
    # the articles by language (case folded), so the articles in other languages are counted
    # by an index instead of reading every article
    # (and the statistics of the expression it indexes, without which the planner guesses)
    (21, ARTICLE_LANGUAGE_INDEX + "ANALYZE articles;"),
    # the entities most mentioned first in an index, so a page of the entity list is read alone
    (22, ENTITY_RANK_INDEX),
    # the keys of each entity's name parts as rows, so an entity asked for by a surname, a
    # familiar form, a spelling variant or a misspelling is compared with those sharing a key
    # instead of every entity (filled in Python on the upgrade: dateline.store.entity_part_keys)
    (PART_KEYS_VERSION, ENTITY_PART_KEYS_TABLE),
]

LATEST_VERSION = MIGRATIONS[-1][0]

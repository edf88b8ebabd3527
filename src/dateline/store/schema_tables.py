"""Tables whose definition is the same in the SQLite and the PostgreSQL schema.

Both backends' first migration includes this text, so the annotation tables cannot drift
apart between them (only portable types: TEXT, INTEGER, composite primary keys).
"""

from __future__ import annotations

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

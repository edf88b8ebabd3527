"""The SQLite schema, as an ordered list of migrations keyed by ``PRAGMA user_version``.

A migration is never edited once released: add a new one at the end instead.
"""

from __future__ import annotations

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
]

LATEST_VERSION = MIGRATIONS[-1][0]

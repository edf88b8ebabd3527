"""Bulk loading of a synthetic, already linked corpus into a SQLite store.

The store is the product's own: :class:`~dateline.store.sqlite.SQLiteStore` makes the schema
(its migrations), the rows are the ones its writes make (the same row builders, and the
quote-speaker and event-participant rule of ``benchmarks/postgres_bulk.py``: a span names the
entity of the mention it covers), and the summaries are filled by the store's own rebuild
statements (:mod:`dateline.store.summaries`). What differs is only the way in:

- one connection with settings only a throwaway build may use (no rollback journal, no
  sync, a large page cache), one ``executemany`` per table and one transaction per batch;
- the secondary indexes and the full-text index's insert trigger are dropped for the load;
  the indexes are built once at the end, the full-text index in one pass (FTS5 ``rebuild``)
  and the trigger put back, then the store is left in WAL mode as the product opens it.

Building through the store interface (per-article deletes, re-link updates of every mention,
indexes kept up to date row by row) stopped at 596,000 articles after hours.

``tests/store/test_sqlite_bulk.py`` checks that a store loaded this way holds the same rows,
full-text index content and schema as one written through the store interface.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import time
from collections.abc import Sequence
from pathlib import Path

from dateline.records import Entity, Story
from dateline.store.article_categories import category_rows
from dateline.store.entity_part_keys import entity_part_key_rows
from dateline.store.rows import INSERT_ENTITY, entity_row, event_row
from dateline.store.sql import ARTICLE_COLUMNS, article_params, now_iso
from dateline.store.sqlite import SQLiteStore
from dateline.store.summaries import entity_refresh, story_refresh
from postgres_bulk import Batch, _mention_row, _participant_rows, _quote_rows

#: page cache of the loading connection, in KiB (SQLite's negative ``cache_size``)
CACHE_KIB = 1_500_000
#: the trigger that keeps the full-text index in step with inserted articles
FTS_INSERT_TRIGGER = "articles_fts_insert"


def _progress(stage: str) -> None:
    print(f"  {time.strftime('%H:%M:%S')} {stage} done", flush=True)


def _marks(count: int) -> str:
    return ", ".join("?" for _ in range(count))


class SQLiteBulkLoader:
    """Loads batches of linked articles into the SQLite store at ``path`` (made by the
    store's migrations), then finishes it (:meth:`finish`). Use on an empty store only."""

    def __init__(self, path: str | Path) -> None:
        SQLiteStore(path).close()  # the schema, exactly as the product makes it
        self._db = sqlite3.connect(str(path), isolation_level=None)
        if self._db.execute("SELECT 1 FROM articles LIMIT 1").fetchone() is not None:
            self._db.close()
            raise RuntimeError("a bulk load needs an empty store: this one holds articles")
        self._db.execute("PRAGMA journal_mode = OFF")
        self._db.execute("PRAGMA synchronous = OFF")
        self._db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        self._db.execute("PRAGMA temp_store = MEMORY")
        # indexes that back no constraint (a primary key's has no SQL), and the FTS trigger
        self._indexes: list[tuple[str, str]] = [
            (str(name), str(sql))
            for name, sql in self._db.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                "ORDER BY name"
            )
        ]
        self._trigger = str(
            self._db.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
                (FTS_INSERT_TRIGGER,),
            ).fetchone()[0]
        )
        self._db.execute("BEGIN")
        for name, _ in self._indexes:
            self._db.execute(f'DROP INDEX "{name}"')
        self._db.execute(f'DROP TRIGGER "{FTS_INSERT_TRIGGER}"')
        self._db.execute("COMMIT")

    def add(self, batch: Batch) -> None:
        """Insert one batch of articles with their mentions, quotes, events and
        participants, in one transaction."""
        db = self._db
        annotations = [ann for _, ann in batch]
        db.execute("BEGIN")
        try:
            added_at = now_iso()
            db.executemany(
                f"INSERT INTO articles ({', '.join(ARTICLE_COLUMNS)}, added_at) "
                f"VALUES ({_marks(len(ARTICLE_COLUMNS) + 1)})",
                [(*article_params(article), added_at) for article, _ in batch],
            )
            db.executemany(
                "INSERT INTO article_categories (category, article_id) VALUES (?, ?)",
                [row for a, _ in batch for row in category_rows(a.id, a.categories)],
            )
            db.executemany(
                "INSERT INTO mentions (article_id, span_start, span_end, text, label, "
                "entity_id, role, canonical) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT DO NOTHING",
                [_mention_row(m) for ann in annotations for m in ann.mentions],
            )
            db.executemany(
                "INSERT INTO times (article_id, span_start, span_end, text, type, value, "
                "anchor, basis) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                [
                    (t.article_id, t.start, t.end, t.text, t.type, t.value, t.anchor, t.basis)
                    for ann in annotations
                    for t in ann.times
                ],
            )
            db.executemany(
                "INSERT INTO quotes (article_id, span_start, span_end, text, kind, cue, "
                "speaker_start, speaker_end, speaker_text, speaker_id) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                list(_quote_rows(annotations)),
            )
            db.executemany(
                "INSERT INTO events (id, article_id, trigger_start, trigger_end, trigger_text, "
                "category, modality, when_value, when_basis, sentence_start, sentence_end, "
                "sentence, actor_spans, target_spans, place_span) "
                f"VALUES ({_marks(15)}) ON CONFLICT DO NOTHING",
                [event_row(ann.article_id, e) for ann in annotations for e in ann.events],
            )
            db.executemany(
                "INSERT INTO event_participants (event_id, role, entity_id) VALUES (?, ?, ?) "
                "ON CONFLICT DO NOTHING",
                list(_participant_rows(annotations)),
            )
            annotated_at = dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")
            db.executemany(
                "INSERT INTO annotated (article_id, annotated_at) VALUES (?, ?)",
                [(ann.article_id, annotated_at) for ann in annotations],
            )
            SQLiteStore._annotations_changed(db)  # one write of annotations, counted
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def finish(self, entities: Sequence[Entity], stories: Sequence[Story]) -> None:
        """Entities and stories, then the indexes, the full-text index and the summaries."""
        db = self._db
        db.execute("BEGIN")
        db.executemany(INSERT_ENTITY, [entity_row(e) for e in entities])
        db.executemany(
            "INSERT INTO entity_part_keys (part_key, entity_id) VALUES (?, ?)",
            entity_part_key_rows(entities),
        )
        db.executemany(
            "INSERT INTO stories (id, title, first_date, last_date, thread_id) "
            "VALUES (?, ?, ?, ?, ?)",
            [(s.id, s.title, s.first, s.last, s.thread_id) for s in stories],
        )
        db.executemany(
            "INSERT INTO story_articles (article_id, story_id, position) VALUES (?, ?, ?)",
            [(a, s.id, i) for s in stories for i, a in enumerate(s.article_ids)],
        )
        db.execute("COMMIT")
        _progress("entities and stories")
        db.execute("BEGIN")
        for _, sql in self._indexes:
            db.execute(sql)
        db.execute("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')")
        db.execute(self._trigger)
        db.execute("COMMIT")
        _progress("indexes and the full-text index")
        db.execute("BEGIN")
        for statement, params in (*entity_refresh(), *story_refresh()):
            db.execute(statement, params)  # the product's own rebuild of every summary
        db.execute("COMMIT")
        _progress("summaries")
        db.execute("PRAGMA journal_mode = WAL")

    def close(self) -> None:
        self._db.close()

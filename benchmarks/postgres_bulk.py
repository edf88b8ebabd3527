"""Bulk loading of a synthetic, already linked corpus into a PostgreSQL store, with COPY.

The store is the product's own: :class:`~dateline.store.postgres.PostgresStore` makes the
schema (its migrations), the rows are the ones its writes make (the same row builders where
the store has them, and its quote-speaker and event-participant rule: a span names the
entity of the mention it covers), and its own summary rebuild fills the per-entity and
per-story summaries. What differs is only the way in: the secondary indexes are dropped, the
rows streamed with COPY, then the indexes built once, the summaries rebuilt in one pass and
statistics taken (``ANALYZE``). Building row by row took 20 minutes for 100,000 articles.

``tests/benchmarks/test_postgres_bulk.py`` checks that a store loaded this way holds the same
rows as one written through the store interface.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from dateline.records import Annotations, Article, Entity, Mention, Story
from dateline.store.article_categories import category_rows
from dateline.store.entity_part_keys import entity_part_key_rows
from dateline.store.postgres import PostgresStore
from dateline.store.rows import entity_row, event_row, quote_row
from dateline.store.sql import ARTICLE_COLUMNS, article_params, now_iso

#: The tables the store's summary rebuild fills (see :mod:`dateline.store.summaries`)
SUMMARY_TABLES = ("entity_articles", "entity_summaries", "entity_cooccurrence", "story_entities")

#: Each article's rows: (article, its annotations with mentions already linked)
Batch = Sequence[tuple[Article, Annotations]]


def _copy(cursor: Any, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def secondary_indexes(db: Any) -> list[tuple[str, str, str]]:
    """(table, name, definition) of the indexes of the database ``db`` (a connection) that
    back no constraint: a bulk load drops them and builds them after."""
    rows = db.execute(
        "SELECT i.tablename, i.indexname, i.indexdef FROM pg_indexes i "
        "JOIN pg_class c ON c.relname = i.indexname "
        "WHERE i.schemaname = 'public' "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = c.oid) "
        "ORDER BY i.indexname"
    ).fetchall()
    return [(str(table), str(name), str(definition)) for table, name, definition in rows]


class BulkLoader:
    """Loads batches of linked articles into the store at ``url`` (made by the store's
    migrations), then finishes it (:meth:`finish`). Use on an empty store only."""

    def __init__(self, url: str) -> None:
        import psycopg

        PostgresStore(url).close()  # the schema, exactly as the product makes it
        self._url = url
        self._db = psycopg.connect(url, autocommit=True)
        if self._db.execute("SELECT 1 FROM articles LIMIT 1").fetchone() is not None:
            self._db.close()
            raise RuntimeError("a bulk load needs an empty store: this one holds articles")
        self._indexes = secondary_indexes(self._db)
        for _, name, _ in self._indexes:
            self._db.execute(f'DROP INDEX "{name}"')

    def add(self, batch: Batch) -> None:
        """COPY one batch of articles with their mentions, quotes, events and participants."""
        added_at = now_iso()
        with self._db.transaction(), self._db.cursor() as cursor:
            _copy(
                cursor,
                "articles",
                (*ARTICLE_COLUMNS, "added_at"),
                ((*article_params(article), added_at) for article, _ in batch),
            )
            _copy(
                cursor,
                "article_categories",
                ("category", "article_id"),
                (row for a, _ in batch for row in category_rows(a.id, a.categories)),
            )
            annotations = [ann for _, ann in batch]
            _copy(
                cursor,
                "mentions",
                _MENTION_COLUMNS,
                (_mention_row(m) for ann in annotations for m in ann.mentions),
            )
            _copy(
                cursor,
                "times",
                _TIME_COLUMNS,
                (
                    (t.article_id, t.start, t.end, t.text, t.type, t.value, t.anchor, t.basis)
                    for ann in annotations
                    for t in ann.times
                ),
            )
            _copy(cursor, "quotes", _QUOTE_COLUMNS, _quote_rows(annotations))
            _copy(cursor, "events", _EVENT_COLUMNS, _event_rows(annotations))
            _copy(
                cursor,
                "event_participants",
                ("event_id", "role", "entity_id"),
                _participant_rows(annotations),
            )
            PostgresStore._annotations_changed(cursor)  # one write of annotations, counted
            annotated_at = dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")
            _copy(
                cursor,
                "annotated",
                ("article_id", "annotated_at"),
                ((ann.article_id, annotated_at) for ann in annotations),
            )

    def finish(self, entities: Sequence[Entity], stories: Sequence[Story]) -> None:
        """Entities and stories, then the indexes, statistics and summaries."""
        with self._db.transaction(), self._db.cursor() as cursor:
            _copy(
                cursor,
                "entities",
                ("id", "name", "label", "aliases", "roles", "mention_count"),
                map(entity_row, entities),
            )
            _copy(
                cursor,
                "entity_part_keys",
                ("part_key", "entity_id"),
                entity_part_key_rows(entities),
            )
            _copy(
                cursor,
                "stories",
                ("id", "title", "first_date", "last_date", "thread_id"),
                ((s.id, s.title, s.first, s.last, s.thread_id) for s in stories),
            )
            _copy(
                cursor,
                "story_articles",
                ("article_id", "story_id", "position"),
                ((a, s.id, i) for s in stories for i, a in enumerate(s.article_ids)),
            )
        # the summaries are read from the other tables through their indexes; their own
        # indexes are built once they are filled (4.6 million entity_articles rows at
        # 1,000,000 articles: minutes when inserted into two indexes in no order)
        for table, _, definition in self._indexes:
            if table not in SUMMARY_TABLES:
                self._db.execute(definition)
        self._db.execute("ANALYZE")
        store = PostgresStore(self._url)
        try:
            store.refresh_summaries()  # the product's own rebuild of every summary
        finally:
            store.close()
        for table, _, definition in self._indexes:
            if table in SUMMARY_TABLES:
                self._db.execute(definition)
        self._db.execute("ANALYZE")

    def close(self) -> None:
        self._db.close()


_MENTION_COLUMNS = (
    "article_id",
    "span_start",
    "span_end",
    "text",
    "label",
    "entity_id",
    "role",
    "canonical",
)
_TIME_COLUMNS = ("article_id", "span_start", "span_end", "text", "type", "value", "anchor", "basis")
_QUOTE_COLUMNS = (
    "article_id",
    "span_start",
    "span_end",
    "text",
    "kind",
    "cue",
    "speaker_start",
    "speaker_end",
    "speaker_text",
    "speaker_id",
)
_EVENT_COLUMNS = (
    "id",
    "article_id",
    "trigger_start",
    "trigger_end",
    "trigger_text",
    "category",
    "modality",
    "when_value",
    "when_basis",
    "sentence_start",
    "sentence_end",
    "sentence",
    "actor_spans",
    "target_spans",
    "place_span",
)


def _mention_row(m: Mention) -> tuple[Any, ...]:
    return (m.article_id, m.start, m.end, m.text, m.label, m.entity_id, m.role, m.canonical)


def _entity_at(ann: Annotations, start: int, end: int) -> str | None:
    """The entity of the first linked mention overlapping [start, end), as the store's
    ``_resolve_links`` finds a quote's speaker."""
    for mention in sorted(ann.mentions, key=lambda m: m.start):
        if mention.start < end and mention.end > start and mention.entity_id:
            return mention.entity_id
    return None


def _quote_rows(annotations: Sequence[Annotations]) -> Iterable[tuple[Any, ...]]:
    for ann in annotations:
        for q in ann.quotes:
            speaker = None
            if q.speaker_start is not None and q.speaker_end is not None:
                speaker = _entity_at(ann, q.speaker_start, q.speaker_end)
            yield quote_row(q.article_id, q, speaker)


def _event_rows(annotations: Sequence[Annotations]) -> Iterable[tuple[Any, ...]]:
    for ann in annotations:
        for e in ann.events:
            yield event_row(ann.article_id, e)


def _participant_rows(annotations: Sequence[Annotations]) -> Iterable[tuple[str, str, str]]:
    """Every linked mention a role's span overlaps names a participant, once."""
    for ann in annotations:
        for e in ann.events:
            spans = [("actor", span) for span in e.actor_spans]
            spans += [("target", span) for span in e.target_spans]
            if e.place_span:
                spans.append(("place", e.place_span))
            seen: set[tuple[str, str]] = set()
            for role, (start, end) in spans:
                for m in ann.mentions:
                    named = m.entity_id and m.start < end and m.end > start
                    if named and m.entity_id and (role, m.entity_id) not in seen:
                        seen.add((role, m.entity_id))
                        yield (e.id, role, m.entity_id)

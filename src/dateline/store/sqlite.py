"""The embedded default store: one SQLite file in WAL mode with an FTS5 full-text index."""

from __future__ import annotations

import json
import re
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from dateline.records import Annotations, Article, Entity, Event, Mention, Quote, Story, TimeExpr
from dateline.store.interface import (
    HIT_END,
    HIT_START,
    ArticleFilter,
    Correction,
    SearchHit,
    StoreError,
)
from dateline.store.schema import LATEST_VERSION, MIGRATIONS

_ARTICLE_COLUMNS = (
    "id, title, text, url, path, source, author, categories, published, published_basis, "
    "published_start, published_end, published_confidence, language, language_confidence, "
    "content_hash, duplicate_of, input_format, removed"
)
_WORD = re.compile(r"\w+", re.UNICODE)


def _article_row(article: Article) -> tuple[Any, ...]:
    start, end = article.published_range or (None, None)
    return (
        article.id,
        article.title,
        article.text,
        article.url,
        article.path,
        article.source,
        article.author,
        json.dumps(list(article.categories)),
        article.published,
        article.published_basis,
        start,
        end,
        article.published_confidence,
        article.language,
        article.language_confidence,
        article.content_hash,
        article.duplicate_of,
        article.input_format,
        json.dumps(list(article.removed)),
    )


def _article_from_row(row: sqlite3.Row) -> Article:
    start, end = row["published_start"], row["published_end"]
    return Article(
        id=row["id"],
        text=row["text"],
        title=row["title"],
        url=row["url"],
        path=row["path"],
        source=row["source"],
        author=row["author"],
        categories=tuple(json.loads(row["categories"])),
        published=row["published"],
        published_basis=row["published_basis"],
        published_range=(start, end) if start and end else None,
        published_confidence=row["published_confidence"],
        language=row["language"],
        language_confidence=row["language_confidence"],
        content_hash=row["content_hash"],
        duplicate_of=row["duplicate_of"],
        input_format=row["input_format"],
        removed=tuple(json.loads(row["removed"])),
    )


def _spans(raw: str | None) -> tuple[tuple[int, int], ...]:
    return tuple((int(a), int(b)) for a, b in json.loads(raw or "[]"))


def fts_query(text: str) -> str:
    """Turn what a user typed into a safe FTS5 query: every word a quoted term, all required.

    A trailing ``*`` on a word keeps prefix search; FTS5 operators typed by the user are
    treated as plain words, so no input can raise a syntax error.
    """
    terms = []
    for match in re.finditer(r"\w+\*?", text, re.UNICODE):
        word = match.group(0)
        prefix = word.endswith("*")
        word = word.rstrip("*")
        terms.append(f'"{word}"' + ("*" if prefix else ""))
    return " ".join(terms)


class SQLiteStore:
    """A corpus in one SQLite file. Safe to share between threads; one writer at a time."""

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        self.location = str(path)
        self._lock = threading.RLock()
        try:
            if read_only:
                uri = f"file:{Path(path).resolve()}?mode=ro"
                self._db = sqlite3.connect(
                    uri, uri=True, check_same_thread=False, isolation_level=None
                )
            else:
                if self.location != ":memory:":
                    Path(path).parent.mkdir(parents=True, exist_ok=True)
                self._db = sqlite3.connect(
                    self.location, check_same_thread=False, isolation_level=None
                )
            self._db.row_factory = sqlite3.Row
            self._db.execute("PRAGMA busy_timeout = 10000")
            if not read_only:
                self._db.execute("PRAGMA journal_mode = WAL")
                self._db.execute("PRAGMA synchronous = NORMAL")
            self._migrate(read_only)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.location}: {exc}") from exc

    # -- plumbing ---------------------------------------------------------------
    def _migrate(self, read_only: bool) -> None:
        version = int(self._db.execute("PRAGMA user_version").fetchone()[0])
        if version > LATEST_VERSION:
            raise StoreError(
                f"{self.location} has schema version {version}, newer than this dateline "
                f"({LATEST_VERSION}); upgrade dateline"
            )
        if version == LATEST_VERSION:
            return
        if read_only:
            raise StoreError(f"{self.location} needs a schema migration but is opened read-only")
        for target, script in MIGRATIONS:
            if target > version:
                self._db.executescript(f"BEGIN; {script}; PRAGMA user_version = {target}; COMMIT;")

    def _write(self, sql: str, params: Sequence[Any] = ()) -> None:
        with self._transaction() as db:
            db.execute(sql, params)

    def _transaction(self) -> _Transaction:
        return _Transaction(self)

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        with self._lock:
            try:
                return self._db.execute(sql, params).fetchall()
            except sqlite3.DatabaseError as exc:
                raise StoreError(f"{self.location}: {exc}") from exc

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @property
    def schema_version(self) -> int:
        return int(self._query("PRAGMA user_version")[0][0])

    # -- articles -----------------------------------------------------------------
    def add_articles(
        self, articles: Sequence[Article], signatures: Sequence[bytes | None] | None = None
    ) -> list[bool]:
        added: list[bool] = []
        placeholders = ", ".join("?" for _ in _ARTICLE_COLUMNS.split(","))
        with self._transaction() as db:
            for index, article in enumerate(articles):
                cursor = db.execute(
                    f"INSERT INTO articles ({_ARTICLE_COLUMNS}) VALUES ({placeholders}) "
                    "ON CONFLICT(id) DO NOTHING",
                    _article_row(article),
                )
                added.append(cursor.rowcount == 1)
                signature = signatures[index] if signatures else None
                if cursor.rowcount == 1 and signature is not None:
                    db.execute(
                        "INSERT OR REPLACE INTO signatures VALUES (?, ?)", (article.id, signature)
                    )
        return added

    def has_article(self, article_id: str) -> bool:
        return bool(self._query("SELECT 1 FROM articles WHERE id = ?", (article_id,)))

    def get_article(self, article_id: str) -> Article | None:
        rows = self._query(f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = ?", (article_id,))
        return _article_from_row(rows[0]) if rows else None

    def resolve_article_id(self, prefix: str) -> str | None:
        if not prefix:
            return None
        escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        rows = self._query(
            "SELECT id FROM articles WHERE id LIKE ? ESCAPE '\\' LIMIT 2", (escaped + "%",)
        )
        return rows[0]["id"] if len(rows) == 1 else None

    @staticmethod
    def _filter_sql(filters: ArticleFilter | None, alias: str = "a") -> tuple[str, list[Any]]:
        if filters is None:
            return "", []
        clauses: list[str] = []
        params: list[Any] = []
        if filters.since:
            clauses.append(f"{alias}.published >= ?")
            params.append(filters.since)
        if filters.until:
            # a date prefix compares below its own datetimes, so bound by the next character
            clauses.append(f"{alias}.published <= ?")
            params.append(filters.until + "\uffff")
        if filters.source:
            clauses.append(f"{alias}.source = ?")
            params.append(filters.source)
        if filters.language:
            clauses.append(f"{alias}.language = ?")
            params.append(filters.language)
        if not filters.include_duplicates:
            clauses.append(f"{alias}.duplicate_of IS NULL")
        return (" AND " + " AND ".join(clauses)) if clauses else "", params

    def iter_articles(
        self, filters: ArticleFilter | None = None, limit: int | None = None, offset: int = 0
    ) -> Iterator[Article]:
        where, params = self._filter_sql(filters)
        page = 500
        seen = 0
        last_rowid = -1
        skipped = 0
        while limit is None or seen < limit:
            size = page if limit is None else min(page, limit - seen)
            rows = self._query(
                f"SELECT rowid AS r, {_ARTICLE_COLUMNS} FROM articles a WHERE rowid > ?{where} "
                "ORDER BY rowid LIMIT ?",
                [last_rowid, *params, size + max(0, offset - skipped)],
            )
            if not rows:
                return
            last_rowid = rows[-1]["r"]
            for row in rows:
                if skipped < offset:
                    skipped += 1
                    continue
                yield _article_from_row(row)
                seen += 1
                if limit is not None and seen >= limit:
                    return

    def count_articles(self, filters: ArticleFilter | None = None) -> int:
        where, params = self._filter_sql(filters)
        return int(self._query(f"SELECT count(*) FROM articles a WHERE 1=1{where}", params)[0][0])

    def update_article(self, article: Article) -> None:
        columns = [c.strip() for c in _ARTICLE_COLUMNS.split(",")][1:]
        assignments = ", ".join(f"{column} = ?" for column in columns)
        row = _article_row(article)
        self._write(f"UPDATE articles SET {assignments} WHERE id = ?", (*row[1:], article.id))

    def iter_signatures(self) -> Iterator[tuple[str, bytes]]:
        for row in self._query("SELECT article_id, signature FROM signatures ORDER BY rowid"):
            yield row[0], bytes(row[1])

    def search(
        self, query: str, limit: int = 20, offset: int = 0, filters: ArticleFilter | None = None
    ) -> list[SearchHit]:
        match = fts_query(query)
        if not match:
            return []
        where, params = self._filter_sql(filters)
        rows = self._query(
            "SELECT a.id, a.title, a.published, a.source, bm25(articles_fts) AS score, "
            f"snippet(articles_fts, 1, '{HIT_START}', '{HIT_END}', '…', 16) AS snippet "
            "FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
            f"WHERE articles_fts MATCH ?{where} ORDER BY score LIMIT ? OFFSET ?",
            [match, *params, limit, offset],
        )
        return [
            SearchHit(
                article_id=row["id"],
                title=row["title"],
                snippet=row["snippet"],
                score=-float(row["score"]),
                published=row["published"],
                source=row["source"],
            )
            for row in rows
        ]

    # -- per-article annotations -------------------------------------------------
    def put_annotations(self, annotations: Sequence[Annotations]) -> None:
        with self._transaction() as db:
            for ann in annotations:
                article_id = ann.article_id
                # keep entity ids of mentions that survive re-annotation until the next re-link
                linked = {
                    (row[0], row[1]): row[2]
                    for row in db.execute(
                        "SELECT start, end, entity_id FROM mentions "
                        "WHERE article_id = ? AND entity_id IS NOT NULL",
                        (article_id,),
                    )
                }
                for table in ("mentions", "times", "quotes"):
                    db.execute(f"DELETE FROM {table} WHERE article_id = ?", (article_id,))
                db.execute(
                    "DELETE FROM event_participants WHERE event_id IN "
                    "(SELECT id FROM events WHERE article_id = ?)",
                    (article_id,),
                )
                db.execute("DELETE FROM events WHERE article_id = ?", (article_id,))
                db.executemany(
                    "INSERT OR REPLACE INTO mentions VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        (
                            article_id,
                            m.start,
                            m.end,
                            m.text,
                            m.label,
                            m.entity_id or linked.get((m.start, m.end)),
                            m.role,
                            m.canonical,
                        )
                        for m in ann.mentions
                    ],
                )
                db.executemany(
                    "INSERT OR REPLACE INTO times VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        (article_id, t.start, t.end, t.text, t.type, t.value, t.anchor, t.basis)
                        for t in ann.times
                    ],
                )
                db.executemany(
                    "INSERT OR REPLACE INTO quotes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        (
                            article_id,
                            q.start,
                            q.end,
                            q.text,
                            q.kind,
                            q.cue,
                            q.speaker_start,
                            q.speaker_end,
                            q.speaker_text,
                            q.speaker_id,
                        )
                        for q in ann.quotes
                    ],
                )
                db.executemany(
                    "INSERT OR REPLACE INTO events VALUES "
                    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        (
                            e.id,
                            article_id,
                            e.trigger_start,
                            e.trigger_end,
                            e.trigger,
                            e.category,
                            e.modality,
                            e.when,
                            e.when_basis,
                            e.sentence_start,
                            e.sentence_end,
                            e.sentence,
                            json.dumps(e.actor_spans),
                            json.dumps(e.target_spans),
                            json.dumps(e.place_span) if e.place_span else None,
                        )
                        for e in ann.events
                    ],
                )
                db.execute(
                    "INSERT OR REPLACE INTO annotated VALUES "
                    "(?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
                    (article_id,),
                )
                _resolve_article_links(db, article_id)

    def get_annotations(self, article_id: str) -> Annotations:
        return Annotations(
            article_id=article_id,
            mentions=tuple(self.iter_mentions(article_id)),
            times=tuple(self.iter_times(article_id)),
            quotes=tuple(self.iter_quotes(article_id)),
            events=tuple(self.iter_events(article_id)),
        )

    def unannotated_article_ids(self, limit: int | None = None) -> list[str]:
        rows = self._query(
            "SELECT id FROM articles WHERE id NOT IN (SELECT article_id FROM annotated) "
            "ORDER BY rowid LIMIT ?",
            (-1 if limit is None else limit,),
        )
        return [row[0] for row in rows]

    def iter_mentions(self, article_id: str | None = None) -> Iterator[Mention]:
        sql = "SELECT * FROM mentions"
        params: tuple[Any, ...] = ()
        if article_id is not None:
            sql += " WHERE article_id = ?"
            params = (article_id,)
        for row in self._query(sql + " ORDER BY article_id, start", params):
            yield Mention(
                article_id=row["article_id"],
                start=row["start"],
                end=row["end"],
                text=row["text"],
                label=row["label"],
                entity_id=row["entity_id"],
                role=row["role"],
                canonical=row["canonical"],
            )

    def iter_entity_mentions(self, entity_id: str) -> Iterator[Mention]:
        """Mentions linked to one entity (served by an index)."""
        for row in self._query(
            "SELECT * FROM mentions WHERE entity_id = ? ORDER BY article_id, start", (entity_id,)
        ):
            yield Mention(
                article_id=row["article_id"],
                start=row["start"],
                end=row["end"],
                text=row["text"],
                label=row["label"],
                entity_id=row["entity_id"],
                role=row["role"],
                canonical=row["canonical"],
            )

    def iter_times(self, article_id: str | None = None) -> Iterator[TimeExpr]:
        sql = "SELECT * FROM times"
        params: tuple[Any, ...] = ()
        if article_id is not None:
            sql += " WHERE article_id = ?"
            params = (article_id,)
        for row in self._query(sql + " ORDER BY article_id, start", params):
            yield TimeExpr(
                article_id=row["article_id"],
                start=row["start"],
                end=row["end"],
                text=row["text"],
                type=row["type"],
                value=row["value"],
                anchor=row["anchor"],
                basis=row["basis"],
            )

    def iter_quotes(
        self, article_id: str | None = None, speaker_id: str | None = None
    ) -> Iterator[Quote]:
        clauses, params = [], []
        if article_id is not None:
            clauses.append("article_id = ?")
            params.append(article_id)
        if speaker_id is not None:
            clauses.append("speaker_id = ?")
            params.append(speaker_id)
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        for row in self._query(f"SELECT * FROM quotes{where} ORDER BY article_id, start", params):
            yield Quote(
                article_id=row["article_id"],
                start=row["start"],
                end=row["end"],
                text=row["text"],
                kind=row["kind"],
                cue=row["cue"],
                speaker_start=row["speaker_start"],
                speaker_end=row["speaker_end"],
                speaker_text=row["speaker_text"],
                speaker_id=row["speaker_id"],
            )

    def iter_events(
        self, article_id: str | None = None, entity_id: str | None = None
    ) -> Iterator[Event]:
        clauses, params = [], []
        if article_id is not None:
            clauses.append("e.article_id = ?")
            params.append(article_id)
        if entity_id is not None:
            clauses.append("e.id IN (SELECT event_id FROM event_participants WHERE entity_id = ?)")
            params.append(entity_id)
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        rows = self._query(
            f"SELECT e.* FROM events e{where} ORDER BY e.article_id, e.trigger_start", params
        )
        for row in rows:
            participants = self._query(
                "SELECT role, entity_id FROM event_participants WHERE event_id = ? "
                "ORDER BY role, entity_id",
                (row["id"],),
            )
            by_role: dict[str, list[str]] = {"actor": [], "target": [], "place": []}
            for participant in participants:
                by_role[participant["role"]].append(participant["entity_id"])
            place_span = json.loads(row["place_span"]) if row["place_span"] else None
            yield Event(
                id=row["id"],
                article_id=row["article_id"],
                trigger_start=row["trigger_start"],
                trigger_end=row["trigger_end"],
                trigger=row["trigger"],
                category=row["category"],
                modality=row["modality"],
                actor_ids=tuple(by_role["actor"]),
                target_ids=tuple(by_role["target"]),
                place_id=by_role["place"][0] if by_role["place"] else None,
                when=row["when_value"],
                when_basis=row["when_basis"],
                sentence_start=row["sentence_start"],
                sentence_end=row["sentence_end"],
                sentence=row["sentence"],
                actor_spans=_spans(row["actor_spans"]),
                target_spans=_spans(row["target_spans"]),
                place_span=(int(place_span[0]), int(place_span[1])) if place_span else None,
            )

    # -- corpus-level links -----------------------------------------------------
    def replace_entities(
        self, entities: Sequence[Entity], links: Sequence[tuple[str, int, int, str]]
    ) -> None:
        with self._transaction() as db:
            db.execute("DELETE FROM entities")
            db.executemany(
                "INSERT INTO entities VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        e.id,
                        e.name,
                        e.label,
                        json.dumps([list(a) for a in e.aliases]),
                        json.dumps(list(e.roles)),
                        json.dumps(list(e.article_ids)),
                        sum(count for _, count in e.aliases),
                    )
                    for e in entities
                ],
            )
            db.execute("UPDATE mentions SET entity_id = NULL")
            db.executemany(
                "UPDATE mentions SET entity_id = ? WHERE article_id = ? AND start = ? AND end = ?",
                [
                    (entity_id, article_id, start, end)
                    for article_id, start, end, entity_id in links
                ],
            )
            _resolve_article_links(db, None)

    def get_entity(self, entity_id: str) -> Entity | None:
        rows = self._query("SELECT * FROM entities WHERE id = ?", (entity_id,))
        return _entity_from_row(rows[0]) if rows else None

    def iter_entities(self, label: str | None = None) -> Iterator[Entity]:
        sql = "SELECT * FROM entities"
        params: tuple[Any, ...] = ()
        if label is not None:
            sql += " WHERE label = ?"
            params = (label,)
        for row in self._query(sql + " ORDER BY mention_count DESC, name", params):
            yield _entity_from_row(row)

    def replace_stories(self, stories: Sequence[Story]) -> None:
        with self._transaction() as db:
            db.execute("DELETE FROM stories")
            db.execute("DELETE FROM story_articles")
            db.executemany(
                "INSERT INTO stories VALUES (?, ?, ?, ?, ?)",
                [(s.id, s.title, s.first, s.last, s.thread_id) for s in stories],
            )
            db.executemany(
                "INSERT OR REPLACE INTO story_articles VALUES (?, ?, ?)",
                [(a, s.id, i) for s in stories for i, a in enumerate(s.article_ids)],
            )

    def _story(self, row: sqlite3.Row) -> Story:
        members = self._query(
            "SELECT article_id FROM story_articles WHERE story_id = ? ORDER BY position",
            (row["id"],),
        )
        return Story(
            id=row["id"],
            title=row["title"],
            article_ids=tuple(m[0] for m in members),
            first=row["first"],
            last=row["last"],
            thread_id=row["thread_id"],
        )

    def iter_stories(self) -> Iterator[Story]:
        for row in self._query("SELECT * FROM stories ORDER BY first, id"):
            yield self._story(row)

    def get_story(self, story_id: str) -> Story | None:
        rows = self._query("SELECT * FROM stories WHERE id = ?", (story_id,))
        return self._story(rows[0]) if rows else None

    def story_of_article(self, article_id: str) -> str | None:
        rows = self._query(
            "SELECT story_id FROM story_articles WHERE article_id = ?", (article_id,)
        )
        return rows[0][0] if rows else None

    def put_vectors(self, kind: str, items: Sequence[tuple[str, bytes]]) -> None:
        with self._transaction() as db:
            db.executemany(
                "INSERT OR REPLACE INTO vectors VALUES (?, ?, ?)",
                [(kind, item_id, vector) for item_id, vector in items],
            )

    def iter_vectors(self, kind: str) -> Iterator[tuple[str, bytes]]:
        for row in self._query(
            "SELECT item_id, vector FROM vectors WHERE kind = ? ORDER BY rowid", (kind,)
        ):
            yield row[0], bytes(row[1])

    # -- corrections and metadata -------------------------------------------------
    def add_correction(self, kind: str, payload: dict[str, Any]) -> Correction:
        with self._transaction() as db:
            cursor = db.execute(
                "INSERT INTO corrections (kind, payload) VALUES (?, ?)", (kind, json.dumps(payload))
            )
            row = db.execute(
                "SELECT * FROM corrections WHERE id = ?", (cursor.lastrowid,)
            ).fetchone()
        return Correction(id=row["id"], kind=row["kind"], payload=payload, created=row["created"])

    def list_corrections(self) -> list[Correction]:
        return [
            Correction(
                id=row["id"],
                kind=row["kind"],
                payload=json.loads(row["payload"]),
                created=row["created"],
            )
            for row in self._query("SELECT * FROM corrections ORDER BY id")
        ]

    def get_meta(self, key: str) -> str | None:
        rows = self._query("SELECT value FROM meta WHERE key = ?", (key,))
        return rows[0][0] if rows else None

    def set_meta(self, key: str, value: str) -> None:
        self._write("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))


class _Transaction:
    """Holds the store's lock for one BEGIN IMMEDIATE ... COMMIT; rolls back on any error."""

    def __init__(self, store: SQLiteStore) -> None:
        self._store = store

    def __enter__(self) -> sqlite3.Connection:
        self._store._lock.acquire()
        try:
            self._store._db.execute("BEGIN IMMEDIATE")
        except sqlite3.DatabaseError as exc:
            self._store._lock.release()
            raise StoreError(f"{self._store.location}: {exc}") from exc
        return self._store._db

    def __exit__(self, exc_type: object, exc: BaseException | None, tb: object) -> None:
        db = self._store._db
        try:
            if exc is None:
                db.execute("COMMIT")
            else:
                db.execute("ROLLBACK")
        except sqlite3.DatabaseError as commit_error:
            db.execute("ROLLBACK") if db.in_transaction else None
            raise StoreError(f"{self._store.location}: {commit_error}") from commit_error
        finally:
            self._store._lock.release()
        if isinstance(exc, sqlite3.DatabaseError):
            raise StoreError(f"{self._store.location}: {exc}") from exc


def _entity_from_row(row: sqlite3.Row) -> Entity:
    return Entity(
        id=row["id"],
        name=row["name"],
        label=row["label"],
        aliases=tuple((str(a), int(c)) for a, c in json.loads(row["aliases"])),
        roles=tuple(json.loads(row["roles"])),
        article_ids=tuple(json.loads(row["article_ids"])),
    )


def _resolve_article_links(db: sqlite3.Connection, article_id: str | None) -> None:
    """Fill quote speakers and event participants from the entity ids of the mentions
    their spans overlap (for one article, or for all when ``article_id`` is None)."""
    scope = "" if article_id is None else " AND q.article_id = ?"
    params: tuple[Any, ...] = () if article_id is None else (article_id,)
    db.execute(
        "UPDATE quotes AS q SET speaker_id = (SELECT m.entity_id FROM mentions m "
        "WHERE m.article_id = q.article_id AND m.start < q.speaker_end "
        "AND m.end > q.speaker_start AND m.entity_id IS NOT NULL ORDER BY m.start LIMIT 1) "
        f"WHERE q.speaker_start IS NOT NULL{scope}",
        params,
    )
    event_scope = "" if article_id is None else " WHERE article_id = ?"
    db.execute(
        f"DELETE FROM event_participants WHERE event_id IN (SELECT id FROM events{event_scope})",
        params,
    )
    for role, column in (("actor", "actor_spans"), ("target", "target_spans")):
        db.execute(
            "INSERT OR IGNORE INTO event_participants "
            f"SELECT e.id, '{role}', m.entity_id FROM events e, json_each(e.{column}) j "
            "JOIN mentions m ON m.article_id = e.article_id "
            "AND m.start < json_extract(j.value, '$[1]') AND m.end > json_extract(j.value, '$[0]') "
            f"WHERE m.entity_id IS NOT NULL{'' if article_id is None else ' AND e.article_id = ?'}",
            params,
        )
    db.execute(
        "INSERT OR IGNORE INTO event_participants "
        "SELECT e.id, 'place', m.entity_id FROM events e JOIN mentions m "
        "ON m.article_id = e.article_id "
        "AND m.start < json_extract(e.place_span, '$[1]') "
        "AND m.end > json_extract(e.place_span, '$[0]') "
        f"WHERE e.place_span IS NOT NULL AND m.entity_id IS NOT NULL"
        f"{'' if article_id is None else ' AND e.article_id = ?'}",
        params,
    )

"""What the SQL backends share: every Store method over a small dialect interface.

SQL here is written once, with ``?`` placeholders and syntax both SQLite and PostgreSQL
accept (``ON CONFLICT``, ``LIMIT … OFFSET``). A backend supplies the connection, the
transaction, placeholder style, the insertion-order column, full-text search, migrations and
the link resolution that needs each dialect's JSON functions.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import replace
from typing import Any, TypeVar

from dateline.records import (
    Annotations,
    Article,
    ClauseTense,
    Entity,
    Event,
    Mention,
    Quote,
    Story,
    TimeExpr,
)
from dateline.store.article_categories import category_key, write_article_categories
from dateline.store.budget import QueryBudget
from dateline.store.cooccurrence import changed_articles, kept_cooccurrence
from dateline.store.entity_part_keys import replace_entity_part_keys
from dateline.store.interface import (
    ArticleFilter,
    Correction,
    EntitySummary,
    SearchHit,
    SearchQueryError,
)
from dateline.store.paging import id_pages, marks
from dateline.store.row_order import in_key_order
from dateline.store.rows import INSERT_ENTITY, entity_row, event_row, mention_from_row, quote_row
from dateline.store.session import Row, Session
from dateline.store.sql_entity_links import EntityLinkStateMethods
from dateline.store.sql_events import EventLinkMethods
from dateline.store.sql_links import LinkStateMethods, insert_stories
from dateline.store.sql_thread_profiles import ThreadProfileMethods
from dateline.store.summaries import article_date_refresh, entity_refresh, story_refresh

ARTICLE_COLUMNS = (
    "id",
    "title",
    "text",
    "url",
    "path",
    "source",
    "author",
    "categories",
    "published",
    "published_basis",
    "published_start",
    "published_end",
    "published_confidence",
    "language",
    "language_confidence",
    "content_hash",
    "duplicate_of",
    "input_format",
    "removed",
)
_SELECT_ARTICLE = ", ".join(f"a.{column}" for column in ARTICLE_COLUMNS)
#: the same without the text (and the spans removed from it): what a citation needs
_SELECT_ARTICLE_HEAD = _SELECT_ARTICLE.replace("a.text", "'' AS text").replace(
    "a.removed", "'[]' AS removed"
)
_PAGE = 500
#: every entity list's order, most mentioned first (the ``entities_rank`` index, schema 22)
ENTITY_ORDER = "mention_count DESC, name, id"
#: meta keys under this prefix hold the state of the sources ``dateline watch`` follows
WATCH_META_PREFIX = "watch:"


def spelled_pattern(spelling: str) -> str:
    """A LIKE pattern (backslash escapes) of ``spelling``'s characters in order with anything
    between, its ASCII letters in lower case (PostgreSQL matches it against lower-cased text,
    SQLite's LIKE ignores ASCII case): a superset of the forms whose name key is the spelling
    with spaces added (a key only drops characters and case), which the caller checks."""
    lowered = (ch.lower() if ch.isascii() else ch for ch in spelling)
    return "%" + "%".join("\\" + ch if ch in "%_\\" else ch for ch in lowered) + "%"


Page = TypeVar("Page")


def keyset_pages(
    clauses: Sequence[str],
    params: Sequence[Any],
    key: str,
    read: Callable[[str, list[Any]], list[Page]],
    last_key: Callable[[Page], tuple[Any, ...]],
) -> Iterator[Page]:
    """Everything ``read`` gives for ``clauses`` (and ``params``), :data:`_PAGE` at a time:
    ``read`` takes a WHERE clause and its parameters and returns one page in the order of
    the columns ``key``; each next page is what comes after the last one's ``last_key``."""
    after: tuple[Any, ...] | None = None
    while True:
        where = list(clauses)
        if after is not None:
            where.append(f"({key}) > ({', '.join('?' for _ in after)})")
        page = read(" WHERE " + " AND ".join(where) if where else "", [*params, *(after or ())])
        yield from page
        if len(page) < _PAGE:
            return
        after = last_key(page[-1])


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


#: Most distinct words a search may have, and most of them ending in ``*``: each word is one
#: more index lookup, and a prefix expands to every indexed word it begins.
MAX_SEARCH_TERMS = 16
MAX_PREFIX_TERMS = 4


def search_terms(text: str) -> list[tuple[str, bool]]:
    """The distinct words of a user's query and whether each ends in ``*`` (prefix search).

    Everything but word characters is dropped, so no input is a query-syntax error in any
    backend's full-text language. A repeated word counts once (all words are required, so a
    repeat changes nothing but the cost); more than :data:`MAX_SEARCH_TERMS` words or
    :data:`MAX_PREFIX_TERMS` prefixes raise :class:`SearchQueryError`.
    """
    terms = list(
        dict.fromkeys(
            (match.group(1), bool(match.group(2)))
            for match in re.finditer(r"(\w+)(\*?)", text, re.UNICODE)
        )
    )
    if len(terms) > MAX_SEARCH_TERMS:
        raise SearchQueryError(
            f"a search takes at most {MAX_SEARCH_TERMS} different words ({len(terms)} given)"
        )
    prefixes = sum(prefix for _, prefix in terms)
    if prefixes > MAX_PREFIX_TERMS:
        raise SearchQueryError(
            f"a search takes at most {MAX_PREFIX_TERMS} words ending in * ({prefixes} given)"
        )
    return terms


def article_params(article: Article) -> tuple[Any, ...]:
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


def _json_list(raw: str) -> Any:
    """A JSON list column's value; the empty list, most rows' value, without the parser (a
    page decodes a few hundred such columns)."""
    return [] if raw == "[]" else json.loads(raw)


def article_from_row(row: Row) -> Article:
    start, end = row["published_start"], row["published_end"]
    return Article(
        id=row["id"],
        text=row["text"],
        title=row["title"],
        url=row["url"],
        path=row["path"],
        source=row["source"],
        author=row["author"],
        categories=tuple(_json_list(row["categories"])),
        published=row["published"],
        published_basis=row["published_basis"],
        published_range=(start, end) if start and end else None,
        published_confidence=row["published_confidence"],
        language=row["language"],
        language_confidence=row["language_confidence"],
        content_hash=row["content_hash"],
        duplicate_of=row["duplicate_of"],
        input_format=row["input_format"],
        removed=tuple(_json_list(row["removed"])),
    )


def entity_from_row(row: Row, article_ids: Sequence[str] = ()) -> Entity:
    """The entity of an ``entities`` row; its articles are its ``entity_articles`` rows,
    read by the caller (the row holds none, see :data:`ENTITY_COLUMNS`)."""
    return Entity(
        id=row["id"],
        name=row["name"],
        label=row["label"],
        aliases=tuple((str(a), int(c)) for a, c in _json_list(row["aliases"])),
        roles=tuple(_json_list(row["roles"])),
        article_ids=tuple(article_ids),
    )


#: the columns of an entity read back. Its articles are not one of them: a list in the row
#: would be rewritten whole whenever a batch names the entity once more (a country's every
#: article, on every link), so they are read from ``entity_articles``, which the link keeps
#: by the articles it changes
ENTITY_COLUMNS = "id, name, label, aliases, roles"


def _spans(raw: str | None) -> tuple[tuple[int, int], ...]:
    return tuple((int(a), int(b)) for a, b in _json_list(raw or "[]"))


def event_from_row(row: Row, by_role: Mapping[str, list[str]]) -> Event:
    """An event from its row and its participants' entity ids by role."""
    place_span = json.loads(row["place_span"]) if row["place_span"] else None
    places = by_role.get("place", [])
    return Event(
        id=row["id"],
        article_id=row["article_id"],
        trigger_start=row["trigger_start"],
        trigger_end=row["trigger_end"],
        trigger=row["trigger_text"],
        category=row["category"],
        modality=row["modality"],
        actor_ids=tuple(by_role.get("actor", [])),
        target_ids=tuple(by_role.get("target", [])),
        place_id=places[0] if places else None,
        when=row["when_value"],
        when_basis=row["when_basis"],
        sentence_start=row["sentence_start"],
        sentence_end=row["sentence_end"],
        sentence=row["sentence"],
        actor_spans=_spans(row["actor_spans"]),
        target_spans=_spans(row["target_spans"]),
        place_span=(int(place_span[0]), int(place_span[1])) if place_span else None,
    )


def quote_from_row(row: Row) -> Quote:
    return Quote(
        article_id=row["article_id"],
        start=row["span_start"],
        end=row["span_end"],
        text=row["text"],
        kind=row["kind"],
        cue=row["cue"],
        speaker_start=row["speaker_start"],
        speaker_end=row["speaker_end"],
        speaker_text=row["speaker_text"],
        speaker_id=row["speaker_id"],
    )


def time_from_row(row: Row) -> TimeExpr:
    return TimeExpr(
        article_id=row["article_id"],
        start=row["span_start"],
        end=row["span_end"],
        text=row["text"],
        type=row["type"],
        value=row["value"],
        anchor=row["anchor"],
        basis=row["basis"],
    )


class SQLStore(
    LinkStateMethods, EntityLinkStateMethods, EventLinkMethods, ThreadProfileMethods, ABC
):
    """The Store protocol over any SQL dialect; subclasses are the backends."""

    location: str
    #: the column that orders rows by insertion ("rowid" in SQLite, a serial in PostgreSQL)
    seq: str = "rowid"
    #: whether the connection binds a Python list as one array parameter (PostgreSQL)
    binds_arrays: bool = False

    # -- what a backend provides ------------------------------------------------------
    @abstractmethod
    def _transaction(self) -> AbstractContextManager[Session]:
        """A write transaction: committed when the block ends, rolled back on any error."""

    @abstractmethod
    def _read(self) -> AbstractContextManager[Session]:
        """A session for reads (it sees only committed data)."""

    @abstractmethod
    def close(self) -> None: ...

    @property
    @abstractmethod
    def search_candidates(self) -> int:
        """Most matches a search ranks (the latest found; each backend has its own)."""

    @abstractmethod
    def search(
        self,
        query: str,
        limit: int = 20,
        offset: int = 0,
        filters: ArticleFilter | None = None,
        budget: QueryBudget | None = None,
    ) -> list[SearchHit]: ...

    @staticmethod
    @abstractmethod
    def _json_elements(column: str) -> str:
        """A table-valued expression over the elements of a JSON array column, as ``value``."""

    @staticmethod
    @abstractmethod
    def _json_texts(expression: str) -> str:
        """A subquery of the strings of a JSON array expression, one row each."""

    @staticmethod
    @abstractmethod
    def _holds(column: str) -> str:
        """A condition: the text ``column`` matches the next parameter, a LIKE pattern with
        backslash escapes, ignoring ASCII case, or has a character outside ASCII (a backend
        may keep more: it only narrows what the caller checks)."""

    @staticmethod
    @abstractmethod
    def _json_item(expression: str, index: int) -> str:
        """The integer at ``index`` of a JSON array expression."""

    def _refresh_statistics(self, db: Session, table: str) -> None:
        """Let the planner see a bulk change to ``table`` made earlier in this transaction
        (a no-op where the planner needs no statistics)."""

    # -- helpers ------------------------------------------------------------------------
    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        with self._read() as db:
            return db.fetchall(sql, params)

    def _query_tuples(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._read() as db:
            return db.fetchtuples(sql, params)

    def _write(self, sql: str, params: Sequence[Any] = ()) -> None:
        with self._transaction() as db:
            db.execute(sql, params)

    @staticmethod
    def _filter_sql(filters: ArticleFilter | None, alias: str = "a") -> tuple[str, list[Any]]:
        if filters is None:
            return "", []
        clauses: list[str] = []
        params: list[Any] = []
        if filters.since:
            # a year ("2019") or month ("2019-04") date counts when its period reaches ``since``
            clauses.append(
                f"{alias}.published >= substr(CAST(? AS TEXT), 1, length({alias}.published))"
            )
            params.append(filters.since)
        if filters.until:
            # a date prefix sorts below its own datetimes, so bound by the highest character
            clauses.append(f"{alias}.published <= ?")
            params.append(filters.until + "\uffff")
        if filters.source:
            clauses.append(f"{alias}.source = ?")
            params.append(filters.source)
        if filters.language:
            # as the language index has it (schema 21): "EN" is "en", and a count of every
            # English article walks the index, not the table (0.67 -> 0.07 s at 1,000,000)
            clauses.append(f"lower({alias}.language) = lower(?)")
            params.append(filters.language)
        if not filters.include_duplicates:
            clauses.append(f"{alias}.duplicate_of IS NULL")
        if filters.added_since:
            clauses.append(f"{alias}.added_at >= ?")
            params.append(filters.added_since)
        if filters.entity_id is not None:
            # the entity's rows carry their article's date: a range of its dates index holds
            # every article the date clauses above keep (a coarse "2024" from its year on),
            # so an entity of 78,000 articles is not read whole for a month of them
            within, bounds = "", [filters.entity_id]
            if filters.since:
                within += " AND published >= ?"
                bounds.append(filters.since[:4])
            if filters.until:
                within += " AND published <= ?"
                bounds.append(filters.until + "\uffff")
            clauses.append(
                f"{alias}.id IN (SELECT article_id FROM entity_articles "
                f"WHERE entity_id = ?{within})"
            )
            params.extend(bounds)
        if filters.category is not None:
            clauses.append(
                f"{alias}.id IN (SELECT article_id FROM article_categories WHERE category = ?)"
            )
            params.append(category_key(filters.category))
        return (" AND " + " AND ".join(clauses)) if clauses else "", params

    # -- articles -------------------------------------------------------------------------
    def add_articles(
        self, articles: Sequence[Article], signatures: Sequence[bytes | None] | None = None
    ) -> list[bool]:
        added: list[bool] = []
        placeholders = ", ".join("?" for _ in ARTICLE_COLUMNS)
        with self._transaction() as db:
            for index, article in enumerate(articles):
                changed = db.execute(
                    f"INSERT INTO articles ({', '.join(ARTICLE_COLUMNS)}, added_at) "
                    f"VALUES ({placeholders}, ?) ON CONFLICT (id) DO NOTHING",
                    (*article_params(article), now_iso()),
                )
                added.append(changed == 1)
                if changed == 1 and article.categories:
                    write_article_categories(db, [article], replace=False)
                signature = signatures[index] if signatures else None
                if changed == 1 and signature is not None:
                    db.execute(
                        "INSERT INTO signatures (article_id, signature) VALUES (?, ?) "
                        "ON CONFLICT (article_id) DO UPDATE SET signature = excluded.signature",
                        (article.id, signature),
                    )
        return added

    def has_article(self, article_id: str) -> bool:
        return bool(self._query("SELECT 1 AS found FROM articles WHERE id = ?", (article_id,)))

    def get_article(self, article_id: str) -> Article | None:
        rows = self._query(
            f"SELECT {_SELECT_ARTICLE} FROM articles a WHERE a.id = ?", (article_id,)
        )
        return article_from_row(rows[0]) if rows else None

    def resolve_article_id(self, prefix: str) -> str | None:
        if not prefix:
            return None
        if self.has_article(prefix):
            # a whole id, by the key: a prefix match cannot use it (LIKE ignores case), and
            # scanned every id, 30 ms an article at 1,000,000, for every article a page read
            return prefix
        escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        rows = self._query(
            "SELECT id FROM articles WHERE id LIKE ? ESCAPE '\\' LIMIT 2", (escaped + "%",)
        )
        return str(rows[0]["id"]) if len(rows) == 1 else None

    def iter_articles(
        self, filters: ArticleFilter | None = None, limit: int | None = None, offset: int = 0
    ) -> Iterator[Article]:
        """Articles in insertion order, fetched a page at a time (keyset pagination)."""
        where, params = self._filter_sql(filters)
        remaining = limit
        last: int | None = None
        while remaining is None or remaining > 0:
            size = _PAGE if remaining is None else min(_PAGE, remaining)
            after = "" if last is None else f" AND a.{self.seq} > ?"
            rows = self._query(
                f"SELECT a.{self.seq} AS seq_value, {_SELECT_ARTICLE} FROM articles a "
                f"WHERE 1 = 1{where}{after} ORDER BY a.{self.seq} LIMIT ? OFFSET ?",
                [*params, *([] if last is None else [last]), size, offset if last is None else 0],
            )
            if not rows:
                return
            last = int(rows[-1]["seq_value"])
            for row in rows:
                yield article_from_row(row)
            if remaining is not None:
                remaining -= len(rows)
            if len(rows) < size:
                return

    def articles_passing(self, article_ids: Sequence[str], filters: ArticleFilter) -> set[str]:
        # the entity and the category probed by key for each article: as subqueries
        # (_filter_sql's, right for a listing) each would be read whole for a page of ids
        where, params = self._filter_sql(replace(filters, entity_id=None, category=None))
        if filters.entity_id is not None:
            where += (
                " AND EXISTS (SELECT 1 FROM entity_articles e "
                "WHERE e.entity_id = ? AND e.article_id = a.id)"
            )
            params.append(filters.entity_id)
        if filters.category is not None:
            where += (
                " AND EXISTS (SELECT 1 FROM article_categories c "
                "WHERE c.category = ? AND c.article_id = a.id)"
            )
            params.append(category_key(filters.category))
        found: set[str] = set()
        for page in id_pages(list(dict.fromkeys(article_ids))):
            rows = self._query_tuples(
                f"SELECT a.id FROM articles a WHERE a.id IN ({marks(page)}){where}",
                [*page, *params],
            )
            found.update(str(row[0]) for row in rows)
        return found

    def count_articles(self, filters: ArticleFilter | None = None) -> int:
        where, params = self._filter_sql(filters)
        rows = self._query(f"SELECT count(*) AS n FROM articles a WHERE 1 = 1{where}", params)
        return int(rows[0]["n"])

    def other_language_counts(self, language: str, min_confidence: float) -> dict[str, int]:
        # two ranges of the language index around ``language`` (an inequality is not one)
        found: dict[str, int] = {}
        for side in ("<", ">"):
            for row in self._query(
                "SELECT language, count(*) AS n FROM articles "
                f"WHERE lower(language) {side} ? AND lower(language) <> '' "
                "AND (language_confidence IS NULL OR language_confidence >= ?) "
                "GROUP BY language",
                (language.lower(), float(min_confidence)),
            ):
                code = str(row["language"])
                found[code] = found.get(code, 0) + int(row["n"])
        return found

    def update_article(self, article: Article) -> None:
        assignments = ", ".join(f"{column} = ?" for column in ARTICLE_COLUMNS[1:])
        values = article_params(article)
        with self._transaction() as db:
            db.execute(f"UPDATE articles SET {assignments} WHERE id = ?", (*values[1:], article.id))
            write_article_categories(db, [article], replace=True)
            # the article's date is part of its entities' summaries (latest articles, span)
            for statement, params in article_date_refresh(article.id, article.published):
                db.execute(statement, params)

    def iter_signatures(self) -> Iterator[tuple[str, bytes]]:
        last: int | None = None
        while True:
            after = "" if last is None else f" WHERE s.{self.seq} > ?"
            rows = self._query(
                f"SELECT s.{self.seq} AS seq_value, s.article_id, s.signature FROM signatures s"
                f"{after} ORDER BY s.{self.seq} LIMIT {_PAGE * 10}",
                [] if last is None else [last],
            )
            for row in rows:
                yield str(row["article_id"]), bytes(row["signature"])
            if len(rows) < _PAGE * 10:
                return
            last = int(rows[-1]["seq_value"])

    def get_signatures(self, article_ids: Sequence[str]) -> dict[str, bytes]:
        found: dict[str, bytes] = {}
        unique = list(dict.fromkeys(article_ids))
        for chunk in id_pages(unique):
            rows = self._query(
                "SELECT article_id, signature FROM signatures "
                f"WHERE article_id IN ({marks(chunk)})",
                chunk,
            )
            found.update((str(row["article_id"]), bytes(row["signature"])) for row in rows)
        return found

    def replace_signatures(self, items: Sequence[tuple[str, bytes | None]]) -> None:
        replaced = [(article_id, bytes(data)) for article_id, data in items if data is not None]
        deleted = [(article_id,) for article_id, data in items if data is None]
        if not replaced and not deleted:
            return
        with self._transaction() as db:
            # an upsert updates in place, so the row keeps its insertion-order column
            db.executemany(
                "INSERT INTO signatures (article_id, signature) VALUES (?, ?) "
                "ON CONFLICT (article_id) DO UPDATE SET signature = excluded.signature",
                replaced,
            )
            db.executemany("DELETE FROM signatures WHERE article_id = ?", deleted)

    def put_lsh_bands(self, items: Sequence[tuple[str, Sequence[bytes]]]) -> None:
        rows = [
            (band_no, bytes(digest), article_id)
            for article_id, bands in items
            for band_no, digest in enumerate(bands)
        ]
        if not rows:
            return
        with self._transaction() as db:
            db.executemany(
                "INSERT INTO lsh_bands (band_no, band_hash, article_id) VALUES (?, ?, ?)",
                rows,
            )

    def lsh_candidates(self, bands: Sequence[bytes], limit: int = 50) -> list[str]:
        if not bands or limit <= 0:
            return []
        # matching rows are grouped here, not in SQL: an unordered, capped scan of the band
        # index is about three times faster than GROUP BY ... ORDER BY in SQLite
        matches = " OR ".join("(band_no = ? AND band_hash = ?)" for _ in bands)
        params: list[Any] = [value for pair in enumerate(bands) for value in pair]
        rows = self._query(
            f"SELECT article_id, band_no, {self.seq} AS seq_value FROM lsh_bands "
            f"WHERE {matches} LIMIT ?",
            [*params, limit * len(bands)],
        )
        shared: dict[str, set[int]] = {}
        first: dict[str, int] = {}
        for row in rows:
            article_id = str(row["article_id"])
            shared.setdefault(article_id, set()).add(int(row["band_no"]))
            first[article_id] = min(
                first.get(article_id, int(row["seq_value"])), int(row["seq_value"])
            )
        best = sorted(shared, key=lambda article_id: (-len(shared[article_id]), first[article_id]))
        return sorted(best[:limit], key=first.__getitem__)

    def clear_lsh_bands(self) -> None:
        self._write("DELETE FROM lsh_bands")

    # -- per-article annotations ------------------------------------------------------
    def put_annotations(self, annotations: Sequence[Annotations]) -> None:
        with self._transaction() as db:
            for ann in annotations:
                self._replace_annotations(db, ann)
            self._resolve_links(db, [ann.article_id for ann in annotations])
            self._annotations_changed(db)

    def _replace_annotations(self, db: Session, ann: Annotations) -> None:
        article_id = ann.article_id
        # keep entity ids of mentions that survive re-annotation until the next re-link
        linked = {
            (row["span_start"], row["span_end"]): row["entity_id"]
            for row in db.fetchall(
                "SELECT span_start, span_end, entity_id FROM mentions "
                "WHERE article_id = ? AND entity_id IS NOT NULL",
                (article_id,),
            )
        }
        for table in ("mentions", "times", "quotes", "clause_tenses"):
            db.execute(f"DELETE FROM {table} WHERE article_id = ?", (article_id,))
        db.execute(
            "DELETE FROM event_participants WHERE event_id IN "
            "(SELECT id FROM events WHERE article_id = ?)",
            (article_id,),
        )
        db.execute("DELETE FROM events WHERE article_id = ?", (article_id,))
        db.executemany(
            "INSERT INTO mentions (article_id, span_start, span_end, text, label, entity_id, "
            "role, canonical) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
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
            "INSERT INTO times (article_id, span_start, span_end, text, type, value, anchor, "
            "basis) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            [
                (article_id, t.start, t.end, t.text, t.type, t.value, t.anchor, t.basis)
                for t in ann.times
            ],
        )
        db.executemany(
            "INSERT INTO clause_tenses (article_id, span_start, span_end, tense) "
            "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
            [(article_id, t.start, t.end, t.tense) for t in ann.tenses],
        )
        db.executemany(
            "INSERT INTO quotes (article_id, span_start, span_end, text, kind, cue, "
            "speaker_start, speaker_end, speaker_text, speaker_id) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            [quote_row(article_id, q, q.speaker_id) for q in ann.quotes],
        )
        db.executemany(
            "INSERT INTO events (id, article_id, trigger_start, trigger_end, trigger_text, "
            "category, modality, when_value, when_basis, sentence_start, sentence_end, "
            "sentence, actor_spans, target_spans, place_span) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            [event_row(article_id, e) for e in ann.events],
        )
        db.execute(
            "INSERT INTO annotated (article_id, annotated_at) VALUES (?, ?) "
            "ON CONFLICT (article_id) DO UPDATE SET annotated_at = excluded.annotated_at",
            # to the microsecond: entity linking tells a re-annotated article by this mark
            (article_id, dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")),
        )

    def get_annotations(self, article_id: str) -> Annotations:
        return Annotations(
            article_id=article_id,
            mentions=tuple(self.iter_mentions(article_id)),
            times=tuple(self.iter_times(article_id)),
            quotes=tuple(self.iter_quotes(article_id)),
            events=tuple(self.iter_events(article_id)),
            tenses=tuple(
                ClauseTense(int(row["span_start"]), int(row["span_end"]), str(row["tense"]))
                for row in self._query(
                    "SELECT span_start, span_end, tense FROM clause_tenses "
                    "WHERE article_id = ? ORDER BY span_start, span_end",
                    (article_id,),
                )
            ),
        )

    def unannotated_article_ids(self, limit: int | None = None) -> list[str]:
        bound = "" if limit is None else f" LIMIT {int(limit)}"
        rows = self._query(
            "SELECT a.id FROM articles a WHERE NOT EXISTS "
            "(SELECT 1 FROM annotated n WHERE n.article_id = a.id) "
            f"ORDER BY a.{self.seq}{bound}"
        )
        return [str(row["id"]) for row in rows]

    def iter_mentions(self, article_id: str | None = None) -> Iterator[Mention]:
        if article_id is not None:
            rows = self._query(
                "SELECT * FROM mentions WHERE article_id = ? ORDER BY span_start", (article_id,)
            )
            yield from map(mention_from_row, rows)
            return
        for batch in self._article_id_batches():
            rows = self._query(
                f"SELECT * FROM mentions WHERE article_id IN ({marks(batch)}) "
                "ORDER BY article_id, span_start",
                batch,
            )
            yield from map(mention_from_row, rows)

    def _article_id_batches(self) -> Iterator[list[str]]:
        """All article ids, a page at a time, so corpus-wide scans stay in bounded memory."""
        last: int | None = None
        while True:
            after = "" if last is None else f" WHERE {self.seq} > ?"
            rows = self._query(
                f"SELECT {self.seq} AS seq_value, id FROM articles{after} "
                f"ORDER BY {self.seq} LIMIT {_PAGE}",
                [] if last is None else [last],
            )
            if not rows:
                return
            yield sorted(str(row["id"]) for row in rows)
            last = int(rows[-1]["seq_value"])

    def iter_entity_mentions(self, entity_id: str) -> Iterator[Mention]:
        """Mentions linked to one entity (served by an index)."""
        rows = self._query(
            "SELECT * FROM mentions WHERE entity_id = ? ORDER BY article_id, span_start",
            (entity_id,),
        )
        yield from map(mention_from_row, rows)

    def iter_times(self, article_id: str | None = None) -> Iterator[TimeExpr]:
        where, params = ("", []) if article_id is None else (" WHERE article_id = ?", [article_id])
        for row in self._query(
            f"SELECT * FROM times{where} ORDER BY article_id, span_start", params
        ):
            yield time_from_row(row)

    def iter_quotes(
        self, article_id: str | None = None, speaker_id: str | None = None
    ) -> Iterator[Quote]:
        """By article and offset, read a page at a time (keyset): a listing that stops after
        its page reads that much, not every quote of the corpus."""
        clauses, params = [], []
        if article_id is not None:
            clauses.append("article_id = ?")
            params.append(article_id)
        if speaker_id is not None:
            clauses.append("speaker_id = ?")
            params.append(speaker_id)

        def page(where: str, values: list[Any]) -> list[Quote]:
            rows = self._query(
                f"SELECT * FROM quotes{where} "
                f"ORDER BY article_id, span_start, span_end LIMIT {_PAGE}",
                values,
            )
            return [quote_from_row(row) for row in rows]

        yield from keyset_pages(
            clauses,
            params,
            "article_id, span_start, span_end",
            page,
            lambda quote: (quote.article_id, quote.start, quote.end),
        )

    def iter_events(
        self,
        article_id: str | None = None,
        entity_id: str | None = None,
        category: str | None = None,
    ) -> Iterator[Event]:
        """By article and trigger, read a page at a time (keyset), as :meth:`iter_quotes`."""
        clauses, params = [], []
        if article_id is not None:
            clauses.append("e.article_id = ?")
            params.append(article_id)
        if entity_id is not None:
            clauses.append("e.id IN (SELECT event_id FROM event_participants WHERE entity_id = ?)")
            params.append(entity_id)
        if category is not None:
            clauses.append("e.category = ?")
            params.append(category.casefold())
        yield from keyset_pages(
            clauses,
            params,
            "e.article_id, e.trigger_start, e.id",
            lambda where, values: self._events(where, values, limit=_PAGE),
            lambda event: (event.article_id, event.trigger_start, event.id),
        )

    def _events(self, where: str, params: Sequence[Any], limit: int | None = None) -> list[Event]:
        """The events ``where`` selects (a clause over ``events e``) with their participants,
        by article, trigger and id (the first ``limit``)."""
        bound = "" if limit is None else f" LIMIT {int(limit)}"
        with self._read() as db:
            rows = db.fetchall(
                f"SELECT e.* FROM events e{where} "
                f"ORDER BY e.article_id, e.trigger_start, e.id{bound}",
                params,
            )
            participants: dict[str, dict[str, list[str]]] = {}
            for ids in id_pages([row["id"] for row in rows]):
                for part in db.fetchall(
                    "SELECT event_id, role, entity_id FROM event_participants "
                    f"WHERE event_id IN ({marks(ids)}) ORDER BY role, entity_id",
                    ids,
                ):
                    roles = participants.setdefault(part["event_id"], {})
                    roles.setdefault(part["role"], []).append(part["entity_id"])
        return [event_from_row(row, participants.get(row["id"], {})) for row in rows]

    def _resolve_links(self, db: Session, article_ids: Sequence[str] | None) -> None:
        """Fill quote speakers and event participants from the entity ids of the mentions
        their spans overlap (for ``article_ids``, or for all when None): a few set-based
        statements a page of articles, not five for each article (an entity link that
        moved the mentions of thousands of articles paid one round of five per article)."""
        if article_ids is None:
            self._resolve_links_in(db, None)
            return
        for page in id_pages(list(dict.fromkeys(article_ids))):
            self._resolve_links_in(db, page)

    def _resolve_links_in(self, db: Session, page: Sequence[str] | None) -> None:
        params: tuple[Any, ...] = tuple(page) if page is not None else ()
        within = f" IN ({marks(page)})" if page is not None else ""
        scope = f" AND e.article_id{within}" if page is not None else ""
        quoted = f" AND article_id{within}" if page is not None else ""
        db.execute(
            "UPDATE quotes SET speaker_id = (SELECT m.entity_id FROM mentions m "
            "WHERE m.article_id = quotes.article_id AND m.span_start < quotes.speaker_end "
            "AND m.span_end > quotes.speaker_start AND m.entity_id IS NOT NULL "
            "ORDER BY m.span_start LIMIT 1) "
            f"WHERE speaker_start IS NOT NULL{quoted}",
            params,
        )
        db.execute(
            "DELETE FROM event_participants WHERE event_id IN "
            f"(SELECT e.id FROM events e WHERE 1 = 1{scope})",
            params,
        )
        for role, column in (("actor", "actor_spans"), ("target", "target_spans")):
            item = "j.value"
            # Each span, then the article's mentions that start before its end: SQLite keeps
            # a CROSS JOIN's order, and otherwise walks every mention of the article for each
            # span and unpacks the spans again for each mention (four times the time).
            db.execute(
                "INSERT INTO event_participants (event_id, role, entity_id) "
                f"SELECT DISTINCT e.id, '{role}', m.entity_id FROM events e "
                f"CROSS JOIN {self._json_elements('e.' + column)} AS j "
                "CROSS JOIN mentions m WHERE m.article_id = e.article_id "
                f"AND m.span_start < {self._json_item(item, 1)} "
                f"AND m.span_end > {self._json_item(item, 0)} "
                f"AND m.entity_id IS NOT NULL{scope} ON CONFLICT DO NOTHING",
                params,
            )
        db.execute(
            "INSERT INTO event_participants (event_id, role, entity_id) "
            "SELECT DISTINCT e.id, 'place', m.entity_id FROM events e JOIN mentions m "
            "ON m.article_id = e.article_id "
            f"AND m.span_start < {self._json_item('e.place_span', 1)} "
            f"AND m.span_end > {self._json_item('e.place_span', 0)} "
            f"WHERE e.place_span IS NOT NULL AND m.entity_id IS NOT NULL{scope} "
            "ON CONFLICT DO NOTHING",
            params,
        )

    # -- corpus-level links ---------------------------------------------------------
    def replace_entities(
        self, entities: Sequence[Entity], links: Sequence[tuple[str, int, int, str]]
    ) -> None:
        with self._transaction() as db:
            db.execute("DELETE FROM entities")
            db.executemany(INSERT_ENTITY, [entity_row(e) for e in entities])
            replace_entity_part_keys(db, entities)
            db.execute("UPDATE mentions SET entity_id = NULL WHERE entity_id IS NOT NULL")
            db.executemany(
                "UPDATE mentions SET entity_id = ? "
                "WHERE article_id = ? AND span_start = ? AND span_end = ?",
                [
                    (entity_id, article_id, start, end)
                    for article_id, start, end, entity_id in in_key_order(links, width=3)
                ],
            )
            self._refresh_statistics(db, "mentions")
            self._resolve_links(db, None)
            self._refresh_summaries(db, None)

    def get_entity(self, entity_id: str, articles: bool = True) -> Entity | None:
        rows = self._query(f"SELECT {ENTITY_COLUMNS} FROM entities WHERE id = ?", (entity_id,))
        return self._entities(rows, articles=articles)[0] if rows else None

    def get_entities(self, entity_ids: Sequence[str], articles: bool = True) -> dict[str, Entity]:
        rows = self._in_pages(
            f"SELECT {ENTITY_COLUMNS} FROM entities WHERE id IN ({{ids}})", entity_ids
        )
        return {entity.id: entity for entity in self._entities(rows, articles)}

    def entity_names(self, entity_ids: Sequence[str]) -> dict[str, str]:
        rows = self._in_pages("SELECT id, name FROM entities WHERE id IN ({ids})", entity_ids)
        return {str(row["id"]): str(row["name"]) for row in rows}

    def iter_entities(self, label: str | None = None, articles: bool = True) -> Iterator[Entity]:
        where, params = ("", []) if label is None else (" WHERE label = ?", [label])
        rows = self._query(
            f"SELECT {ENTITY_COLUMNS} FROM entities{where} ORDER BY {ENTITY_ORDER}", params
        )
        for page in id_pages(rows):
            yield from self._entities(page, articles)

    def entities_maybe_named(self, part: str, label: str | None = None) -> list[Entity]:
        # an ASCII name or alias is matched by LIKE; one outside ASCII is kept, as the name
        # column shows it or as the aliases' JSON escapes it ("\u00e9")
        pattern = "%" + part.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        where, params = ("", []) if label is None else (" AND label = ?", [label])
        rows = self._query(
            f"SELECT {ENTITY_COLUMNS} FROM entities WHERE ({self._holds('name')} "
            f"OR {self._holds('aliases')} OR aliases LIKE ? ESCAPE '!'){where} "
            # "+": every row is tested, so read the table and sort what matches, rather than
            # walk the order's index and look each row up (0.79 -> 0.46 s at 581,086)
            f"ORDER BY +{ENTITY_ORDER}",
            [pattern, pattern, "%\\u%", *params],
        )
        return [entity_from_row(row) for row in rows]

    def entities_with_part_keys(self, keys: Collection[str]) -> list[Entity]:
        wanted = sorted(set(keys))
        if not wanted:
            return []
        rows = self._query(
            f"SELECT {ENTITY_COLUMNS} FROM entities WHERE id IN (SELECT entity_id FROM "
            f"entity_part_keys WHERE part_key IN ({marks(wanted)})) ORDER BY {ENTITY_ORDER}",
            wanted,
        )
        return [entity_from_row(row) for row in rows]

    def list_entities(
        self,
        label: str | None = None,
        limit: int | None = None,
        offset: int = 0,
        articles: bool = True,
    ) -> list[Entity]:
        where, params = ("", []) if label is None else (" WHERE label = ?", [label])
        page = "" if limit is None else f" LIMIT {int(limit)} OFFSET {int(offset)}"
        rows = self._query(
            f"SELECT {ENTITY_COLUMNS} FROM entities{where} ORDER BY {ENTITY_ORDER}{page}", params
        )
        if limit is None:
            rows = rows[offset:]
        return [entity for chunk in id_pages(rows) for entity in self._entities(chunk, articles)]

    def _entities(self, rows: Sequence[Row], articles: bool) -> list[Entity]:
        """The entities of ``rows``, each with its articles (in id order) when ``articles``;
        an entity's article ids are its largest part: left out when not wanted."""
        if not articles:
            return [entity_from_row(row) for row in rows]
        found: dict[str, list[str]] = {}
        for row in self._in_pages(
            "SELECT entity_id, article_id FROM entity_articles WHERE entity_id IN ({ids})",
            [str(row["id"]) for row in rows],
        ):
            found.setdefault(str(row["entity_id"]), []).append(str(row["article_id"]))
        # sorted here: the same order on every backend, whatever its collation
        return [entity_from_row(row, sorted(found.get(str(row["id"]), ()))) for row in rows]

    def entities_named_in_blocks(
        self, keys: Sequence[str], spelling: str = ""
    ) -> list[tuple[str, str, str]]:
        where, params = "", []
        if spelling:
            pattern = spelled_pattern(spelling)
            where = f" AND ({self._holds('m.text')} OR {self._holds('m.canonical')})"
            params = [pattern, pattern]
        found = self._in_pages(
            "SELECT DISTINCT m.entity_id, m.text, m.canonical FROM link_entity_blocks b "
            "JOIN mentions m ON m.article_id = b.article_id "
            "WHERE b.name_key IN ({ids}) AND m.entity_id IS NOT NULL" + where,
            keys,
            params,
        )
        return [(str(row["entity_id"]), str(row["text"]), str(row["canonical"])) for row in found]

    def entities_with_every_part_key(self, keys: Collection[str]) -> list[tuple[str, str]]:
        wanted = sorted(set(keys))
        if not wanted:
            return []
        rows = self._query(
            "SELECT id, name FROM entities WHERE id IN (SELECT entity_id FROM entity_part_keys "
            f"WHERE part_key IN ({marks(wanted)}) GROUP BY entity_id HAVING count(*) = ?)",
            [*wanted, len(wanted)],
        )
        return [(str(row["id"]), str(row["name"])) for row in rows]

    def replace_stories(self, stories: Sequence[Story]) -> None:
        with self._transaction() as db:
            db.execute("DELETE FROM story_articles")
            db.execute("DELETE FROM stories")
            insert_stories(db, stories)
            for statement, params in story_refresh():
                db.execute(statement, params)

    def _stories(self, rows: Sequence[Row]) -> list[Story]:
        members: dict[str, list[str]] = {}
        for ids in id_pages([row["id"] for row in rows]):
            for member in self._query(
                f"SELECT story_id, article_id FROM story_articles WHERE story_id IN ({marks(ids)}) "
                "ORDER BY story_id, position",
                ids,
            ):
                members.setdefault(member["story_id"], []).append(member["article_id"])
        return [
            Story(
                id=row["id"],
                title=row["title"],
                article_ids=tuple(members.get(row["id"], ())),
                first=row["first_date"],
                last=row["last_date"],
                thread_id=row["thread_id"],
            )
            for row in rows
        ]

    def iter_stories(self) -> Iterator[Story]:
        yield from self._stories(self._query("SELECT * FROM stories ORDER BY first_date, id"))

    def get_story(self, story_id: str) -> Story | None:
        stories = self._stories(self._query("SELECT * FROM stories WHERE id = ?", (story_id,)))
        return stories[0] if stories else None

    def story_ids_starting(self, prefix: str, limit: int = 2) -> list[str]:
        rows = self._query(
            "SELECT id FROM stories WHERE substr(id, 1, ?) = ? ORDER BY id LIMIT ?",
            (len(prefix), prefix, int(limit)),
        )
        return [str(row["id"]) for row in rows]

    def story_of_article(self, article_id: str) -> str | None:
        rows = self._query(
            "SELECT story_id FROM story_articles WHERE article_id = ?", (article_id,)
        )
        return str(rows[0]["story_id"]) if rows else None

    # -- summaries kept by linking ------------------------------------------------------
    def refresh_summaries(
        self, entity_ids: Sequence[str] | None = None, story_ids: Sequence[str] | None = None
    ) -> None:
        with self._transaction() as db:
            self._refresh_summaries(db, entity_ids, story_ids)

    def _refresh_summaries(
        self,
        db: Session,
        entity_ids: Sequence[str] | None,
        story_ids: Sequence[str] | None = None,
    ) -> set[str]:
        """Rebuild the summaries of ``entity_ids``, then of ``story_ids`` (all when None);
        the articles whose ``entity_articles`` rows a partial rebuild of entities changed."""
        changed: set[str] = set()
        for refresh, ids in ((entity_refresh, entity_ids), (story_refresh, story_ids)):
            unique = None if ids is None else list(dict.fromkeys(ids))
            pages: list[Sequence[str] | None] = [None] if unique is None else [*id_pages(unique)]
            for page in pages:
                # a partial rebuild keeps the co-occurrence counts by the articles it changes
                changes = [] if page is None or refresh is story_refresh else page
                articles = changed_articles(db, changes)
                changed.update(articles)
                with kept_cooccurrence(db, articles):
                    for statement, params in refresh(page):
                        db.execute(statement, params)
        return changed

    def entity_article_counts(self, entity_ids: Sequence[str]) -> dict[str, int]:
        rows = self._in_pages(
            "SELECT entity_id, article_count FROM entity_summaries WHERE entity_id IN ({ids})",
            entity_ids,
        )
        return {str(row["entity_id"]): int(row["article_count"]) for row in rows}

    def entity_summary(self, entity_id: str) -> EntitySummary | None:
        rows = self._query("SELECT * FROM entity_summaries WHERE entity_id = ?", (entity_id,))
        if not rows:
            return None
        row = rows[0]
        return EntitySummary(
            entity_id=str(row["entity_id"]),
            article_count=int(row["article_count"]),
            mention_count=int(row["mention_count"]),
            quote_count=int(row["quote_count"]),
            event_count=int(row["event_count"]),
            first_published=row["first_published"],
            last_published=row["last_published"],
        )

    def entity_article_ids(
        self, entity_id: str, limit: int = 50, offset: int = 0, before: str | None = None
    ) -> list[str]:
        after, params = "", [entity_id]
        if before is not None:
            cursor = self._query(
                "SELECT published FROM entity_articles WHERE entity_id = ? AND article_id = ?",
                (entity_id, before),
            )
            if not cursor:
                raise KeyError(f"article {before!r} does not name entity {entity_id!r}")
            after = " AND (published < ? OR (published = ? AND article_id < ?))"
            published = cursor[0]["published"]
            params += [published, published, before]
        rows = self._query(
            f"SELECT article_id FROM entity_articles WHERE entity_id = ?{after} "
            "ORDER BY published DESC, article_id DESC LIMIT ? OFFSET ?",
            (*params, int(limit), int(offset)),
        )
        return [str(row["article_id"]) for row in rows]

    def co_occurring(self, entity_id: str, limit: int = 15) -> list[tuple[str, int]]:
        rows = self._query(
            "SELECT other_id, shared FROM entity_cooccurrence WHERE entity_id = ? "
            "ORDER BY shared DESC, other_id LIMIT ?",
            (entity_id, int(limit)),
        )
        return [(str(row["other_id"]), int(row["shared"])) for row in rows]

    def story_entities(self, story_id: str, limit: int = 20) -> list[tuple[str, int]]:
        rows = self._query(
            "SELECT entity_id, articles FROM story_entities WHERE story_id = ? "
            "ORDER BY articles DESC, entity_id LIMIT ?",
            (story_id, int(limit)),
        )
        return [(str(row["entity_id"]), int(row["articles"])) for row in rows]

    def _in_pages(
        self, sql: str, article_ids: Sequence[str], params: Sequence[Any] = ()
    ) -> list[Row]:
        """Rows of ``sql`` (whose ``{ids}`` is filled with placeholders) for every page of
        ``article_ids``; ``params`` follow the ids."""
        unique = list(dict.fromkeys(article_ids))
        rows: list[Row] = []
        for page in id_pages(unique):
            rows.extend(self._query(sql.format(ids=marks(page)), [*page, *params]))
        return rows

    def get_articles(self, article_ids: Sequence[str], text: bool = True) -> list[Article]:
        columns = _SELECT_ARTICLE if text else _SELECT_ARTICLE_HEAD
        rows = self._in_pages(
            f"SELECT {columns} FROM articles a WHERE a.id IN ({{ids}})", article_ids
        )
        found = {str(row["id"]): article_from_row(row) for row in rows}
        return [found[i] for i in dict.fromkeys(article_ids) if i in found]

    def events_in(self, article_ids: Sequence[str], entity_id: str | None = None) -> list[Event]:
        events: list[Event] = []
        unique = list(dict.fromkeys(article_ids))
        for page in id_pages(unique):
            where = f" WHERE e.article_id IN ({marks(page)})"
            params: list[Any] = list(page)
            if entity_id is not None:
                where += (
                    " AND EXISTS (SELECT 1 FROM event_participants p "
                    "WHERE p.event_id = e.id AND p.entity_id = ?)"
                )
                params.append(entity_id)
            events.extend(self._events(where, params))
        return events

    def quotes_in(self, article_ids: Sequence[str], speaker_id: str | None = None) -> list[Quote]:
        # the speaker is checked here, not in SQL: given both, a planner may pick the speaker
        # index and walk every quote of a much-quoted entity instead of a few articles' quotes
        rows = self._in_pages(
            "SELECT * FROM quotes WHERE article_id IN ({ids}) ORDER BY article_id, span_start",
            article_ids,
        )
        return [
            quote_from_row(row)
            for row in rows
            if speaker_id is None or row["speaker_id"] == speaker_id
        ]

    def times_in(self, article_ids: Sequence[str]) -> list[TimeExpr]:
        rows = self._in_pages(
            "SELECT * FROM times WHERE article_id IN ({ids}) ORDER BY article_id, span_start",
            article_ids,
        )
        return [time_from_row(row) for row in rows]

    def put_vectors(self, kind: str, items: Sequence[tuple[str, bytes]]) -> None:
        with self._transaction() as db:
            db.executemany(
                "INSERT INTO vectors (kind, item_id, vector) VALUES (?, ?, ?) "
                "ON CONFLICT (kind, item_id) DO UPDATE SET vector = excluded.vector",
                [(kind, item_id, vector) for item_id, vector in items],
            )

    def iter_vectors(self, kind: str) -> Iterator[tuple[str, bytes]]:
        rows = self._query(
            f"SELECT item_id, vector FROM vectors WHERE kind = ? ORDER BY {self.seq}", (kind,)
        )
        for row in rows:
            yield str(row["item_id"]), bytes(row["vector"])

    # -- corrections and metadata ---------------------------------------------------------
    def add_correction(self, kind: str, payload: dict[str, Any]) -> Correction:
        created = now_iso()
        with self._transaction() as db:
            db.execute(
                "INSERT INTO corrections (kind, payload, created) VALUES (?, ?, ?)",
                (kind, json.dumps(payload), created),
            )
            row = db.fetchall("SELECT max(id) AS id FROM corrections")[0]
        return Correction(id=int(row["id"]), kind=kind, payload=payload, created=created)

    def list_corrections(self) -> list[Correction]:
        return [
            Correction(
                id=int(row["id"]),
                kind=row["kind"],
                payload=json.loads(row["payload"]),
                created=row["created"],
            )
            for row in self._query("SELECT * FROM corrections ORDER BY id")
        ]

    def get_meta(self, key: str) -> str | None:
        rows = self._query("SELECT value FROM meta WHERE key = ?", (key,))
        return str(rows[0]["value"]) if rows else None

    def set_meta(self, key: str, value: str) -> None:
        self._write(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    # -- watched sources: kept in the meta table under one prefix -------------------------
    def get_watch_states(self) -> dict[str, str]:
        rows = self._query(
            "SELECT key, value FROM meta WHERE key LIKE ? ORDER BY key", (WATCH_META_PREFIX + "%",)
        )
        return {str(row["key"])[len(WATCH_META_PREFIX) :]: str(row["value"]) for row in rows}

    def put_watch_state(self, source: str, state: str) -> None:
        self.set_meta(WATCH_META_PREFIX + source, state)

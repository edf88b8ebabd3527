"""Story linking's stored state, threads, reports and logs, over any SQL dialect.

:class:`LinkStateMethods` is mixed into :class:`dateline.store.sql.SQLStore`. It keeps what
:mod:`dateline.link.stories` needs to link a new batch against the stored stories (document
frequencies, blocking keys, member days, entity names per story) and what the queries read
back (thread links, independent reports, the passes' logs), each in a table of its own
(:data:`dateline.store.schema_tables.LINK_STATE_TABLES`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

from dateline.day_ranges import coarsened, meets
from dateline.records import Story
from dateline.store.interface import StoryFilter, StoryPostings
from dateline.store.paging import id_pages, marks
from dateline.store.story_sizes import STORY_ORDER, story_filter_sql
from dateline.store.summaries import story_refresh

_LINK_STATE_TABLES = (
    "link_story_df",
    "link_story_keys",
    "link_story_days",
    "link_story_names",
    "thread_links",
    "story_reports",
    "story_log",
    "story_thread_profiles",
    "story_thread_stale_entities",
)


def insert_stories(db: Any, stories: Sequence[Story]) -> None:
    """Write the rows of ``stories`` and their members (a member moves to its new story)."""
    db.executemany(
        "INSERT INTO stories (id, title, first_date, last_date, thread_id) VALUES (?, ?, ?, ?, ?)",
        [(s.id, s.title, s.first, s.last, s.thread_id) for s in stories],
    )
    db.executemany(
        "INSERT INTO story_articles (article_id, story_id, position) VALUES (?, ?, ?) "
        "ON CONFLICT (article_id) DO UPDATE SET story_id = excluded.story_id, "
        "position = excluded.position",
        [(a, s.id, i) for s in stories for i, a in enumerate(s.article_ids)],
    )


def _refresh_story_summaries(db: Any, story_ids: Sequence[str]) -> None:
    """Rebuild the named entities of ``story_ids`` (see :mod:`dateline.store.summaries`)."""
    for chunk in id_pages(list(dict.fromkeys(story_ids))):
        for statement, params in story_refresh(chunk):
            db.execute(statement, params)


def short_postings(table: str, column: str, count: int, fields: str) -> str:
    """A statement reading ``fields`` (of ``t``, the rows of ``table``) for each of ``count``
    values of ``column`` given as parameters, leaving out a value with more rows than the
    last parameter; the one before it is that limit plus one. Each value's rows are
    counted only up to that: a popular key's whole posting (a million rows at 1,000,000
    articles) is never counted, as a ``GROUP BY … HAVING`` would."""
    return (
        f"{_wanted(count)} SELECT {fields} FROM wanted w JOIN {table} t ON t.{column} = w.posted "
        f"WHERE {_capped_count(table, column)} <= ?"
    )


def capped_counts(table: str, column: str, count: int) -> str:
    """A statement reading, for each of ``count`` values of ``column`` given as parameters,
    the value (``posted``) and how many rows of ``table`` hold it (``n``), counted only up
    to the last parameter, as :func:`short_postings` counts them."""
    return f"{_wanted(count)} SELECT w.posted, {_capped_count(table, column)} AS n FROM wanted w"


def _wanted(count: int) -> str:
    return f"WITH wanted(posted) AS (VALUES {', '.join(['(?)'] * count)})"


def _capped_count(table: str, column: str) -> str:
    return (
        f"(SELECT count(*) FROM (SELECT 1 FROM {table} s WHERE s.{column} = w.posted LIMIT ?) AS c)"
    )


#: at most this many day ranges are tested in SQL for a posting (the nearest joined), the
#: exact test after
SPAN_TESTS = 8


class LinkStateMethods:
    """Store methods for story linking's state (see the module docstring)."""

    if TYPE_CHECKING:  # provided by SQLStore
        seq: str

        def _transaction(self) -> AbstractContextManager[Any]: ...

        def _query(self, sql: str, params: Sequence[Any] = ()) -> list[Mapping[str, Any]]: ...

        def _stories(self, rows: Sequence[Mapping[str, Any]]) -> list[Story]: ...

        @staticmethod
        def _json_texts(expression: str) -> str: ...

    def get_vectors(self, kind: str, item_ids: Sequence[str]) -> dict[str, bytes]:
        """The stored vectors of ``item_ids`` (those that have one)."""
        found: dict[str, bytes] = {}
        for chunk in id_pages(list(item_ids)):
            for row in self._query(
                f"SELECT item_id, vector FROM vectors WHERE kind = ? "
                f"AND item_id IN ({marks(chunk)})",
                [kind, *chunk],
            ):
                found[str(row["item_id"])] = bytes(row["vector"])
        return found

    # -- the whole state ------------------------------------------------------------------
    def clear_story_links(self) -> None:
        """Forget every story, its state, threads, reports and logs (before a full re-link)."""
        with self._transaction() as db:
            for table in (*_LINK_STATE_TABLES, "story_entities", "story_articles", "stories"):
                db.execute(f"DELETE FROM {table}")

    # -- membership -----------------------------------------------------------------------
    def unlinked_article_ids(self) -> list[str]:
        """Stored articles that belong to no story (new since the last link, or taken out of
        their story), by id: read from ``link_unplaced``, which triggers keep, so the cost
        follows what waits rather than the corpus."""
        rows = self._query("SELECT article_id FROM link_unplaced ORDER BY article_id")
        return [str(row["article_id"]) for row in rows]

    def stories_of_articles(self, article_ids: Sequence[str]) -> dict[str, str]:
        """Article id -> its story id, for those of ``article_ids`` in a story."""
        found: dict[str, str] = {}
        for chunk in id_pages(article_ids):
            for row in self._query(
                f"SELECT article_id, story_id FROM story_articles "
                f"WHERE article_id IN ({marks(chunk)})",
                chunk,
            ):
                found[str(row["article_id"])] = str(row["story_id"])
        return found

    def get_stories(self, story_ids: Sequence[str]) -> list[Story]:
        """The stored stories among ``story_ids`` (unknown ids are left out)."""
        stories: list[Story] = []
        for chunk in id_pages(list(dict.fromkeys(story_ids))):
            rows = self._query(f"SELECT * FROM stories WHERE id IN ({marks(chunk)})", chunk)
            stories += self._stories(rows)
        return stories

    def count_stories(self, filters: StoryFilter | None = None) -> int:
        where, params = story_filter_sql(filters)
        rows = self._query(f"SELECT count(*) AS n FROM stories WHERE 1 = 1{where}", params)
        return int(rows[0]["n"])

    def list_stories(
        self, filters: StoryFilter | None = None, limit: int | None = None, offset: int = 0
    ) -> list[Story]:
        where, params = story_filter_sql(filters)
        page = "" if limit is None else " LIMIT ? OFFSET ?"
        rows = self._query(
            f"SELECT * FROM stories WHERE 1 = 1{where} ORDER BY {STORY_ORDER}{page}",
            [*params, *(() if limit is None else (int(limit), int(offset)))],
        )
        stories = self._stories(rows)
        return stories if limit is not None else stories[offset:]

    def count_threads(self) -> int:
        rows = self._query("SELECT count(DISTINCT thread_id) AS n FROM stories")
        return int(rows[0]["n"])

    def count_entities(self, label: str | None = None) -> int:
        where, params = ("", []) if label is None else (" WHERE label = ?", [label])
        return int(self._query(f"SELECT count(*) AS n FROM entities{where}", params)[0]["n"])

    def link_watermark(self) -> str:
        """What linking reads, in one line: it changes whenever an article is added (the
        newest article), (re-)annotated, taken out of its story (the articles waiting), or a
        correction is made, so equal marks mean nothing to link. Each part is read by an
        index, not counted over the corpus."""
        row = self._query(
            f"SELECT (SELECT max({self.seq}) FROM articles) AS newest, "
            "(SELECT count(*) FROM link_unplaced) AS waiting, "
            "(SELECT value FROM meta WHERE key = 'annotations.generation') AS generation, "
            "(SELECT max(id) FROM corrections) AS correction"
        )[0]
        return f"{row['newest']}|{row['waiting']}|{row['generation']}|{row['correction']}"

    @staticmethod
    def _annotations_changed(db: Any) -> None:
        """Count a write of annotations (in its transaction), for :meth:`link_watermark`."""
        db.execute(
            "INSERT INTO meta (key, value) VALUES ('annotations.generation', '1') "
            "ON CONFLICT (key) DO UPDATE SET value = "
            "CAST(CAST(meta.value AS INTEGER) + 1 AS TEXT)"
        )

    def update_stories(self, stories: Sequence[Story], removed: Sequence[str] = ()) -> None:
        """Write ``stories`` (their rows and members) and delete the stories ``removed``,
        with their state, reports and thread links; other stories stay as they are."""
        gone = [*removed, *(story.id for story in stories)]
        with self._transaction() as db:
            for chunk in id_pages(gone):
                for table, column in (("story_articles", "story_id"), ("stories", "id")):
                    db.execute(f"DELETE FROM {table} WHERE {column} IN ({marks(chunk)})", chunk)
            for chunk in id_pages(list(removed)):
                for table in (
                    "link_story_keys",
                    "link_story_days",
                    "link_story_names",
                    "story_thread_stale_entities",
                ):
                    db.execute(f"DELETE FROM {table} WHERE story_id IN ({marks(chunk)})", chunk)
                db.execute(f"DELETE FROM story_reports WHERE story_id IN ({marks(chunk)})", chunk)
            insert_stories(db, stories)
            _refresh_story_summaries(db, gone)

    def remove_story_members(self, article_ids: Sequence[str]) -> list[str]:
        """Take ``article_ids`` out of their stories (to link them again); a story left
        without articles is deleted. Returns the stories they were in."""
        stories = sorted(set(self.stories_of_articles(article_ids).values()))
        with self._transaction() as db:
            for chunk in id_pages(list(article_ids)):
                db.execute(
                    f"DELETE FROM story_articles WHERE article_id IN ({marks(chunk)})", chunk
                )
            _refresh_story_summaries(db, stories)
        empty = [
            story_id
            for story_id in stories
            if not self._query(
                "SELECT 1 AS one FROM story_articles WHERE story_id = ? LIMIT 1", (story_id,)
            )
        ]
        if empty:
            self.update_stories([], removed=empty)
        return stories

    def set_thread_ids(self, thread_of: Mapping[str, str | None]) -> None:
        """Set the thread of each story in ``thread_of`` (None: in no thread)."""
        with self._transaction() as db:
            db.executemany(
                "UPDATE stories SET thread_id = ? WHERE id = ?",
                [(thread, story_id) for story_id, thread in thread_of.items()],
            )

    # -- the clusterer's document frequencies ----------------------------------------------
    def story_link_df(self, kind: str, features: Sequence[str]) -> dict[str, int]:
        """Feature -> the number of linked articles with it, for ``features`` of ``kind``."""
        found: dict[str, int] = {}
        for chunk in id_pages(list(dict.fromkeys(features))):
            for row in self._query(
                f"SELECT feature, df FROM link_story_df WHERE kind = ? "
                f"AND feature IN ({marks(chunk)})",
                [kind, *chunk],
            ):
                found[str(row["feature"])] = int(row["df"])
        return found

    def add_story_link_df(self, kind: str, counts: Mapping[str, int]) -> None:
        """Add ``counts`` (negative to take articles away) to the stored frequencies."""
        with self._transaction() as db:
            db.executemany(
                "INSERT INTO link_story_df (kind, feature, df) VALUES (?, ?, ?) "
                "ON CONFLICT (kind, feature) DO UPDATE SET df = link_story_df.df + excluded.df",
                [(kind, feature, count) for feature, count in counts.items() if count],
            )
            # only a feature taken away from can fall to none: those rows, by their key
            db.executemany(
                "DELETE FROM link_story_df WHERE kind = ? AND feature = ? AND df <= 0",
                [(kind, feature) for feature, count in counts.items() if count < 0],
            )

    # -- blocking: keys, days and entity names per story ------------------------------------
    def replace_story_link_index(
        self,
        keys: Mapping[str, Iterable[str]],
        days: Mapping[str, Iterable[int]],
        names: Mapping[str, Mapping[str, int]],
    ) -> None:
        """Replace the blocking keys, member days and entity names of the stories given."""
        story_ids = list(dict.fromkeys([*keys, *days, *names]))
        with self._transaction() as db:
            for chunk in id_pages(story_ids):
                for table in ("link_story_keys", "link_story_days", "link_story_names"):
                    db.execute(f"DELETE FROM {table} WHERE story_id IN ({marks(chunk)})", chunk)
            # each key row carries its story's span of days, so that a posting is read only
            # for the stories a batch's days reach (see :meth:`story_postings`)
            spans = {
                story_id: (min(found), max(found)) for story_id, found in days.items() if found
            }
            db.executemany(
                "INSERT INTO link_story_keys (feature, story_id, first_day, last_day) "
                "VALUES (?, ?, ?, ?)",
                [
                    (key, story_id, *spans.get(story_id, (None, None)))
                    for story_id, found in keys.items()
                    for key in set(found)
                ],
            )
            db.executemany(
                "INSERT INTO link_story_days (story_id, day) VALUES (?, ?)",
                [(story_id, day) for story_id, found in days.items() for day in set(found)],
            )
            db.executemany(
                "INSERT INTO link_story_names (story_id, name, articles) VALUES (?, ?, ?)",
                [
                    (story_id, name, count)
                    for story_id, counted in names.items()
                    for name, count in counted.items()
                ],
            )

    def story_postings(
        self,
        features: Sequence[str],
        max_posting: int,
        meeting: Sequence[tuple[int, int]] | None = None,
    ) -> StoryPostings:
        """The postings of ``features`` posted by at most ``max_posting`` stories (longer
        postings are ignored, as in the clusterer's index), with the day spans of the dated
        stories found. With ``meeting`` (sorted, disjoint day ranges), only the stories
        whose span meets one of them, and the undated ones: a key's posting spans the whole
        archive, and each row carries its story's span, so the others are never read."""
        tests, bounds = "", []
        if meeting is not None:
            coarse = coarsened(meeting, SPAN_TESTS)
            tests = (
                " AND (t.first_day IS NULL"
                + " OR (t.first_day <= ? AND t.last_day >= ?)" * len(coarse)
                + ")"
            )
            bounds = [day for first, last in coarse for day in (last, first)]
        postings: dict[str, set[str]] = {}
        spans: dict[str, tuple[int, int]] = {}
        for chunk in id_pages(list(dict.fromkeys(features))):
            rows = self._query(
                short_postings(
                    "link_story_keys",
                    "feature",
                    len(chunk),
                    "t.feature, t.story_id, t.first_day, t.last_day",
                )
                + tests,
                [*chunk, max_posting + 1, max_posting, *bounds],
            )
            for row in rows:
                story_id = str(row["story_id"])
                if row["first_day"] is not None:
                    span = (int(row["first_day"]), int(row["last_day"]))
                    if meeting is not None and not meets(span, meeting):
                        continue  # in a coarse range only
                    spans[story_id] = span
                postings.setdefault(str(row["feature"]), set()).add(story_id)
        return postings, spans

    def stories_on_days(self, first: int, last: int) -> set[str]:
        """Stories with an article on a day (ordinal) from ``first`` to ``last``."""
        rows = self._query(
            "SELECT DISTINCT story_id FROM link_story_days WHERE day >= ? AND day <= ?",
            (first, last),
        )
        return {str(row["story_id"]) for row in rows}

    def story_day_spans(self, story_ids: Sequence[str]) -> dict[str, tuple[int, int]]:
        """Story id -> its first and last article day (ordinals), for the dated stories."""
        found: dict[str, tuple[int, int]] = {}
        for chunk in id_pages(list(story_ids)):
            for row in self._query(
                f"SELECT story_id, min(day) AS first, max(day) AS last FROM link_story_days "
                f"WHERE story_id IN ({marks(chunk)}) GROUP BY story_id",
                chunk,
            ):
                found[str(row["story_id"])] = (int(row["first"]), int(row["last"]))
        return found

    def story_name_postings(self, names: Sequence[str], max_stories: int) -> dict[str, set[str]]:
        """Each of ``names`` -> the stories whose articles name it, leaving out the names more
        than ``max_stories`` stories use (as thread linking does)."""
        found: dict[str, set[str]] = {}
        for chunk in id_pages(list(dict.fromkeys(names))):
            rows = self._query(
                short_postings("link_story_names", "name", len(chunk), "t.name, t.story_id"),
                [*chunk, max_stories + 1, max_stories],
            )
            for row in rows:
                found.setdefault(str(row["name"]), set()).add(str(row["story_id"]))
        return found

    def story_name_counts(self, names: Sequence[str], max_stories: int) -> dict[str, int]:
        """Each of ``names`` that some story uses -> how many stories use it, counted up to
        ``max_stories + 1`` (a popular name's posting is never read whole)."""
        found: dict[str, int] = {}
        for chunk in id_pages(list(dict.fromkeys(names))):
            rows = self._query(
                capped_counts("link_story_names", "name", len(chunk)), [*chunk, max_stories + 1]
            )
            found.update((str(row["posted"]), int(row["n"])) for row in rows if row["n"])
        return found

    def stories_naming_among(
        self, names: Sequence[str], story_ids: Sequence[str]
    ) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        if not names:
            return found
        # the names go as one JSON parameter (there may be more than a statement's
        # placeholders) and filter the rows each story's key finds: ``name || ''`` keeps
        # SQLite from looking up every (story, name) pair in the primary key instead
        wanted = json.dumps(sorted(set(names)))
        for chunk in id_pages(list(story_ids)):
            for row in self._query(
                f"SELECT story_id, name FROM link_story_names WHERE story_id IN ({marks(chunk)})"
                f" AND (name || '') IN ({self._json_texts('?')})",
                [*chunk, wanted],
            ):
                found.setdefault(str(row["name"]), []).append(str(row["story_id"]))
        return found

    def stories_in_threads(self, thread_ids: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for chunk in id_pages(list(thread_ids)):
            rows = self._query(f"SELECT id FROM stories WHERE thread_id IN ({marks(chunk)})", chunk)
            found.update(str(row["id"]) for row in rows)
        return found

    # -- threads, reports and logs, as the queries read them --------------------------------
    def replace_thread_links(
        self,
        story_ids: Sequence[str] | None,
        links: Sequence[Mapping[str, Any]],
        removed: Sequence[str] = (),
        among: Iterable[str] = (),
    ) -> None:
        """Replace the thread links between two of ``story_ids`` (all links when None), or
        between one of them and one of ``among``, with ``links`` (records with ``earlier``
        and ``later`` story ids); the links of the stories ``removed`` go too."""
        with self._transaction() as db:
            if story_ids is None:
                db.execute("DELETE FROM thread_links")
            else:
                wanted = set(story_ids).union(among)
                db.executemany(
                    "DELETE FROM thread_links WHERE earlier = ? AND later = ?",
                    [
                        (link["earlier"], link["later"])
                        for story_id in story_ids
                        for link in self._links_of(db, story_id)
                        if link["earlier"] in wanted and link["later"] in wanted
                    ],
                )
            for chunk in id_pages(list(removed)):
                ids = marks(chunk)
                db.execute(
                    f"DELETE FROM thread_links WHERE earlier IN ({ids}) OR later IN ({ids})",
                    [*chunk, *chunk],
                )
            db.executemany(
                "INSERT INTO thread_links (earlier, later, record) VALUES (?, ?, ?) "
                "ON CONFLICT (earlier, later) DO UPDATE SET record = excluded.record",
                [(link["earlier"], link["later"], json.dumps(link)) for link in links],
            )

    @staticmethod
    def _links_of(db: Any, story_id: str) -> list[Mapping[str, Any]]:
        return list(
            db.fetchall(
                "SELECT earlier, later FROM thread_links WHERE earlier = ? OR later = ?",
                (story_id, story_id),
            )
        )

    def thread_link_pairs(self, story_ids: Sequence[str]) -> list[tuple[str, str]]:
        """The (earlier, later) story ids of the stored thread links whose earlier story is
        one of ``story_ids``."""
        found: list[tuple[str, str]] = []
        for chunk in id_pages(sorted(set(story_ids))):
            rows = self._query(
                f"SELECT earlier, later FROM thread_links WHERE earlier IN ({marks(chunk)})",
                chunk,
            )
            found += [(str(row["earlier"]), str(row["later"])) for row in rows]
        return found

    def thread_links(self, story_id: str | None = None) -> list[dict[str, Any]]:
        """The stored thread links (records), of one story when ``story_id`` is given."""
        if story_id is None:
            rows = self._query("SELECT record FROM thread_links ORDER BY earlier, later")
        else:
            rows = self._query(
                "SELECT record FROM thread_links WHERE earlier = ? OR later = ? "
                "ORDER BY earlier, later",
                (story_id, story_id),
            )
        return [json.loads(row["record"]) for row in rows]

    def put_story_reports(self, reports: Mapping[str, Sequence[Mapping[str, Any]]]) -> None:
        """Set each story's independent reports (records)."""
        with self._transaction() as db:
            db.executemany(
                "INSERT INTO story_reports (story_id, reports) VALUES (?, ?) "
                "ON CONFLICT (story_id) DO UPDATE SET reports = excluded.reports",
                [(story_id, json.dumps(list(found))) for story_id, found in reports.items()],
            )

    def story_reports(self, story_ids: Sequence[str] | None = None) -> dict[str, list[Any]]:
        """Story id -> its independent reports, for ``story_ids`` (every story when None)."""
        if story_ids is None:
            rows = self._query("SELECT story_id, reports FROM story_reports")
        else:
            rows = []
            for chunk in id_pages(list(story_ids)):
                rows += self._query(
                    f"SELECT story_id, reports FROM story_reports "
                    f"WHERE story_id IN ({marks(chunk)})",
                    chunk,
                )
        return {str(row["story_id"]): json.loads(row["reports"]) for row in rows}

    def append_story_log(
        self, kind: str, records: Sequence[Mapping[str, Any]], keep: int, story_key: str
    ) -> None:
        """Append ``records`` to the log ``kind`` (``split``, ``merge``, ``move``), keeping
        the newest ``keep``; ``story_key`` names the record field with the story changed."""
        if not records:
            return
        with self._transaction() as db:
            rows = db.fetchall(
                "SELECT coalesce(max(position), 0) AS last FROM story_log WHERE kind = ?", (kind,)
            )
            last = int(rows[0]["last"])
            db.executemany(
                "INSERT INTO story_log (kind, position, story_id, record) VALUES (?, ?, ?, ?)",
                [
                    (kind, last + offset, str(record[story_key]), json.dumps(record))
                    for offset, record in enumerate(records, start=1)
                ],
            )
            db.execute(
                "DELETE FROM story_log WHERE kind = ? AND position <= ?",
                (kind, last + len(records) - keep),
            )

    def story_log(self, kind: str) -> list[dict[str, Any]]:
        """The log ``kind``, oldest first."""
        rows = self._query("SELECT record FROM story_log WHERE kind = ? ORDER BY position", (kind,))
        return [json.loads(row["record"]) for row in rows]

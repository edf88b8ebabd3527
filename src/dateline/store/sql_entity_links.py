"""Entity linking's stored state, over any SQL dialect (see :mod:`dateline.link.entity_state`).

:class:`EntityLinkStateMethods` is mixed into :class:`dateline.store.sql.SQLStore`. Entity
linking blocks local entities by name key; these tables keep, per block, what a new batch
needs to re-cluster only the blocks it touches: the articles each key occurs in, the
automatic cluster each key belongs to, each key's blocking tokens (the names the clustering
passes compare it with), and each linked article's annotation time and mention digest (so a
re-annotated article whose mentions did not change costs nothing).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from dateline.records import Mention
from dateline.store.cooccurrence import kept_cooccurrence
from dateline.store.entity_counts import (
    held_before,
    merged_rows,
    summary_parts,
    write_kept_counts,
    write_kept_summaries,
)
from dateline.store.entity_merge import move_entity_rows
from dateline.store.entity_part_keys import refresh_entity_part_keys
from dateline.store.interface import EntityLinkState, EntityLinkUpdate, MentionRow
from dateline.store.paging import id_pages, marks
from dateline.store.row_order import in_key_order
from dateline.store.rows import INSERT_ENTITY, MENTION_FIELDS, entity_row
from dateline.store.summaries import entity_refresh, entity_refresh_in

#: set in the meta table once the state matches the stored entities (a full link writes it)
STATE_READY_KEY = "entity_link.state"
#: the value it is set to; a state written with other blocking tokens (value "1": several
#: words' names by their first or last word alone; "2": a run of words by one part of its
#: first or last word, a variant block without its shape; "3": doubled digits folded, so
#: "Apollo 11" and "Apollo 1" shared a key; "4": a shared surname alone keyed across the
#: corpus, not within its article; "5": variant shapes without "ae"/"ai" and "el"/"al" folded)
#: is rebuilt by the next link, in full
STATE_READY = "6"

ENTITY_LINK_TABLES = """
        CREATE TABLE link_entity_articles (
            article_id TEXT PRIMARY KEY, annotated_at TEXT NOT NULL, digest TEXT NOT NULL
        );
        CREATE TABLE link_entity_blocks (
            name_key TEXT NOT NULL, article_id TEXT NOT NULL, PRIMARY KEY (name_key, article_id)
        );
        CREATE INDEX link_entity_blocks_article ON link_entity_blocks(article_id);
        CREATE TABLE link_entity_keys (name_key TEXT PRIMARY KEY, cluster TEXT NOT NULL);
        CREATE INDEX link_entity_keys_cluster ON link_entity_keys(cluster);
        CREATE TABLE link_entity_tokens (
            token TEXT NOT NULL, name_key TEXT NOT NULL, PRIMARY KEY (token, name_key)
        );
        CREATE INDEX link_entity_tokens_key ON link_entity_tokens(name_key);
"""

#: Every annotated article whose annotation changed since entity linking last saw it (schema
#: 13): triggers on ``annotated`` fill it, so no writer has to remember to, and an entity link
#: clears the marks of the articles it saw as they are. ``changed_entity_articles`` reads
#: these rows instead of joining every annotated article with the state. On the upgrade it
#: holds what that join found then; the state already covers every other article, so no
#: article is linked again.
ENTITY_CHANGES_TABLE = """
        CREATE TABLE link_entity_changes (article_id TEXT PRIMARY KEY);
"""

#: the articles the last entity link did not see as they are (the join the marks replace)
_UNSEEN = (
    "SELECT n.article_id FROM annotated n "
    "LEFT JOIN link_entity_articles l ON l.article_id = n.article_id "
    "WHERE l.article_id IS NULL OR l.annotated_at <> n.annotated_at"
)
ENTITY_CHANGES_SEED = f"        INSERT INTO link_entity_changes (article_id) {_UNSEEN};\n"

_ENTITY_MARK = (
    "INSERT INTO link_entity_changes (article_id) VALUES (NEW.article_id) "
    "ON CONFLICT (article_id) DO NOTHING;"
)
_ENTITY_UNMARK = "DELETE FROM link_entity_changes WHERE article_id = OLD.article_id;"


def sqlite_entity_change_triggers() -> str:
    """The table, seed and SQLite triggers of ``link_entity_changes``."""
    return (
        ENTITY_CHANGES_TABLE
        + ENTITY_CHANGES_SEED
        + f"        CREATE TRIGGER link_entity_changes_0 AFTER INSERT ON annotated "
        f"BEGIN {_ENTITY_MARK} END;\n"
        f"        CREATE TRIGGER link_entity_changes_1 AFTER UPDATE ON annotated "
        f"BEGIN {_ENTITY_MARK} END;\n"
        f"        CREATE TRIGGER link_entity_changes_2 AFTER DELETE ON annotated "
        f"BEGIN {_ENTITY_UNMARK} END;\n"
    )


def postgres_entity_change_triggers() -> str:
    """The table, seed, PostgreSQL trigger function and triggers of ``link_entity_changes``."""
    return (
        ENTITY_CHANGES_TABLE
        + ENTITY_CHANGES_SEED
        + f"""
        CREATE FUNCTION link_entity_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'DELETE' THEN {_ENTITY_UNMARK} ELSE {_ENTITY_MARK} END IF;
            RETURN NULL;
        END $$;
        CREATE TRIGGER link_entity_changes_0 AFTER INSERT OR UPDATE OR DELETE ON annotated
        FOR EACH ROW EXECUTE FUNCTION link_entity_change();
"""
    )


STATE_TABLES = (
    "link_entity_articles",
    "link_entity_blocks",
    "link_entity_keys",
    "link_entity_tokens",
)


def _insert_state(db: Any, state: EntityLinkState) -> None:
    db.executemany(
        "INSERT INTO link_entity_articles (article_id, annotated_at, digest) VALUES (?, ?, ?) "
        "ON CONFLICT (article_id) DO UPDATE SET annotated_at = excluded.annotated_at, "
        "digest = excluded.digest",
        [tuple(row) for row in state.articles],
    )
    db.executemany(
        "INSERT INTO link_entity_blocks (name_key, article_id) VALUES (?, ?) "
        "ON CONFLICT DO NOTHING",
        [tuple(row) for row in state.blocks],
    )
    db.executemany(
        "INSERT INTO link_entity_keys (name_key, cluster) VALUES (?, ?) "
        "ON CONFLICT (name_key) DO UPDATE SET cluster = excluded.cluster",
        list(state.keys.items()),
    )
    db.executemany(
        "INSERT INTO link_entity_tokens (token, name_key) VALUES (?, ?) ON CONFLICT DO NOTHING",
        in_key_order([tuple(row) for row in state.tokens], width=2),
    )


def _recount_entities(db: Any, entity_ids: Sequence[str]) -> None:
    """Count the aliases, roles and mentions of ``entity_ids`` again from their stored
    mentions, as :func:`dateline.link.aliases.build_entity` counts them (their articles are
    their ``entity_articles`` rows)."""
    for page in id_pages(list(dict.fromkeys(entity_ids))):
        aliases: dict[str, Counter[str]] = {entity_id: Counter() for entity_id in page}
        roles: dict[str, Counter[str]] = {entity_id: Counter() for entity_id in page}
        where = f"WHERE entity_id IN ({marks(page)})"
        # counted in SQL: only the distinct written forms, roles and articles come back
        for row in db.fetchall(
            f"SELECT entity_id, text, role, count(*) AS n FROM mentions {where} "
            "GROUP BY entity_id, text, role",
            page,
        ):
            entity_id = str(row["entity_id"])
            aliases[entity_id][" ".join(str(row["text"]).split())] += int(row["n"])
            if row["role"]:
                roles[entity_id][str(row["role"])] += int(row["n"])
        db.executemany(
            "UPDATE entities SET aliases = ?, roles = ?, mention_count = ? WHERE id = ?",
            [
                (
                    json.dumps(
                        [list(a) for a in sorted(aliases[e].items(), key=lambda i: (-i[1], i[0]))]
                    ),
                    json.dumps(
                        [r for r, _ in sorted(roles[e].items(), key=lambda i: (-i[1], i[0]))]
                    ),
                    sum(aliases[e].values()),
                    e,
                )
                for e in page
            ],
        )


class EntityLinkStateMethods:
    """Store methods for entity linking's state (see the module docstring)."""

    if TYPE_CHECKING:  # provided by SQLStore
        binds_arrays: bool

        def _transaction(self) -> AbstractContextManager[Any]: ...

        def _query(self, sql: str, params: Sequence[Any] = ()) -> list[Mapping[str, Any]]: ...

        def _query_tuples(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...

        def _resolve_links(self, db: Any, article_ids: Sequence[str] | None) -> None: ...

        def _refresh_summaries(
            self, db: Any, entity_ids: Sequence[str] | None, story_ids: Sequence[str] | None = None
        ) -> set[str]: ...

        def get_meta(self, key: str) -> str | None: ...

        def set_meta(self, key: str, value: str) -> None: ...

    def _rows_in(self, sql: str, values: Sequence[str]) -> list[Mapping[str, Any]]:
        rows: list[Mapping[str, Any]] = []
        for page in id_pages(list(dict.fromkeys(values))):
            rows += self._query(sql.format(marks=marks(page)), page)
        return rows

    def entity_link_state_ready(self) -> bool:
        """Whether the stored state matches the stored entities (a full link wrote it)."""
        return self.get_meta(STATE_READY_KEY) == STATE_READY

    def changed_entity_articles(self, every: bool = False) -> dict[str, tuple[str, str | None]]:
        """Annotated articles new or re-annotated since entity linking last saw them (every
        annotated article when ``every``): article id -> (its annotation time, the mention
        digest stored for it or None)."""
        if every:
            rows = self._query(
                "SELECT n.article_id, n.annotated_at, l.digest FROM annotated n "
                "LEFT JOIN link_entity_articles l ON l.article_id = n.article_id"
            )
        else:
            # only the marked articles (link_entity_changes), each found by its key: as a
            # join, SQLite without statistics scanned every annotated article for the marks
            rows = self._query(
                "SELECT n.article_id, n.annotated_at, l.digest FROM annotated n "
                "LEFT JOIN link_entity_articles l ON l.article_id = n.article_id "
                "WHERE n.article_id IN (SELECT article_id FROM link_entity_changes) "
                "AND (l.article_id IS NULL OR l.annotated_at <> n.annotated_at)"
            )
        return {str(row["article_id"]): (str(row["annotated_at"]), row["digest"]) for row in rows}

    def mentions_in(self, article_ids: Sequence[str]) -> list[Mention]:
        """The mentions of ``article_ids``, by article id then offset."""
        return [Mention(*row) for row in self.mention_rows_in(article_ids)]

    def mention_rows_in(self, article_ids: Sequence[str]) -> list[MentionRow]:
        # plain tuples: a batch at 1,000,000 articles reads some 175,000 rows here
        found: list[MentionRow] = []
        for page in id_pages(list(dict.fromkeys(article_ids))):
            found += self._query_tuples(
                f"SELECT {MENTION_FIELDS} FROM mentions WHERE article_id IN ({marks(page)})", page
            )
        found.sort(key=itemgetter(0, 1))
        return found

    def entity_keys_of_articles(self, article_ids: Sequence[str]) -> set[str]:
        """The name keys stored for ``article_ids`` at the last entity link."""
        rows = self._rows_in(
            "SELECT name_key FROM link_entity_blocks WHERE article_id IN ({marks})", article_ids
        )
        return {str(row["name_key"]) for row in rows}

    def articles_of_entity_keys(self, keys: Sequence[str]) -> set[str]:
        """The articles where any of the name keys ``keys`` occurs."""
        rows = self._rows_in(
            "SELECT article_id FROM link_entity_blocks WHERE name_key IN ({marks})", keys
        )
        return {str(row["article_id"]) for row in rows}

    def sampled_entity_block_articles(
        self, keys: Sequence[str], limit: int
    ) -> tuple[set[str], set[str]]:
        """(the articles of the name keys ``keys``, at most ``limit`` of each key: the first
        by article id, the keys that have more than ``limit``)."""
        # each key's first ``limit`` + 1 articles: no count of a big block's every row (a
        # country's key holds an article in forty at 1,000,000)
        articles: set[str] = set()
        big: set[str] = set()
        firsts = self._first_block_articles(list(dict.fromkeys(keys)), int(limit) + 1)
        for key, found in firsts.items():
            if len(found) > limit:
                big.add(key)
            articles.update(found[:limit])
        return articles, big

    def _first_block_articles(self, keys: Sequence[str], count: int) -> dict[str, list[str]]:
        """Each of ``keys`` -> its first ``count`` articles by id, read by its index (a
        statement a key here; a backend may read them all in one)."""
        found: dict[str, list[str]] = {}
        for key in keys:
            rows = self._query(
                "SELECT article_id FROM link_entity_blocks WHERE name_key = ? "
                "ORDER BY article_id LIMIT ?",
                (key, count),
            )
            found[key] = [str(row["article_id"]) for row in rows]
        return found

    def entity_key_clusters(self, keys: Sequence[str]) -> dict[str, str]:
        """Name key -> its automatic cluster, for the stored ones among ``keys``."""
        rows = self._rows_in(
            "SELECT name_key, cluster FROM link_entity_keys WHERE name_key IN ({marks})", keys
        )
        return {str(row["name_key"]): str(row["cluster"]) for row in rows}

    def entity_cluster_keys(self, clusters: Sequence[str]) -> dict[str, str]:
        """Name key -> cluster, for every key of the automatic ``clusters``."""
        rows = self._rows_in(
            "SELECT name_key, cluster FROM link_entity_keys WHERE cluster IN ({marks})", clusters
        )
        return {str(row["name_key"]): str(row["cluster"]) for row in rows}

    def entity_keys_with_tokens(self, tokens: Sequence[str]) -> list[tuple[str, str]]:
        """(token, name key) for every stored key with one of ``tokens``."""
        rows = self._rows_in(
            "SELECT token, name_key FROM link_entity_tokens WHERE token IN ({marks})", tokens
        )
        return [(str(row["token"]), str(row["name_key"])) for row in rows]

    def entity_tokens_of_keys(self, keys: Sequence[str]) -> list[tuple[str, str]]:
        """(token, name key) for every stored token of ``keys``."""
        rows = self._rows_in(
            "SELECT token, name_key FROM link_entity_tokens WHERE name_key IN ({marks})", keys
        )
        return [(str(row["token"]), str(row["name_key"])) for row in rows]

    def entity_ids_of_articles(self, article_ids: Sequence[str]) -> set[str]:
        """The entities the summaries list for ``article_ids`` (as of the last link)."""
        rows = self._rows_in(
            "SELECT entity_id FROM entity_articles WHERE article_id IN ({marks})", article_ids
        )
        return {str(row["entity_id"]) for row in rows}

    def existing_entity_ids(self, entity_ids: Sequence[str]) -> set[str]:
        """Those of ``entity_ids`` that are stored."""
        rows = self._rows_in("SELECT id FROM entities WHERE id IN ({marks})", entity_ids)
        return {str(row["id"]) for row in rows}

    def replace_entity_link_state(self, state: EntityLinkState) -> None:
        """Replace the whole state (after a full link) and mark it ready."""
        with self._transaction() as db:
            for table in STATE_TABLES:
                db.execute(f"DELETE FROM {table}")
            _insert_state(db, state)
            # every mark the state now answers: a full pass reads every article
            db.execute(
                "DELETE FROM link_entity_changes WHERE article_id IN (SELECT l.article_id "
                "FROM link_entity_articles l JOIN annotated n ON n.article_id = l.article_id "
                "AND n.annotated_at = l.annotated_at)"
            )
            db.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (STATE_READY_KEY, STATE_READY),
            )

    def forget_entity_link_state(self) -> None:
        """Mark the state stale: the next link re-links every entity."""
        self.set_meta(STATE_READY_KEY, "0")

    def update_entity_links(self, update: EntityLinkUpdate) -> None:
        """Write one incremental entity link in one transaction: the entities it changed or
        removed, the mention links that changed, the summaries of the entities concerned and
        the state rows of the keys and articles it re-linked."""
        with self._transaction() as db:
            changed = sorted({link[0] for link in update.links} | set(update.articles_replaced))
            # an entity read from a sample (its id kept) is counted by what these articles
            # change, unless one of them was linked before: its earlier mentions are gone
            # (one that takes over another's mentions, by both rows: see merged_rows)
            kept = list(dict.fromkeys(update.recount))
            if _linked_before(db, update.articles_replaced):
                kept = []
            targets = set(update.remap.values())
            olds = [old for old, new in update.remap.items() if new in kept]
            held = merged_rows(held_before(db, [*kept, *olds], changed), update.remap)
            # and their summary rows by what these articles held of them before and after
            # (a merge target's whole summary is counted again: its rows grew elsewhere)
            refreshed = set(update.refresh)
            summed = summary_parts(
                db, [e for e in kept if e in refreshed and e not in targets], changed
            )
            gone = [*update.removed, *(entity.id for entity in update.entities)]
            for page in id_pages(list(dict.fromkeys(gone))):
                db.execute(f"DELETE FROM entities WHERE id IN ({marks(page)})", page)
            # a removed entity merged into another (remap) has its pairs, both ways, moved by
            # move_entity_rows below: deleting them here as well cost a merge a fifth
            unmoved = [entity_id for entity_id in update.removed if entity_id not in update.remap]
            for page in id_pages(unmoved):
                # every pair is stored both ways: a removed entity's partners are found by its
                # own rows (the key's index), not by a scan of every row for other_id
                partners = db.fetchall(
                    "SELECT entity_id, other_id FROM entity_cooccurrence "
                    f"WHERE entity_id IN ({marks(page)})",
                    page,
                )
                db.executemany(
                    "DELETE FROM entity_cooccurrence WHERE entity_id = ? AND other_id = ?",
                    [(str(row["other_id"]), str(row["entity_id"])) for row in partners],
                )
            db.executemany(INSERT_ENTITY, [entity_row(entity) for entity in update.entities])
            for old, new in update.remap.items():
                move_entity_rows(db, old, new, in_arrays=self.binds_arrays)
                db.execute("UPDATE mentions SET entity_id = ? WHERE entity_id = ?", (new, old))
                db.execute("UPDATE quotes SET speaker_id = ? WHERE speaker_id = ?", (new, old))
                db.execute(
                    "INSERT INTO event_participants (event_id, role, entity_id) "
                    "SELECT event_id, role, ? FROM event_participants WHERE entity_id = ? "
                    "ON CONFLICT DO NOTHING",
                    (new, old),
                )
                db.execute("DELETE FROM event_participants WHERE entity_id = ?", (old,))
            db.executemany(
                "UPDATE mentions SET entity_id = ? "
                "WHERE article_id = ? AND span_start = ? AND span_end = ?",
                [(entity_id, a, start, end) for a, start, end, entity_id in update.links],
            )
            self._resolve_links(db, sorted({link[0] for link in update.links}))
            whole = [e for e in update.recount if e not in held.rows]
            _recount_entities(db, whole + write_kept_counts(db, held))
            # the names of every entity written, removed or counted again
            refresh_entity_part_keys(
                db, [*gone, *update.recount, *held.rows, *update.remap, *update.remap.values()]
            )
            # an entity that took over another's mentions took over its summary rows too
            # (move_entity_rows): like the others counted again, it changed only in the
            # articles whose links changed
            recount = set(update.recount)
            # a story's names are those of its articles' entity_articles rows: only the
            # stories of the articles whose rows change are counted again
            rows_changed = self._refresh_summaries(
                db,
                [
                    entity_id
                    for entity_id in dict.fromkeys(update.refresh)
                    if entity_id not in recount
                ],
                [],
            )
            # an entity counted again gained or lost mentions in these articles only
            counted_again = [e for e in dict.fromkeys(update.refresh) if e in recount]
            for page in id_pages(counted_again):
                for article_page in id_pages(changed):
                    with kept_cooccurrence(db, article_page):
                        for statement, params in entity_refresh_in(page, article_page)[:2]:
                            db.execute(statement, params)
            # a summary row counted from all an entity's rows costs what the entity has (a
            # country's every article): moved by the changed articles' part instead
            summed_after = summary_parts(db, list(summed), changed)
            counted_whole = [e for e in counted_again if e not in summed]
            counted_whole += write_kept_summaries(db, summed, summed_after)
            for page in id_pages(counted_whole):
                for statement, params in entity_refresh(page)[2:]:
                    db.execute(statement, params)
            self._refresh_summaries(db, [], sorted(_stories_of(db, rows_changed | set(changed))))
            for page in id_pages(list(update.articles_replaced)):
                db.execute(
                    f"DELETE FROM link_entity_blocks WHERE article_id IN ({marks(page)})", page
                )
            for page in id_pages(list(update.keys_replaced)):
                db.execute(f"DELETE FROM link_entity_keys WHERE name_key IN ({marks(page)})", page)
            # a key's tokens only grow while it has a block (a stale one only widens what a
            # later batch compares); a key left without any block loses them
            gone = [key for key in update.keys_replaced if key not in update.state.keys]
            for page in id_pages(gone):
                db.execute(
                    f"DELETE FROM link_entity_tokens WHERE name_key IN ({marks(page)})", page
                )
            _insert_state(db, update.state)
            _clear_marks(db, [str(row[0]) for row in update.state.articles])


def _clear_marks(db: Any, article_ids: Sequence[str]) -> None:
    """Clear the change marks of ``article_ids`` that the state now holds as annotated (one
    annotated again meanwhile keeps its mark)."""
    for page in id_pages(list(article_ids)):
        db.execute(
            f"DELETE FROM link_entity_changes WHERE article_id IN ({marks(page)}) "
            "AND article_id IN (SELECT l.article_id FROM link_entity_articles l "
            "JOIN annotated n ON n.article_id = l.article_id "
            f"AND n.annotated_at = l.annotated_at WHERE l.article_id IN ({marks(page)}))",
            [*page, *page],
        )


def _linked_before(db: Any, article_ids: Sequence[str]) -> bool:
    """Whether entity linking saw one of ``article_ids`` before (by its stored state)."""
    for page in id_pages(list(article_ids)):
        if db.fetchall(
            f"SELECT article_id FROM link_entity_articles WHERE article_id IN ({marks(page)})",
            page,
        ):
            return True
    return False


def _stories_of(db: Any, article_ids: Iterable[str]) -> set[str]:
    """The stories holding one of ``article_ids``."""
    found: set[str] = set()
    for page in id_pages(sorted(set(article_ids))):
        rows = db.fetchall(
            f"SELECT DISTINCT story_id FROM story_articles WHERE article_id IN ({marks(page)})",
            page,
        )
        found |= {str(row["story_id"]) for row in rows}
    return found

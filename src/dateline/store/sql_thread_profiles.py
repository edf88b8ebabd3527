"""Each story's thread profile, kept so that a batch reads its stories' partners' profiles
instead of their articles (schema 12).

A profile (:class:`dateline.link.stories.threads.StoryProfile`, serialised by
:mod:`dateline.link.stories.thread_profiles`) derives from the story's members, their text,
title and date, the entities their mentions name and their time expressions. Linking writes a
story's profile with the story; triggers drop it whenever something it derives from changes
(a member joins or leaves, an article is re-annotated or its text or date changes), or only
its entities' part when a mention is linked to another entity, so no writer has to remember
to; a story without one has it computed from its articles on first need and stored (a store
upgraded from schema 11 starts with none), one without its entities' part has that counted
from its articles' mentions. An entity renamed in place (a rename correction keeps its id) is
caught when the profile is read: a profile keeps the name it used for each entity id.

The mention trigger marks the entities' part of the stories of the mention's article stale
(schema 18) in a table of story ids, ``story_thread_stale_entities``, rather than dropping
the part from the profile's row: a merge of a country moves mentions in the articles of
thousands of stories, and dropping the part wrote each story's whole row again (some 1.4 KB;
4,040 of the 35,746 pages the largest merge wrote at 100,000 articles) where a mark writes a
few bytes, and marking a story already marked writes nothing. Writing a story's entities'
part (or its whole profile) clears its mark.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

from dateline.store.paging import id_pages, marks
from dateline.store.schema_tables import trigger_rows

THREAD_PROFILE_TABLE = """
        CREATE TABLE story_thread_profiles (
            story_id TEXT PRIMARY KEY, profile {blob} NOT NULL, entities TEXT
        );
"""

_DROP = "DELETE FROM story_thread_profiles WHERE story_id = {row}.story_id;"
_DROP_OF_ARTICLE = (
    "DELETE FROM story_thread_profiles WHERE story_id IN "
    "(SELECT story_id FROM story_articles WHERE article_id = {row}.{column});"
)
_DROP_ENTITIES_OF_ARTICLE = (
    "UPDATE story_thread_profiles SET entities = NULL WHERE story_id IN "
    "(SELECT story_id FROM story_articles WHERE article_id = {row}.{column});"
)

#: (table, trigger event, the statement with the row's story or article, a WHEN condition):
#: what drops a story's profile, as schema 12 created it (the mention trigger, the last, is
#: replaced by schema 15: :data:`MENTION_TRIGGER`)
_SOURCES: tuple[tuple[str, str, str, str, str], ...] = (
    ("story_articles", "INSERT", _DROP, "", ""),
    ("story_articles", "UPDATE", _DROP, "", ""),
    ("story_articles", "DELETE", _DROP, "", ""),
    ("annotated", "INSERT", _DROP_OF_ARTICLE, "article_id", ""),
    ("annotated", "UPDATE", _DROP_OF_ARTICLE, "article_id", ""),
    ("articles", "UPDATE OF title, text, published", _DROP_OF_ARTICLE, "id", ""),
    ("articles", "DELETE", _DROP_OF_ARTICLE, "id", ""),
    (
        "mentions",
        "UPDATE OF entity_id",
        _DROP_ENTITIES_OF_ARTICLE,
        "article_id",
        "OLD.entity_id IS DISTINCT FROM NEW.entity_id",
    ),
)


#: the number of the trigger on ``mentions`` among :data:`_SOURCES`
MENTION_TRIGGER = len(_SOURCES) - 1
#: what it runs since schema 15: one statement for both the row's article ids (one article
#: unless the update moves the mention), leaving a dropped part alone
_DROP_ENTITIES_OF_MENTION = (
    "UPDATE story_thread_profiles SET entities = NULL WHERE entities IS NOT NULL "
    "AND story_id IN (SELECT story_id FROM story_articles "
    "WHERE article_id IN (OLD.article_id, NEW.article_id));"
)


#: the stories whose profile's entities' part is stale (schema 18), filled on the upgrade
#: from the parts the earlier trigger had dropped
STALE_ENTITIES_TABLE = """
        CREATE TABLE story_thread_stale_entities (story_id TEXT PRIMARY KEY){keyed};
        INSERT INTO story_thread_stale_entities (story_id)
            SELECT story_id FROM story_thread_profiles WHERE entities IS NULL;
"""
#: what the mention trigger runs since schema 18 (the WHERE lets SQLite read ON CONFLICT
#: as the insert's clause, not a join's)
_MARK_ENTITIES_OF_MENTION = (
    "INSERT INTO story_thread_stale_entities (story_id) "
    "SELECT story_id FROM story_articles "
    "WHERE article_id IN (OLD.article_id, NEW.article_id) "
    "ON CONFLICT (story_id) DO NOTHING;"
)


def sqlite_mention_trigger_upgrade(statement: str = _DROP_ENTITIES_OF_MENTION) -> str:
    """Schema 15 on SQLite: the mention trigger again, writing a profile only while its
    entities' part is there (schema 18: marking it stale, ``statement``)."""
    number = MENTION_TRIGGER
    table, event, _, _, when = _SOURCES[number]
    return (
        f"        DROP TRIGGER IF EXISTS story_thread_profiles_{number};\n"
        f"        CREATE TRIGGER story_thread_profiles_{number} AFTER {event} ON {table} "
        f"WHEN {when.replace('IS DISTINCT FROM', 'IS NOT')} "
        f"BEGIN {statement} END;\n"
    )


def sqlite_stale_entities_upgrade() -> str:
    """Schema 18 on SQLite: the table of stale entities' parts and the trigger that marks
    them."""
    return STALE_ENTITIES_TABLE.format(keyed=" WITHOUT ROWID") + sqlite_mention_trigger_upgrade(
        _MARK_ENTITIES_OF_MENTION
    )


def postgres_stale_entities_upgrade() -> str:
    """Schema 18 on PostgreSQL: the same table and the mention trigger's function again."""
    return STALE_ENTITIES_TABLE.format(keyed="") + postgres_mention_trigger_upgrade(
        _MARK_ENTITIES_OF_MENTION
    )


def postgres_mention_trigger_upgrade(statement: str = _DROP_ENTITIES_OF_MENTION) -> str:
    """Schema 15 on PostgreSQL: the mention trigger's function again (its trigger, on the
    same event and condition, calls it by name; schema 18: marking, ``statement``)."""
    return f"""
        CREATE OR REPLACE FUNCTION story_thread_profiles_{MENTION_TRIGGER}() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            {statement}
            RETURN NULL;
        END $$;
"""


def sqlite_thread_profile_schema() -> str:
    """The SQLite table of thread profiles and the triggers that drop stale ones."""
    out = [THREAD_PROFILE_TABLE.format(blob="BLOB")]
    for number, (table, event, statement, column, when) in enumerate(_SOURCES):
        body = " ".join(statement.format(row=row, column=column) for row in trigger_rows(event))
        condition = f" WHEN {when.replace('IS DISTINCT FROM', 'IS NOT')}" if when else ""
        out.append(
            f"        CREATE TRIGGER story_thread_profiles_{number} AFTER {event} ON {table}"
            f"{condition} BEGIN {body} END;\n"
        )
    return "".join(out)


def postgres_thread_profile_schema() -> str:
    """The PostgreSQL table of thread profiles and the trigger functions and triggers that
    drop stale ones."""
    out = [THREAD_PROFILE_TABLE.format(blob="BYTEA")]
    for number, (table, event, statement, column, when) in enumerate(_SOURCES):
        body = " ".join(
            f"IF TG_OP <> '{'INSERT' if row == 'OLD' else 'DELETE'}' THEN "
            f"{statement.format(row=row, column=column)} END IF;"
            for row in ("OLD", "NEW")
        )
        out.append(
            f"""
        CREATE FUNCTION story_thread_profiles_{number}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            {body}
            RETURN NULL;
        END $$;
        CREATE TRIGGER story_thread_profiles_{number} AFTER {event} ON {table}
            FOR EACH ROW{f" WHEN ({when})" if when else ""}
            EXECUTE FUNCTION story_thread_profiles_{number}();
"""
        )
    return "".join(out)


class ThreadProfileMethods:
    """Store methods for the stories' thread profiles (see the module docstring)."""

    if TYPE_CHECKING:  # provided by SQLStore

        def _transaction(self) -> AbstractContextManager[Any]: ...

        def _query(self, sql: str, params: Sequence[Any] = ()) -> list[Mapping[str, Any]]: ...

    def put_thread_profiles(self, profiles: Mapping[str, tuple[bytes, str]]) -> None:
        """Keep each story's serialised thread profile: the part its articles' text, dates
        and times give, and the part their mentions' entities give (replacing both)."""
        with self._transaction() as db:
            db.executemany(
                "INSERT INTO story_thread_profiles (story_id, profile, entities) "
                "VALUES (?, ?, ?) ON CONFLICT (story_id) DO UPDATE SET "
                "profile = excluded.profile, entities = excluded.entities",
                [(story_id, body, entities) for story_id, (body, entities) in profiles.items()],
            )
            _clear_stale_marks(db, list(profiles))

    def put_thread_profile_entities(self, entities: Mapping[str, str]) -> None:
        """Set the entities' part of the stored profiles of the stories given."""
        with self._transaction() as db:
            db.executemany(
                "UPDATE story_thread_profiles SET entities = ? WHERE story_id = ?",
                [(found, story_id) for story_id, found in entities.items()],
            )
            _clear_stale_marks(db, list(entities))

    def thread_profiles(self, story_ids: Sequence[str]) -> dict[str, tuple[bytes, str | None]]:
        """The stored thread profiles of ``story_ids`` (those that have one): each one's two
        parts, the entities' part None where a mention was linked anew since."""
        found: dict[str, tuple[bytes, str | None]] = {}
        for chunk in id_pages(list(dict.fromkeys(story_ids))):
            for row in self._query(
                "SELECT p.story_id AS story_id, p.profile AS profile, "
                "CASE WHEN s.story_id IS NULL THEN p.entities END AS entities "
                "FROM story_thread_profiles p "
                "LEFT JOIN story_thread_stale_entities s ON s.story_id = p.story_id "
                f"WHERE p.story_id IN ({marks(chunk)})",
                chunk,
            ):
                entities = row["entities"]
                found[str(row["story_id"])] = (
                    bytes(row["profile"]),
                    None if entities is None else str(entities),
                )
        return found

    def mention_names_in(
        self, article_ids: Sequence[str]
    ) -> list[tuple[str, str, str | None, str | None]]:
        """The entity names the mentions of ``article_ids`` use, as a profile counts them:
        (article id, name, entity id, the entity's name) once each, the name being the
        linked entity's name, else the mention's canonical form, else its text, and the
        entity's name None for an id that names no stored entity (or an unlinked mention).
        Counted in SQL, so a profile's entities are recounted without reading whole
        mentions and entities."""
        found: list[tuple[str, str, str | None, str | None]] = []
        for chunk in id_pages(list(dict.fromkeys(article_ids))):
            for row in self._query(
                "SELECT DISTINCT m.article_id AS article_id, "
                "COALESCE(NULLIF(e.name, ''), NULLIF(m.canonical, ''), m.text) AS name, "
                "m.entity_id AS entity_id, e.name AS entity_name "
                "FROM mentions m LEFT JOIN entities e ON e.id = m.entity_id "
                f"WHERE m.article_id IN ({marks(chunk)})",
                chunk,
            ):
                entity_id, entity_name = row["entity_id"], row["entity_name"]
                found.append(
                    (
                        str(row["article_id"]),
                        str(row["name"]),
                        None if entity_id is None else str(entity_id),
                        None if entity_name is None else str(entity_name),
                    )
                )
        return found


def _clear_stale_marks(db: Any, story_ids: Sequence[str]) -> None:
    """The entities' parts of ``story_ids`` were just written: no longer stale."""
    for page in id_pages(story_ids):
        db.execute(
            f"DELETE FROM story_thread_stale_entities WHERE story_id IN ({marks(page)})", page
        )

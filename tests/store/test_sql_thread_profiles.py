"""Each story's thread profile, on every backend: kept as written, dropped by the triggers
when what it derives from changes, and missing (not re-linked) after an upgrade."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from dateline.link.stories import conductor, link_stories
from dateline.link.stories.stored import mention_names
from dateline.records import Annotations, Article, Entity, Mention, Story
from dateline.store.sql import SQLStore
from dateline.store.sql_thread_profiles import MENTION_TRIGGER, sqlite_thread_profile_schema
from dateline.store.sqlite import SQLiteStore, _statements
from dateline.store.sqlite_schema import LATEST_VERSION
from tests.store.conftest import downgrade_sqlite


def _stories(store: SQLStore) -> None:
    store.add_articles(
        [Article(id=f"a{i}", text=f"Mayor Rossi opened the harbour {i}.") for i in range(4)]
    )
    store.update_stories(
        [
            Story(id="s1", title="One", article_ids=("a0", "a1")),
            Story(id="s2", title="Two", article_ids=("a2",)),
        ]
    )
    store.put_thread_profiles({"s1": (b"one", "1"), "s2": (b"two", "2")})


def _mention(article_id: str, entity_id: str | None) -> Mention:
    return Mention(article_id, 6, 11, "Rossi", "PERSON", entity_id=entity_id)


def test_profiles_are_kept_as_written_and_cleared_with_the_stories(store: SQLStore) -> None:
    _stories(store)
    assert store.thread_profiles(["s1", "s2", "s9"]) == {"s1": (b"one", "1"), "s2": (b"two", "2")}
    store.put_thread_profiles({"s1": (b"uno", "1")})
    store.put_thread_profile_entities({"s2": "two"})
    assert store.thread_profiles(["s1", "s2"]) == {"s1": (b"uno", "1"), "s2": (b"two", "two")}
    store.set_thread_ids({"s1": "t-1", "s2": "t-1"})  # a thread is no part of a profile
    store.replace_thread_links(None, [{"earlier": "s1", "later": "s2"}])
    assert set(store.thread_profiles(["s1", "s2"])) == {"s1", "s2"}
    store.clear_story_links()
    assert store.thread_profiles(["s1", "s2"]) == {}


def test_a_change_of_members_drops_that_storys_profile_only(store: SQLStore) -> None:
    _stories(store)
    store.update_stories([Story(id="s1", title="One", article_ids=("a0", "a1", "a3"))])
    assert set(store.thread_profiles(["s1", "s2"])) == {"s2"}
    store.put_thread_profiles({"s1": (b"one", "1")})
    store.remove_story_members(["a2"])  # s2 is left empty: gone
    assert set(store.thread_profiles(["s1", "s2"])) == {"s1"}
    store.update_stories([], removed=["s1"])
    assert store.thread_profiles(["s1"]) == {}


def test_a_new_annotation_text_or_date_drops_the_profile(store: SQLStore) -> None:
    _stories(store)
    store.put_annotations([Annotations("a3", (_mention("a3", None),))])  # in no story
    assert set(store.thread_profiles(["s1", "s2"])) == {"s1", "s2"}
    store.put_annotations([Annotations("a0", (_mention("a0", None),))])
    assert set(store.thread_profiles(["s1", "s2"])) == {"s2"}
    article = store.get_article("a2")
    assert article is not None
    store.update_article(replace(article, published="2020-03-04"))
    assert store.thread_profiles(["s1", "s2"]) == {}


def test_a_mention_linked_to_another_entity_drops_the_entities_part(store: SQLStore) -> None:
    _stories(store)
    store.put_annotations([Annotations(f"a{i}", (_mention(f"a{i}", None),)) for i in range(3)])
    store.put_thread_profiles({"s1": (b"one", "1"), "s2": (b"two", "2")})
    rossi = Entity(id="e1", name="Rossi", label="PERSON", article_ids=("a0", "a1", "a2"))
    store.replace_entities([rossi], [(f"a{i}", 6, 11, "e1") for i in range(2)])
    # a2's mention is not linked: s2 keeps its entities
    assert store.thread_profiles(["s1", "s2"]) == {"s1": (b"one", None), "s2": (b"two", "2")}
    store.replace_entities([rossi], [(f"a{i}", 6, 11, "e1") for i in range(3)])
    assert store.thread_profiles(["s1", "s2"]) == {"s1": (b"one", None), "s2": (b"two", None)}


def test_moving_many_mentions_marks_each_story_and_writes_no_profile(store: SQLStore) -> None:
    """A merge moves every mention of an entity (many in one story's articles): the first
    marks the story's entities' part stale, the others find it marked, and no profile's row
    is written (schema 18)."""
    _stories(store)
    store.put_annotations([Annotations(f"a{i}", (_mention(f"a{i}", "e1"),)) for i in range(3)])
    store.put_thread_profiles({"s1": (b"one", "1"), "s2": (b"two", "2")})
    with store._transaction() as db:  # a table with a row for each profile row written
        db.execute("CREATE TABLE profile_writes (story_id TEXT NOT NULL)")
        if isinstance(store, SQLiteStore):
            db.execute(
                "CREATE TRIGGER profile_writes AFTER UPDATE ON story_thread_profiles "
                "BEGIN INSERT INTO profile_writes VALUES (NEW.story_id); END"
            )
        else:
            db.execute(
                "CREATE FUNCTION profile_writes() RETURNS trigger LANGUAGE plpgsql AS $$ "
                "BEGIN INSERT INTO profile_writes VALUES (NEW.story_id); RETURN NULL; END $$"
            )
            db.execute(
                "CREATE TRIGGER profile_writes AFTER UPDATE ON story_thread_profiles "
                "FOR EACH ROW EXECUTE FUNCTION profile_writes()"
            )
    with store._transaction() as db:
        db.execute("UPDATE mentions SET entity_id = ? WHERE entity_id = ?", ("e2", "e1"))
    assert store._query("SELECT story_id FROM profile_writes") == []
    marked = store._query("SELECT story_id FROM story_thread_stale_entities ORDER BY story_id")
    assert [row["story_id"] for row in marked] == ["s1", "s2"]  # s1 once for a0 and a1
    assert store.thread_profiles(["s1", "s2"]) == {"s1": (b"one", None), "s2": (b"two", None)}
    store.put_thread_profile_entities({"s1": "1"})  # writing the part clears the mark
    assert store.thread_profiles(["s1", "s2"]) == {"s1": (b"one", "1"), "s2": (b"two", None)}
    store.put_thread_profiles({"s2": (b"two", "2")})
    assert store._query("SELECT story_id FROM story_thread_stale_entities") == []


def test_a_removed_story_leaves_no_stale_mark(store: SQLStore) -> None:
    _stories(store)
    store.put_annotations([Annotations(f"a{i}", (_mention(f"a{i}", "e1"),)) for i in range(3)])
    with store._transaction() as db:
        db.execute("UPDATE mentions SET entity_id = ? WHERE entity_id = ?", ("e2", "e1"))
    store.update_stories([], removed=["s2"])
    marked = store._query("SELECT story_id FROM story_thread_stale_entities")
    assert [row["story_id"] for row in marked] == ["s1"]
    store.remove_story_members(["a0", "a1"])  # s1 left empty: gone with its mark
    assert store._query("SELECT story_id FROM story_thread_stale_entities") == []


def test_a_schema_14_store_upgrades_its_mention_trigger(tmp_path: Path) -> None:
    """A store whose mention trigger is schema 12's gets schema 18's, which marks stale
    what the old one dropped."""
    path = tmp_path / "old.db"
    SQLiteStore(path).close()
    number = MENTION_TRIGGER
    old_trigger = next(
        statement
        for statement in _statements(sqlite_thread_profile_schema())
        if f"TRIGGER story_thread_profiles_{number} " in statement
    )
    with sqlite3.connect(path) as db:  # as schema 14 left it
        downgrade_sqlite(db, 14)
        db.execute(f"DROP TRIGGER story_thread_profiles_{number}")
        db.execute(old_trigger)
        db.execute("PRAGMA user_version = 14")
    store = SQLiteStore(path)
    assert store.schema_version == LATEST_VERSION >= 18
    (trigger,) = store._query(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
        [f"story_thread_profiles_{number}"],
    )
    assert "story_thread_stale_entities" in str(trigger["sql"])
    _stories(store)
    store.put_annotations([Annotations(f"a{i}", (_mention(f"a{i}", None),)) for i in range(3)])
    store.put_thread_profiles({"s1": (b"one", "1"), "s2": (b"two", "2")})
    rossi = Entity(id="e1", name="Rossi", label="PERSON", article_ids=("a0", "a1"))
    store.replace_entities([rossi], [(f"a{i}", 6, 11, "e1") for i in range(2)])
    assert store.thread_profiles(["s1", "s2"]) == {"s1": (b"one", None), "s2": (b"two", "2")}
    store.close()


def test_a_schema_11_store_upgrades_without_a_relink(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The profiles' table arrives empty; the next link is a batch, not a full re-link, and
    stores the profiles of the stories it profiles."""
    path = tmp_path / "old.db"
    store = SQLiteStore(path)
    store.add_articles(
        [Article(id=f"a{i}", text=f"Mayor Rossi opened harbour {i} in Genoa.") for i in range(3)]
    )
    link_stories(store)
    before = {story.id: story for story in store.iter_stories()}
    store.close()
    with sqlite3.connect(path) as db:  # as schema 11 left it
        downgrade_sqlite(db, 11)
    store = SQLiteStore(path)
    assert store.thread_profiles(sorted(before)) == {}

    def relink_all(*_args: object) -> None:
        raise AssertionError("a full re-link")

    monkeypatch.setattr(conductor, "_link_all", relink_all)
    store.add_articles([Article(id="a9", text="Mayor Rossi opened harbour 9 in Genoa.")])
    changed = link_stories(store)
    assert "a9" in {a for story in changed for a in story.article_ids}
    after = {story.id: story for story in store.iter_stories()}
    # a batch: the stories it did not touch are as they were
    untouched = set(after) - {story.id for story in changed}
    assert all(after[s] == before[s] for s in untouched)
    assert set(store.thread_profiles(sorted(after))) >= {story.id for story in changed}
    store.close()


def test_mention_names_are_those_a_profile_counts(store: SQLStore) -> None:
    """``mention_names_in`` gives each article's names and entity ids as the profiles count
    them from whole mentions (a linked mention its entity's name, else its canonical form,
    else its text; an id naming no stored entity has no name)."""
    store.add_articles(
        [Article(id=f"a{i}", text="Mayor Rossi of Genoa. Rossi said.") for i in range(3)]
    )
    store.put_annotations(
        [
            Annotations(
                "a0",
                (
                    Mention("a0", 6, 11, "Rossi", "PERSON", canonical="Marco Rossi"),
                    Mention("a0", 22, 27, "Rossi", "PERSON", canonical="Marco Rossi"),
                    Mention("a0", 15, 20, "Genoa", "GPE"),
                ),
            ),
            Annotations("a2", ()),
        ]
    )
    rossi = Entity(id="e1", name="Mayor Rossi", label="PERSON", article_ids=("a0",))
    store.replace_entities([rossi], [("a0", 6, 11, "e1")])
    # an id no stored entity has (as a mention keeps it until the next link)
    store.put_annotations(
        [Annotations("a1", (Mention("a1", 6, 11, "Rossi", "PERSON", entity_id="e9"),))]
    )
    rows = store.mention_names_in(["a0", "a1", "a2", "a0"])
    assert sorted(rows, key=repr) == sorted(
        [
            ("a0", "Mayor Rossi", "e1", "Mayor Rossi"),
            ("a0", "Marco Rossi", None, None),
            ("a0", "Genoa", None, None),
            ("a1", "Rossi", "e9", None),
        ],
        key=repr,
    )
    names, ids = mention_names(
        store.mentions_in(["a0", "a1", "a2"]), {e.id: e.name for e in store.iter_entities()}
    )
    assert {a: {row[1] for row in rows if row[0] == a} for a in names} == names
    assert {a: {row[2]: row[3] or "" for row in rows if row[0] == a and row[2]} for a in ids} == ids

"""Story linking's stored state, threads, reports and logs, on every backend."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from dateline.link.stories import link_stories
from dateline.records import Article, Story
from dateline.store.sql import SQLStore
from dateline.store.sqlite import SQLiteStore
from dateline.store.sqlite_schema import MIGRATIONS
from tests.store.conftest import sqlite_at_version


def _stories(store: SQLStore) -> None:
    store.add_articles(
        [Article(id=f"a{i}", text=f"Article {i} about the harbour.") for i in range(4)]
    )
    store.update_stories(
        [
            Story(id="s1", title="One", article_ids=("a0", "a1"), first="2020-01-02"),
            Story(id="s2", title="Two", article_ids=("a2",)),
        ]
    )


def test_stories_are_written_and_removed_one_by_one(store: SQLStore) -> None:
    _stories(store)
    assert store.unlinked_article_ids() == ["a3"]
    assert store.stories_of_articles(["a1", "a3"]) == {"a1": "s1"}
    assert store.count_stories() == 2
    store.update_stories([Story(id="s1", title="One", article_ids=("a0", "a1", "a2"))], ["s2"])
    assert [s.article_ids for s in store.get_stories(["s1", "s2"])] == [("a0", "a1", "a2")]
    assert store.remove_story_members(["a0", "a1", "a2"]) == ["s1"]
    assert store.count_stories() == 0  # left without articles: gone


def test_document_frequencies_add_up_and_vanish_at_zero(store: SQLStore) -> None:
    store.add_story_link_df("term", {"harbour": 2, "ship": 1})
    store.add_story_link_df("term", {"harbour": 1, "ship": -1})
    assert store.story_link_df("term", ["harbour", "ship", "crane"]) == {"harbour": 3}
    assert store.story_link_df("entity", ["harbour"]) == {}


def test_blocking_index_ignores_overlong_postings(store: SQLStore) -> None:
    _stories(store)
    store.replace_story_link_index(
        {"s1": {"w:harbour", "e:port authority"}, "s2": {"w:harbour"}},
        {"s1": {737000, 737003}, "s2": set()},
        {"s1": {"Port Authority": 2, "Oslo": 1}, "s2": {"Oslo": 1}},
    )
    assert store.story_postings(["w:harbour", "e:port authority"], 1) == (
        {"e:port authority": {"s1"}},
        {"s1": (737000, 737003)},
    )
    assert store.story_postings(["w:harbour"], 2) == (
        {"w:harbour": {"s1", "s2"}},
        {"s1": (737000, 737003)},
    )
    # kept to the stories meeting the days given, and the undated s2
    assert store.story_postings(["w:harbour"], 2, [(736000, 736999)])[0] == {"w:harbour": {"s2"}}
    assert store.story_postings(["w:harbour"], 2, [(737003, 737010)])[0] == {
        "w:harbour": {"s1", "s2"}
    }
    assert store.stories_on_days(736990, 737001) == {"s1"}
    assert store.story_day_spans(["s1", "s2"]) == {"s1": (737000, 737003)}
    assert store.story_name_postings(["Oslo", "Port Authority", "Nowhere"], 5) == {
        "Oslo": {"s1", "s2"},
        "Port Authority": {"s1"},
    }
    assert store.story_name_postings(["Oslo", "Port Authority"], 1) == {"Port Authority": {"s1"}}
    assert store.story_name_counts(["Oslo", "Port Authority", "Nowhere"], 5) == {
        "Oslo": 2,
        "Port Authority": 1,
    }
    # counted only up to one past the limit: a popular name's posting is not read whole
    assert store.story_name_counts(["Oslo", "Port Authority"], 0) == {
        "Oslo": 1,
        "Port Authority": 1,
    }
    assert store.stories_naming_among(["Oslo"], ["s2"]) == {"Oslo": ["s2"]}
    assert store.stories_naming_among(["Port Authority", "Nowhere"], ["s1", "s2"]) == {
        "Port Authority": ["s1"]
    }
    assert sorted(store.stories_naming_among(["Oslo"], ["s1", "s2"])["Oslo"]) == ["s1", "s2"]
    assert store.stories_naming_among([], ["s1"]) == {}
    store.replace_story_link_index({"s1": set()}, {}, {})
    assert store.story_postings(["e:port authority"], 5) == ({}, {})


def test_a_posting_is_read_for_the_days_given_however_many_ranges(store: SQLStore) -> None:
    """More ranges than are tested in SQL are joined there and tested exactly after: a story
    in a gap that the coarse ranges cover is still left out."""
    from dateline.store.sql_links import SPAN_TESTS

    spans = {f"s{i}": (737000 + 10 * i, 737000 + 10 * i + 1) for i in range(3 * SPAN_TESTS)}
    store.replace_story_link_index(
        {story_id: {"w:ferry"} for story_id in spans},
        {story_id: set(range(low, high + 1)) for story_id, (low, high) in spans.items()},
        {},
    )
    even = [span for i, span in enumerate(spans.values()) if i % 2 == 0]
    found, read = store.story_postings(["w:ferry"], 100, even)
    assert found == {"w:ferry": {f"s{i}" for i in range(0, 3 * SPAN_TESTS, 2)}}
    assert read == {story_id: spans[story_id] for story_id in found["w:ferry"]}


#: a story index written by schema 16: key rows without their story's span of days
SCHEMA_16_KEYS = [("w:ferry", "s1"), ("w:ferry", "s2"), ("w:oslo", "s1")]
SCHEMA_16_DAYS = [("s1", 737000), ("s1", 737004)]


def assert_story_keys_have_their_spans(store: SQLStore) -> None:
    """What :data:`SCHEMA_16_KEYS` and :data:`SCHEMA_16_DAYS` read as once upgraded."""
    assert store.story_postings(["w:ferry", "w:oslo"], 5, [(737004, 737010)]) == (
        {"w:ferry": {"s1", "s2"}, "w:oslo": {"s1"}},
        {"s1": (737000, 737004)},
    )
    assert store.story_postings(["w:ferry"], 5, [(736000, 736999)])[0] == {"w:ferry": {"s2"}}


def test_a_schema_16_store_gives_its_story_keys_their_spans(tmp_path: Path) -> None:
    db = sqlite_at_version(tmp_path / "old.db", 16)
    db.executemany("INSERT INTO link_story_keys (feature, story_id) VALUES (?, ?)", SCHEMA_16_KEYS)
    db.executemany("INSERT INTO link_story_days (story_id, day) VALUES (?, ?)", SCHEMA_16_DAYS)
    db.commit()
    db.close()
    store = SQLiteStore(tmp_path / "old.db")
    assert_story_keys_have_their_spans(store)
    store.close()


def test_threads_reports_and_logs_have_tables(store: SQLStore) -> None:
    _stories(store)
    link = {"earlier": "s1", "later": "s2", "shared_entities": [], "back_references": []}
    store.replace_thread_links(None, [link])
    store.set_thread_ids({"s1": "t1", "s2": "t1"})
    assert store.thread_links("s2") == [link] and store.stories_in_threads(["t1"]) == {"s1", "s2"}
    store.replace_thread_links(["s1", "s2"], [])  # relinked between the two: no link now
    assert store.thread_links() == []
    store.put_story_reports({"s1": [{"original": "a0", "article_ids": ["a0"], "outlets": []}]})
    assert store.story_reports(["s1", "s2"]) == {
        "s1": [{"original": "a0", "article_ids": ["a0"], "outlets": []}]
    }
    for number in range(5):
        store.append_story_log("move", [{"to_story": "s1", "n": number}], 3, "to_story")
    assert [record["n"] for record in store.story_log("move")] == [2, 3, 4]
    store.clear_story_links()
    assert store.count_stories() == 0 and store.story_log("move") == []


def test_a_batch_replaces_only_the_links_of_the_stories_it_changed(store: SQLStore) -> None:
    def link(earlier: str, later: str) -> dict[str, object]:
        return {"earlier": earlier, "later": later, "shared_entities": [], "back_references": []}

    store.replace_thread_links(None, [link("s1", "s2"), link("s2", "s3"), link("s3", "s4")])
    assert store.thread_link_pairs(["s2", "s3", "s9"]) == [("s2", "s3"), ("s3", "s4")]
    # s3 changed and was compared with s2 and s4: its links to them are decided again
    store.replace_thread_links(["s3"], [link("s1", "s3")], among=["s2", "s4"])
    assert store.thread_link_pairs(["s1", "s2", "s3"]) == [("s1", "s2"), ("s1", "s3")]


def test_link_stories_runs_in_full_then_incrementally_on_every_backend(store: SQLStore) -> None:
    texts = [
        "Firefighters battled a warehouse fire in the harbour district of Oslo on Monday.",
        "The Oslo harbour warehouse fire was brought under control by firefighters.",
        "A new library opened in Bergen, with a reading room for children.",
    ]
    store.add_articles([Article(id=f"a{i}", text=text) for i, text in enumerate(texts[:2])])
    first = link_stories(store)
    store.add_articles([Article(id="a2", text=texts[2])])
    changed = link_stories(store)
    assert "a2" in {a for story in changed for a in story.article_ids}
    assert {a for story in store.iter_stories() for a in story.article_ids} == {"a0", "a1", "a2"}
    assert {story.id for story in first} <= {story.id for story in store.iter_stories()}
    assert link_stories(store) == []


def test_a_schema_2_store_upgrades_and_relinks_in_full(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = sqlite_at_version(path, 2)
    db.execute(
        "INSERT INTO meta (key, value) VALUES ('stories.threads', '[]'), ('stories.state', '{}')"
    )
    db.commit()
    db.close()
    store = SQLiteStore(path)
    assert store.schema_version == MIGRATIONS[-1][0]
    store.add_articles([Article(id="a0", text="A ferry ran aground near the harbour of Oslo.")])
    assert [story.article_ids for story in link_stories(store)] == [("a0",)]
    assert not store.get_meta("stories.threads")  # the old JSON is gone
    store.close()


def test_the_link_watermark_moves_with_every_write_linking_reads(store: SQLStore) -> None:
    from dateline.records import Annotations

    marks = [store.link_watermark()]
    _stories(store)
    marks.append(store.link_watermark())
    store.put_annotations([Annotations("a3", (), (), (), ())])
    marks.append(store.link_watermark())
    store.put_annotations([Annotations("a3", (), (), (), ())])  # the same again, same second
    marks.append(store.link_watermark())
    store.remove_story_members(["a2"])
    marks.append(store.link_watermark())
    store.add_correction("rename", {"name": "Oslo", "new": "Oslo, Norway"})
    marks.append(store.link_watermark())
    assert len(set(marks)) == len(marks)
    assert store.link_watermark() == marks[-1]  # reading changes nothing


def test_the_articles_in_no_story_are_marked_as_they_are_stored_placed_and_unplaced(
    store: SQLStore,
) -> None:
    _stories(store)  # a0, a1 in s1, a2 in s2, a3 in none
    waiting = {str(row["article_id"]) for row in store._query("SELECT * FROM link_unplaced")}
    assert waiting == {"a3"} and store.unlinked_article_ids() == ["a3"]
    store.update_stories([Story(id="s3", title="Three", article_ids=("a3",))])
    assert store.unlinked_article_ids() == []
    store.update_stories([Story(id="s1", title="One", article_ids=("a0",))])  # a1 left s1
    assert store.unlinked_article_ids() == ["a1"]
    store.remove_story_members(["a2", "a3"])  # s2 and s3 go with them
    assert store.unlinked_article_ids() == ["a1", "a2", "a3"]
    store.add_articles([Article(id="a00", text="A later article about the harbour.")])
    assert store.unlinked_article_ids() == ["a00", "a1", "a2", "a3"]  # by id
    store.clear_story_links()
    assert store.unlinked_article_ids() == ["a0", "a00", "a1", "a2", "a3"]
    store.update_stories([Story(id="s9", title="All", article_ids=("a0", "a00", "a1", "a2"))])
    assert store.unlinked_article_ids() == ["a3"]


def _schema_11_store(location: str, open_store: Callable[[str], SQLStore]) -> None:
    """Make ``location`` a store of schema 11 (before the marks) holding four articles, three
    of them in stories."""
    import dateline.store.postgres as postgres
    import dateline.store.postgres_schema as postgres_schema
    import dateline.store.sqlite as sqlite

    with pytest.MonkeyPatch.context() as patch:
        for module, schema in ((sqlite, MIGRATIONS), (postgres, postgres_schema.MIGRATIONS)):
            patch.setattr(module, "MIGRATIONS", [(v, s) for v, s in schema if v <= 11])
            patch.setattr(module, "LATEST_VERSION", 11)
        store = open_store(location)
        assert store.schema_version == 11
        _stories(store)
        store.close()


def _upgrades_with_the_articles_in_no_story_marked(
    location: str, open_store: Callable[[str], SQLStore]
) -> None:
    _schema_11_store(location, open_store)
    store = open_store(location)
    assert store.schema_version == MIGRATIONS[-1][0]
    assert store.unlinked_article_ids() == ["a3"]  # only what the link had not placed
    assert store.stories_of_articles(["a0", "a1", "a2"]) == {"a0": "s1", "a1": "s1", "a2": "s2"}
    store.add_articles([Article(id="a4", text="A later article about the harbour.")])
    assert store.unlinked_article_ids() == ["a3", "a4"]  # kept from now on
    store.close()


def test_a_schema_11_sqlite_store_upgrades_with_the_articles_in_no_story_marked(
    tmp_path: Path,
) -> None:
    _upgrades_with_the_articles_in_no_story_marked(str(tmp_path / "old.db"), SQLiteStore)


def test_a_schema_11_postgres_store_upgrades_with_the_articles_in_no_story_marked(
    postgres_admin_url: str,
) -> None:
    from dateline.store.postgres import PostgresStore
    from tests.store.conftest import make_postgres_database

    location = make_postgres_database(postgres_admin_url)
    _upgrades_with_the_articles_in_no_story_marked(location, PostgresStore)

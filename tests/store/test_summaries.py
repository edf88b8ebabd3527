"""Per-entity and per-story summaries: kept up to date by the store as links change, in every
backend, and filled in when an older store is upgraded."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from dateline.records import Annotations, Article, Entity, Event, Mention, Quote, Story, TimeExpr
from dateline.store.paging import ID_PAGE
from dateline.store.sql import SQLStore
from dateline.store.sqlite import SQLiteStore
from dateline.store.sqlite_schema import LATEST_VERSION
from tests.store.conftest import downgrade_sqlite

#: (article id, publication date, text); every article names Ada Lund, some Bo Park and Oslo
TEXTS = (
    ("a1", "2020-01-05", "Ada Lund met Bo Park in Oslo on Monday."),
    ("a2", "2021-03-09", "Ada Lund said: “We agree.” Bo Park left."),
    ("a3", "2019-07-30", "Ada Lund visited Oslo."),
    ("a4", None, "Ada Lund wrote again."),
)
NAMES = {"Ada Lund": ("E_ada", "PERSON"), "Bo Park": ("E_bo", "PERSON"), "Oslo": ("E_oslo", "GPE")}


def _mentions(article_id: str, text: str) -> list[Mention]:
    found = []
    for name, (entity_id, label) in NAMES.items():
        start = text.find(name)
        if start >= 0:
            found.append(Mention(article_id, start, start + len(name), name, label, entity_id))
    return found


def fill(store: SQLStore) -> None:
    store.add_articles(
        [
            Article(id=i, text=text, title=f"title {i}", published=date, published_basis="metadata")
            for i, date, text in TEXTS
        ]
    )
    annotations = []
    for article_id, _, text in TEXTS:
        quotes: tuple[Quote, ...] = ()
        events: tuple[Event, ...] = ()
        times: tuple[TimeExpr, ...] = ()
        if article_id == "a2":
            start = text.index("We")
            quotes = (
                Quote(article_id, start, start + 9, "We agree.", "direct", "say", 0, 8, "Ada Lund"),
            )
        if article_id == "a1":
            met = text.index("met")
            events = (
                Event(
                    id="ev1",
                    article_id="a1",
                    trigger_start=met,
                    trigger_end=met + 3,
                    trigger="met",
                    category="consult",
                    when="2020-01-06",
                    when_basis="resolved",
                    sentence_start=0,
                    sentence_end=len(text),
                    sentence=text,
                    actor_spans=((0, 8),),
                    target_spans=((text.index("Bo"), text.index("Bo") + 7),),
                ),
            )
            monday = text.index("Monday")
            times = (TimeExpr("a1", monday, monday + 6, "Monday", "DATE", "2020-01-06"),)
        annotations.append(
            Annotations(article_id, tuple(_mentions(article_id, text)), times, quotes, events)
        )
    store.put_annotations(annotations)
    links = [
        (m.article_id, m.start, m.end, m.entity_id or "")
        for ann in annotations
        for m in ann.mentions
    ]
    entities = [
        Entity(
            entity_id,
            name,
            label,
            ((name, 1),),
            article_ids=tuple(a for a, _, t in TEXTS if name in t),
        )
        for name, (entity_id, label) in NAMES.items()
    ]
    store.replace_entities(entities, links)


def test_entity_summaries_follow_the_links(store: SQLStore) -> None:
    fill(store)
    ada = store.entity_summary("E_ada")
    assert ada is not None
    assert (ada.article_count, ada.mention_count, ada.quote_count, ada.event_count) == (4, 4, 1, 1)
    assert (ada.first_published, ada.last_published) == ("2019-07-30", "2021-03-09")
    assert store.entity_summary("E_nobody") is None
    # latest first, the undated article last, one page at a time
    assert store.entity_article_ids("E_ada", limit=10) == ["a2", "a1", "a3", "a4"]
    assert store.entity_article_ids("E_ada", limit=2, offset=1) == ["a1", "a3"]
    # a cursor: the articles after a given one, the undated last
    assert store.entity_article_ids("E_ada", limit=2, before="a2") == ["a1", "a3"]
    assert store.entity_article_ids("E_ada", limit=2, before="a3") == ["a4"]
    assert store.entity_article_ids("E_ada", before="a4") == []
    with pytest.raises(KeyError, match="a9"):
        store.entity_article_ids("E_ada", before="a9")
    with pytest.raises(KeyError):
        store.entity_article_ids("E_bo", before="a3")  # not one of Bo Park's
    assert store.co_occurring("E_ada") == [("E_bo", 2), ("E_oslo", 2)]
    assert store.co_occurring("E_oslo", limit=1) == [("E_ada", 2)]


def _summary_rows(store: SQLStore) -> dict[str, list[tuple[object, ...]]]:
    return {
        table: sorted(tuple(row) for row in store._query(f"SELECT * FROM {table}"))
        for table in ("entity_articles", "entity_summaries", "entity_cooccurrence")
    }


@pytest.mark.parametrize("published", ["2024-01-01", "2019-01-01", None])
def test_a_new_date_ends_where_rebuilding_the_summaries_ends(
    store: SQLStore, published: str | None
) -> None:
    fill(store)
    article = store.get_article("a3")
    assert article is not None
    store.update_article(replace(article, published=published))
    updated = _summary_rows(store)
    store.refresh_summaries()
    assert updated == _summary_rows(store)


def test_a_new_date_and_new_links_refresh_the_summaries(store: SQLStore) -> None:
    fill(store)
    article = store.get_article("a3")
    assert article is not None
    store.update_article(replace(article, published="2024-01-01"))
    assert store.entity_article_ids("E_ada", limit=1) == ["a3"]
    summary = store.entity_summary("E_oslo")
    assert summary is not None and summary.last_published == "2024-01-01"
    # a re-link that leaves Bo Park unlinked forgets him everywhere
    links = [
        (m.article_id, m.start, m.end, m.entity_id or "")
        for article_id, _, _ in TEXTS
        for m in store.iter_mentions(article_id)
        if m.entity_id != "E_bo"
    ]
    store.replace_entities(
        [e for e in store.iter_entities() if e.id != "E_bo"],
        links,
    )
    assert store.entity_summary("E_bo") is None
    assert store.co_occurring("E_ada") == [("E_oslo", 2)]


def test_story_entities_and_batch_reads(store: SQLStore) -> None:
    fill(store)
    store.replace_stories([Story("S1", "Lund and Park", ("a1", "a2")), Story("S2", "x", ("a3",))])
    assert store.story_entities("S1") == [("E_ada", 2), ("E_bo", 2), ("E_oslo", 1)]
    assert store.story_entities("S1", limit=1) == [("E_ada", 2)]
    assert store.story_entities("S2") == [("E_ada", 1), ("E_oslo", 1)]
    assert [a.id for a in store.get_articles(["a3", "missing", "a1", "a3"])] == ["a3", "a1"]
    assert [e.id for e in store.events_in(["a1", "a2"], entity_id="E_bo")] == ["ev1"]
    assert store.events_in(["a2", "a3"]) == []
    # participants come with the events, by role, however many ids are asked for
    (met,) = store.events_in(["a1"])
    assert (met.actor_ids, met.target_ids) == (("E_ada",), ("E_bo",))
    assert store.events_in([f"missing{i}" for i in range(ID_PAGE)] + ["a1", "a1"]) == [met]
    assert list(store.iter_events(article_id="a1")) == [met]
    assert [q.text for q in store.quotes_in(["a1", "a2"], speaker_id="E_ada")] == ["We agree."]
    assert store.quotes_in(["a1", "a2"], speaker_id="E_bo") == []
    assert [t.value for t in store.times_in(["a1", "a2"])] == ["2020-01-06"]
    light = store.get_entities(["E_ada", "E_none"], articles=False)
    assert list(light) == ["E_ada"] and light["E_ada"].article_ids == ()
    assert len(store.get_entities(["E_ada"])["E_ada"].article_ids) == 4
    # linking reads only names: the same names, for the ids stored, over pages of ids
    names = store.entity_names([f"missing{i}" for i in range(ID_PAGE)] + ["E_bo", "E_ada"])
    assert names == {e.id: e.name for e in store.get_entities(["E_ada", "E_bo"]).values()}


def test_incremental_story_writes_refresh_the_story_entities(store: SQLStore) -> None:
    fill(store)
    store.replace_stories([Story("S1", "Lund and Park", ("a1", "a2"))])
    store.update_stories([Story("S1", "Lund and Park", ("a1", "a2", "a3"))])
    assert store.story_entities("S1") == [("E_ada", 3), ("E_bo", 2), ("E_oslo", 2)]
    store.remove_story_members(["a1", "a3"])
    assert store.story_entities("S1") == [("E_ada", 1), ("E_bo", 1)]
    store.remove_story_members(["a2"])  # the story is left empty, so it goes
    assert store.story_entities("S1") == []
    store.update_stories([Story("S2", "Oslo", ("a3",))])
    store.clear_story_links()
    assert store.story_entities("S2") == []


def test_a_partial_refresh_rebuilds_only_the_entities_named(store: SQLStore) -> None:
    fill(store)
    store.replace_stories([Story("S1", "Lund and Park", ("a1", "a2"))])
    store.refresh_summaries(["E_bo"], [])
    store.refresh_summaries([], ["S1"])
    store.refresh_summaries([], [])
    assert store.story_entities("S1") == [("E_ada", 2), ("E_bo", 2), ("E_oslo", 1)]
    summary = store.entity_summary("E_bo")
    assert summary is not None and summary.article_count == 2
    assert store.co_occurring("E_bo") == [("E_ada", 2), ("E_oslo", 1)]


def test_a_version_3_store_gets_summaries_from_its_links(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    store = SQLiteStore(path)
    fill(store)
    # make it what version 3 was: the same tables, less the summaries
    with sqlite3.connect(path) as db:
        downgrade_sqlite(db, 3)
    db.close()
    store.close()
    upgraded = SQLiteStore(path)
    try:
        assert upgraded.schema_version == LATEST_VERSION >= 4
        assert upgraded.entity_article_ids("E_ada") == ["a2", "a1", "a3", "a4"]
        assert upgraded.co_occurring("E_bo") == [("E_ada", 2), ("E_oslo", 1)]
    finally:
        upgraded.close()


def test_an_entity_reads_its_articles_from_its_summary_rows(store: SQLStore) -> None:
    fill(store)
    ada = store.get_entity("E_ada")
    assert ada is not None and ada.article_ids == ("a1", "a2", "a3", "a4")
    assert store.get_entities(["E_bo", "E_oslo"])["E_bo"].article_ids == ("a1", "a2")
    assert {e.id: e.article_ids for e in store.iter_entities(label="GPE")} == {
        "E_oslo": ("a1", "a3")
    }
    assert [e.article_ids for e in store.iter_entities(articles=False)] == [(), (), ()]
    # the row holds no list to rewrite when a batch names the entity once more
    assert {row["article_ids"] for row in store._query("SELECT article_ids FROM entities")} == {
        "[]"
    }
    store.replace_entities([], [])
    assert store.get_entity("E_ada") is None


def test_a_version_15_store_drops_its_entity_article_lists(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    store = SQLiteStore(path)
    fill(store)
    store.close()
    with sqlite3.connect(path) as db:  # schema 15 kept each entity's articles in its row
        downgrade_sqlite(db, 15)
        db.execute("""UPDATE entities SET article_ids = '["a1", "a2"]'""")
    db.close()
    upgraded = SQLiteStore(path)
    try:
        assert upgraded.schema_version == LATEST_VERSION >= 16
        rows = upgraded._query("SELECT article_ids FROM entities")
        assert {row["article_ids"] for row in rows} == {"[]"}
        ada = upgraded.get_entity("E_ada")
        assert ada is not None and ada.article_ids == ("a1", "a2", "a3", "a4")
    finally:
        upgraded.close()

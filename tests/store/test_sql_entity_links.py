"""Entity linking's stored state and incremental writes, on every backend."""

from __future__ import annotations

from collections import Counter

import pytest

from dateline.link import entity_state
from dateline.link.entity_edits import merge_entities, relink
from dateline.link.entity_state import link_entities_in
from dateline.link.names import name_key, part_keys
from dateline.records import Annotations, Article, Event, Mention, Quote, Story
from dateline.store.schema_tables import UNPLACED_SOURCES
from dateline.store.sql import SQLStore
from tests.store.conftest import (
    downgrade_postgres,
    downgrade_sqlite,
)

# (article id, names in it): "Putin" joins "Vladimir Putin" by context, "Dmitri Peskov" is
# "Dmitry Peskov" spelled another way; Oslo's library has nothing to do with them
ARTICLES = [
    ("a0", ["Vladimir Putin", "Dmitry Peskov", "Kremlin"]),
    ("a1", ["Putin", "Dmitri Peskov", "Kremlin"]),
    ("a2", ["Oslo", "Deichman Library"]),
    ("a3", ["Vladimir Putin", "Kremlin", "Sergei Lavrov"]),
]


def _add(store: SQLStore, items: list[tuple[str, list[str]]]) -> None:
    articles, annotations = [], []
    for article_id, names in items:
        text, mentions = "", []
        for name in names:
            start = len(text)
            text += name + " spoke. "
            label = "PLACE" if name in ("Oslo", "Kremlin") else "PERSON"
            mentions.append(Mention(article_id, start, start + len(name), name, label))
        articles.append(Article(id=article_id, text=text))
        annotations.append(Annotations(article_id, tuple(mentions), (), (), ()))
    store.add_articles(articles)
    store.put_annotations(annotations)


def _links(store: SQLStore) -> dict[tuple[str, int], str | None]:
    return {(m.article_id, m.start): m.entity_id for m in store.iter_mentions()}


def test_incremental_entity_links_match_a_full_relink_on_every_backend(store: SQLStore) -> None:
    assert not store.entity_link_state_ready()
    _add(store, ARTICLES[:2])
    link_entities_in(store)  # no state yet: a full link
    assert store.entity_link_state_ready()
    assert store.changed_entity_articles() == {}
    before = {e.id: e for e in store.iter_entities()}
    _add(store, ARTICLES[2:])
    written = link_entities_in(store)
    assert {e.name for e in written.entities} >= {"Oslo", "Deichman Library", "Sergei Lavrov"}
    peskov = next(i for i, e in before.items() if "Peskov" in e.name)
    assert peskov not in {e.id for e in written.entities}  # untouched, still there
    assert store.get_entity(peskov) == before[peskov]
    incremental, entities = _links(store), sorted(store.iter_entities(), key=lambda e: e.id)
    relink(store)
    assert _links(store) == incremental
    assert sorted(store.iter_entities(), key=lambda e: e.id) == entities
    assert link_entities_in(store).entities == []


def test_a_merge_rewrites_the_entities_it_names_and_their_summaries(store: SQLStore) -> None:
    _add(store, ARTICLES)
    link_entities_in(store)
    changed = merge_entities(store, ["Sergei Lavrov", "Dmitry Peskov"])
    assert [e.name for e in changed.entities] == ["Sergei Lavrov"]
    lavrov = changed.entities[0]
    assert set(lavrov.article_ids) == {"a0", "a1", "a3"}
    summary = store.entity_summary(lavrov.id)
    assert summary is not None and summary.article_count == 3
    assert store.count_entities() == 5  # Putin, Lavrov (and Peskov), Kremlin, Oslo, library


def test_a_re_annotated_article_changes_only_what_its_mentions_change(store: SQLStore) -> None:
    _add(store, ARTICLES)
    link_entities_in(store)
    _add(store, [("a2", ["Oslo", "Deichman Library"])])  # annotated again, the same
    assert link_entities_in(store).entities == []
    oslo = {e.name: e for e in store.iter_entities()}["Oslo"]
    _add(store, [("a2", ["Oslo"])])  # the library is gone from it
    assert link_entities_in(store).entities == []  # Oslo is as it was: not written
    assert {e.name: e for e in store.iter_entities()}["Oslo"] == oslo
    assert "Deichman Library" not in {e.name for e in store.iter_entities()}


def test_blocks_read_from_a_sample_end_as_a_full_relink_on_every_backend(
    store: SQLStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a sample of one article a block, "Vladimir Putin" and "Kremlin" are read from a
    sample: a new article naming them, then a merge of Lavrov into Putin, end exactly as a
    full pass, summaries included (the merge moves Lavrov's unread mentions in SQL)."""
    monkeypatch.setattr(entity_state, "BLOCK_SAMPLE", 1)
    _add(store, ARTICLES)
    link_entities_in(store)
    _add(store, [("a4", ["Vladimir Putin", "Kremlin", "Oslo"])])
    # Putin's block has 2 stored articles, Oslo's 1
    assert store.sampled_entity_block_articles(["vladimir putin", "oslo"], 1)[1] == {
        "vladimir putin"
    }
    link_entities_in(store)
    merge_entities(store, ["Vladimir Putin", "Sergei Lavrov"])
    incremental, entities = _links(store), sorted(store.iter_entities(), key=lambda e: e.id)
    summaries = {e.id: store.entity_summary(e.id) for e in entities}
    putin = next(e for e in entities if e.name == "Vladimir Putin")
    assert set(putin.article_ids) == {"a0", "a1", "a3", "a4"}
    assert dict(putin.aliases)["Sergei Lavrov"] == 1
    relink(store)
    assert _links(store) == incremental
    assert sorted(store.iter_entities(), key=lambda e: e.id) == entities
    assert {e.id: store.entity_summary(e.id) for e in entities} == summaries


def _story_names(store: SQLStore, stories: list[str]) -> dict[str, list[tuple[str, int]]]:
    return {story: store.story_entities(story) for story in stories}


def test_story_names_follow_an_incremental_link_and_a_merge_on_every_backend(
    store: SQLStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the stories of the articles whose entity rows change are counted again: after a
    batch over blocks read from a sample and a merge, every story's names are those a
    rebuild of every summary finds."""
    monkeypatch.setattr(entity_state, "BLOCK_SAMPLE", 1)
    _add(store, ARTICLES)
    link_entities_in(store)
    stories = [Story("S1", "Kremlin", ("a0", "a1")), Story("S2", "Oslo", ("a2",))]
    store.replace_stories([*stories, Story("S3", "Lavrov", ("a3",))])
    _add(store, [("a4", ["Vladimir Putin", "Kremlin", "Oslo"])])
    store.update_stories([Story("S2", "Oslo", ("a2", "a4"))])
    link_entities_in(store)
    merge_entities(store, ["Vladimir Putin", "Sergei Lavrov"])
    names = _story_names(store, ["S1", "S2", "S3"])
    assert len(names["S3"]) == 2  # Putin, who took Lavrov's mentions, and the Kremlin
    store.refresh_summaries()
    assert _story_names(store, ["S1", "S2", "S3"]) == names


def _counts_hold(store: SQLStore) -> None:
    """Every entity's aliases, roles and articles are those of its stored mentions."""
    mentions = list(store.iter_mentions())
    for entity in store.iter_entities():
        own = [m for m in mentions if m.entity_id == entity.id]
        assert dict(entity.aliases) == dict(Counter(" ".join(m.text.split()) for m in own))
        assert set(entity.roles) == {m.role for m in own if m.role}
        assert set(entity.article_ids) == {m.article_id for m in own}


def test_counts_of_sampled_entities_follow_new_and_re_annotated_articles(
    store: SQLStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sampled entity's counts are kept by what the batch changes, counted whole when a
    mention's role changes or an article linked before is annotated again."""
    monkeypatch.setattr(entity_state, "BLOCK_SAMPLE", 1)
    _add(store, ARTICLES)
    link_entities_in(store)
    _add(store, [("a4", ["Vladimir Putin", "Kremlin"]), ("a5", ["Putin", "Kremlin"])])
    link_entities_in(store)
    _counts_hold(store)
    text = "President Vladimir Putin spoke."
    role = Mention("a6", 10, 24, "Vladimir Putin", "PERSON", role="President")
    store.add_articles([Article(id="a6", text=text)])
    store.put_annotations([Annotations("a6", (role,), (), (), ())])
    link_entities_in(store)
    _counts_hold(store)
    assert "President" in next(e for e in store.iter_entities() if e.name == "Vladimir Putin").roles
    _add(store, [("a4", ["Kremlin"])])  # Putin is gone from a4
    link_entities_in(store)
    _counts_hold(store)
    incremental = sorted(store.iter_entities(), key=lambda e: e.id)
    relink(store)
    assert sorted(store.iter_entities(), key=lambda e: e.id) == incremental


def _marked(store: SQLStore) -> set[str]:
    return {str(row["article_id"]) for row in store._query("SELECT * FROM link_entity_changes")}


def test_annotation_marks_articles_and_the_entity_link_clears_them(store: SQLStore) -> None:
    """``link_entity_changes`` holds what a link has to look at: annotation marks an article
    (new or again), the link clears the marks of the articles it saw, a link of some
    articles only leaves the others marked."""
    _add(store, ARTICLES[:2])
    assert _marked(store) == {"a0", "a1"}
    link_entities_in(store)  # a full link (no state yet)
    assert _marked(store) == set() and store.changed_entity_articles() == {}
    _add(store, ARTICLES[2:])
    _add(store, [("a1", ["Putin", "Dmitri Peskov", "Kremlin"])])  # annotated again, the same
    assert _marked(store) == {"a1", "a2", "a3"}
    assert set(store.changed_entity_articles()) == {"a1", "a2", "a3"}
    link_entities_in(store, only=["a1", "a2"])
    assert _marked(store) == {"a3"}
    assert set(store.changed_entity_articles()) == {"a3"}
    link_entities_in(store)
    assert _marked(store) == set()
    incremental = _links(store)
    relink(store)
    assert _links(store) == incremental and _marked(store) == set()


def _add_reported(store: SQLStore, items: list[tuple[str, str | None, list[str]]]) -> None:
    """Articles (id, date, names) whose first name speaks a quote and acts in an event on
    the second."""
    articles, annotations = [], []
    for article_id, day, names in items:
        text, mentions = "met. ", []
        for name in names:
            start = len(text)
            text += name + " spoke. "
            mentions.append(Mention(article_id, start, start + len(name), name, "PERSON"))
        quote_start = len(text)
        text += '"We talked," said ' + names[0]
        speaker = Mention(article_id, len(text) - len(names[0]), len(text), names[0], "PERSON")
        quote = Quote(
            article_id,
            quote_start,
            quote_start + 11,
            '"We talked,"',
            "direct",
            "said",
            speaker.start,
            speaker.end,
            names[0],
        )
        event = Event(
            id=f"{article_id}-e",
            article_id=article_id,
            trigger_start=0,
            trigger_end=3,
            trigger="met",
            category="consult",
            when=day,
            actor_spans=((mentions[0].start, mentions[0].end),),
            target_spans=((mentions[1].start, mentions[1].end),),
        )
        articles.append(Article(id=article_id, text=text, published=day))
        annotations.append(Annotations(article_id, (*mentions, speaker), (), (quote,), (event,)))
    store.add_articles(articles)
    store.put_annotations(annotations)


def _summaries(store: SQLStore) -> dict[str, object]:
    return {e.id: store.entity_summary(e.id) for e in store.iter_entities()}


def test_summaries_of_sampled_entities_after_batches_equal_a_full_recount(
    store: SQLStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sampled entity's summary row (articles, mentions, quotes, events, first and last
    date) is moved by what the batch's articles add, not counted from all its rows: after
    each batch, and after a merge, it equals a rebuild of every summary from the links."""
    monkeypatch.setattr(entity_state, "BLOCK_SAMPLE", 1)
    _add_reported(
        store,
        [
            ("a0", "2015-05-03", ["Vladimir Putin", "Kremlin"]),
            ("a1", "2015-05-05", ["Vladimir Putin", "Dmitry Peskov"]),
            ("a2", "2015-05-04", ["Dmitry Peskov", "Kremlin"]),
        ],
    )
    link_entities_in(store)
    for batch in (
        [("a3", "2015-05-01", ["Vladimir Putin", "Kremlin"])],  # an earlier first date
        [("a4", "2015-05-09", ["Putin", "Dmitry Peskov"]), ("a5", None, ["Kremlin", "Putin"])],
    ):
        _add_reported(store, batch)
        link_entities_in(store)
        incremental = _summaries(store)
        putin = next(e for e in store.iter_entities() if e.name == "Vladimir Putin")
        assert incremental[putin.id] is not None
        store.refresh_summaries()
        assert _summaries(store) == incremental
    summary = store.entity_summary(putin.id)
    assert summary is not None and summary.article_count == 5 and summary.quote_count == 4
    assert (summary.first_published, summary.last_published) == ("2015-05-01", "2015-05-09")
    merge_entities(store, ["Vladimir Putin", "Dmitry Peskov"])
    merged = _summaries(store)
    store.refresh_summaries()
    assert _summaries(store) == merged


def _reopened_before_schema_13(store: SQLStore) -> SQLStore:
    """The store as schema 12 left it (no change marks, nor what later schemas add), opened
    again: migrated to the latest."""
    from dateline.store.postgres import PostgresStore
    from dateline.store.sqlite import SQLiteStore

    with store._transaction() as db:
        if isinstance(store, SQLiteStore):
            downgrade_sqlite(db, 12)
        else:
            db.execute("DROP TRIGGER link_entity_changes_0 ON annotated")
            db.execute("DROP FUNCTION link_entity_change()")
            db.execute("DROP TABLE link_entity_changes")
            for number, (table, *_) in enumerate(UNPLACED_SOURCES):  # schema 14
                db.execute(f"DROP TRIGGER link_unplaced_{number} ON {table}")
                db.execute(f"DROP FUNCTION link_unplaced_{number}()")
            db.execute("DROP TABLE link_unplaced")
            db.execute("DROP INDEX stories_thread")
            downgrade_postgres(db, 16)
            db.execute("DELETE FROM dateline_schema WHERE version >= 13")
    store.close()
    if isinstance(store, SQLiteStore):
        return SQLiteStore(store.location)
    assert isinstance(store, PostgresStore)
    return PostgresStore(store._url)


def test_the_upgrade_marks_only_what_the_last_entity_link_did_not_see(store: SQLStore) -> None:
    """A store of schema 12 gets its change marks from the state: the articles annotated
    since its last entity link, and no others (its entities are not linked again)."""
    _add(store, ARTICLES[:2])
    link_entities_in(store)
    _add(store, ARTICLES[2:3])
    upgraded = _reopened_before_schema_13(store)
    try:
        assert _marked(upgraded) == {"a2"}
        assert upgraded.entity_link_state_ready()
        written = link_entities_in(upgraded)
        assert {e.name for e in written.entities} == {"Oslo", "Deichman Library"}
        assert _marked(upgraded) == set()
    finally:
        upgraded.close()


def test_a_name_lookup_reads_only_the_forms_that_may_hold_its_key(store: SQLStore) -> None:
    """The spelling's characters in order, whatever lies between or their ASCII case, and
    every form with a character outside printable ASCII; a LIKE wildcard in it is a
    character like any other."""
    names = ["Conan O'Brien", "OBRIEN", "Ó Briain", "Obama", "Rate of 100%", "Rate of 1000"]
    _add(store, [("b0", names)])
    link_entities_in(store)
    every = store.entities_named_in_blocks(["obama"])  # every name of b0
    assert {text for _, text, _ in every} == set(names)
    found = store.entities_named_in_blocks(["obama"], spelling="obrien")
    assert {text for _, text, _ in found} == {"Conan O'Brien", "OBRIEN", "Ó Briain"}
    percent = store.entities_named_in_blocks(["obama"], spelling="100%")
    assert {text for _, text, _ in percent} == {"Rate of 100%", "Ó Briain"}


def test_an_entity_lookup_by_name_reads_the_entities_holding_every_key_of_it(
    store: SQLStore,
) -> None:
    """The entities whose names hold every part key of the name asked for: each entity whose
    name has its name key among them; a LIKE wildcard or a quote is a character like any."""
    names = ["Conan O'Brien", "Ó Briain", "Obama", "Rate of 100%", "Rate of 1000", "O'Brien"]
    _add(store, [(f"b{number}", [name]) for number, name in enumerate(names)])
    link_entities_in(store)
    entities = {entity.id: entity.name for entity in store.iter_entities(articles=False)}
    assert set(entities.values()) == set(names)
    for asked in ("O'Brien", "OBRIEN", "Rate of 100%", "OBAMA", "ó briain", "nobody", "%"):
        keys = part_keys(asked)
        expected = {
            (entity_id, name)
            for entity_id, name in entities.items()
            if keys and keys <= set().union(*(part_keys(n) for n in [name]))
        }
        found = set(store.entities_with_every_part_key(keys))
        assert found == expected, asked
        assert {n for _, n in found if name_key(n) == name_key(asked)} == {
            n for n in names if name_key(n) == name_key(asked)
        }, asked
    assert store.entities_with_every_part_key(set()) == []


def test_a_block_sample_is_each_key_s_first_articles_on_every_backend(store: SQLStore) -> None:
    _add(store, ARTICLES)
    _add(store, [(f"p{i}", ["Vladimir Putin", "Oslo"]) for i in range(5)])
    link_entities_in(store)
    keys = ["vladimir putin", "oslo", "kremlin", "nobody", "oslo"]
    articles, big = store.sampled_entity_block_articles(keys, 3)
    assert big == {"vladimir putin", "oslo"}  # 7 and 6 articles; the Kremlin's 3 are all
    # Putin's first three (a1 names him "Putin", another block), Oslo's, the Kremlin's
    assert articles == {"a0", "a3", "p0"} | {"a2", "p0", "p1"} | {"a0", "a1", "a3"}
    assert store.sampled_entity_block_articles([], 3) == (set(), set())

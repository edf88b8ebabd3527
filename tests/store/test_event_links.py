"""Cross-article event clusters in their own tables, linked a batch at a time, in every
backend: what a batch reads, what it changes, and what a re-annotation or a lost story does."""

from __future__ import annotations

from pathlib import Path

from dateline.link.event_linking import link_events
from dateline.link.events import load_event_clusters, load_event_links
from dateline.records import Annotations, Article, Event, Mention, Story
from dateline.store.sql import SQLStore
from dateline.store.sqlite import SQLiteStore
from dateline.store.sqlite_schema import MIGRATIONS
from tests.store.conftest import sqlite_at_version

TEXT = "Lund visited Park in Oslo."  # Lund 0-4, visited 5-12, Park 13-17


def _article(store: SQLStore, article_id: str, published: str, trigger: str = "visited") -> None:
    """One article whose one event has Lund as actor and Park as target."""
    text = TEXT.replace("visited", trigger)
    store.add_articles(
        [Article(id=article_id, text=text, published=published, published_basis="metadata")]
    )
    park = text.index("Park")
    mentions = (
        Mention(article_id, 0, 4, "Lund", "PERSON", "E_lund"),
        Mention(article_id, park, park + 4, "Park", "PERSON", "E_park"),
    )
    event = Event(
        id=f"{article_id}-e",
        article_id=article_id,
        trigger_start=5,
        trigger_end=5 + len(trigger),
        trigger=trigger,
        category="consult",
        when=published,
        when_basis="stated",
        sentence=text,
        sentence_end=len(text),
        actor_spans=((0, 4),),
        target_spans=((park, park + 4),),
    )
    store.put_annotations([Annotations(article_id, mentions, (), (), (event,))])


def _clusters(store: SQLStore) -> set[frozenset[str]]:
    return {frozenset(c.event_ids) for c in load_event_clusters(store)}


def test_a_batch_joins_the_stored_cluster_it_meets_and_leaves_the_rest(store: SQLStore) -> None:
    _article(store, "a1", "2015-05-09")
    _article(store, "b1", "2019-04-25")
    store.replace_stories([Story("s1", "visit", ("a1",)), Story("s2", "other visit", ("b1",))])
    link_events(store)
    assert _clusters(store) == {frozenset({"a1-e"}), frozenset({"b1-e"})}
    assert store.event_link_changes() == ([], [])
    before = {c.id: c for c in load_event_clusters(store)}
    # a later article of another story reports the 2015 visit: same word, same participants
    _article(store, "a2", "2015-05-09")
    store.update_stories([Story("s3", "visit again", ("a2",))])
    assert store.event_link_changes() == (["a2-e"], [])
    written = link_events(store)
    assert [set(c.event_ids) for c in written] == [{"a1-e", "a2-e"}]
    after = {c.id: c for c in load_event_clusters(store)}
    assert after[written[0].id].story_ids == ("s1", "s3")
    b1 = next(c for c in before.values() if c.event_ids == ("b1-e",))
    assert after[b1.id] == b1  # not met: not written
    assert store.event_link_changes() == ([], [])
    assert link_events(store) == []
    # the incremental result is the full pass's
    full = link_events(store, full=True)
    assert {frozenset(c.event_ids) for c in full} == _clusters(store)


def _marked(store: SQLStore) -> set[str]:
    return {str(r["article_id"]) for r in store._query("SELECT article_id FROM link_event_changes")}


def test_a_batch_looks_only_at_the_articles_changed_since_the_last_link(store: SQLStore) -> None:
    """Triggers mark the articles whose events, story, date or annotation changed; a link
    looks at those alone and clears them, so what it reads does not grow with the corpus."""
    for article_id in ("a1", "a2", "a3"):
        _article(store, article_id, "2015-05-09")
    store.replace_stories([Story("s1", "visit", ("a1", "a2", "a3"))])
    assert _marked(store) == {"a1", "a2", "a3"}
    link_events(store)
    assert _marked(store) == set()
    assert link_events(store) == []  # nothing marked, nothing read
    _article(store, "a4", "2015-05-09")
    assert _marked(store) == {"a4"}
    store.update_stories([Story("s2", "visit again", ("a4",))])
    a2 = store.get_article("a2")
    assert a2 is not None
    store.update_article(Article(id="a2", text=a2.text, published="2015-05-10"))
    assert _marked(store) == {"a2", "a4"}
    seen = store.event_link_changes()
    assert seen == (["a4-e", "a2-e"], [])
    # changed after the marks were read (while a link runs): kept for the next link
    _article(store, "a5", "2015-05-11")
    store.update_article(Article(id="a4", text=TEXT, published="2015-05-12"))
    store.save_event_clusters([], [])
    assert _marked(store) == {"a4", "a5"}
    link_events(store)
    assert _marked(store) == set()


def test_a_changed_or_unplaced_event_is_linked_again(store: SQLStore) -> None:
    for article_id in ("a1", "a2"):
        _article(store, article_id, "2015-05-09")
    store.replace_stories([Story("s1", "visit", ("a1", "a2"))])
    link_events(store)
    assert _clusters(store) == {frozenset({"a1-e", "a2-e"})}
    # re-annotated without its event: the event leaves its cluster
    store.put_annotations([Annotations("a2", (), (), (), ())])
    assert store.event_link_changes() == ([], ["a2-e"])
    link_events(store)
    assert _clusters(store) == {frozenset({"a1-e"})}
    # its article leaves the story (as set-date does): its events leave their clusters
    store.remove_story_members(["a1"])
    assert store.event_link_changes() == ([], ["a1-e"])
    link_events(store)
    assert _clusters(store) == set()


def test_links_between_clusters_of_one_thread_are_kept_per_batch(store: SQLStore) -> None:
    _article(store, "a1", "2015-05-09", trigger="invited")
    store.replace_stories([Story("s1", "invitation", ("a1",), thread_id="t1")])
    link_events(store)
    _article(store, "a2", "2015-05-09", trigger="accepted")
    store.update_stories([Story("s2", "acceptance", ("a2",), thread_id="t1")])
    link_events(store)
    incremental = {(k.earlier, k.later, k.reason) for k in load_event_links(store)}
    assert len(incremental) == 1 and "agreeing dates" in next(iter(incremental))[2]
    link_events(store, full=True)
    assert {(k.earlier, k.later, k.reason) for k in load_event_links(store)} == incremental


def test_a_schema_4_store_upgrades_and_clusters_every_event_on_the_next_link(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.db"
    db = sqlite_at_version(path, 4)
    db.execute(
        "INSERT INTO meta (key, value) VALUES ('events.clusters', '{\"clusters\": []}'), "
        "('link.watermark', '1|1|1|None')"
    )
    db.commit()
    db.close()
    store = SQLiteStore(path)
    assert store.schema_version == MIGRATIONS[-1][0]
    assert store.get_meta("events.clusters") is None and store.get_meta("link.watermark") is None
    _article(store, "a1", "2015-05-09")
    store.replace_stories([Story("s1", "visit", ("a1",))])
    link_events(store)
    assert _clusters(store) == {frozenset({"a1-e"})}
    store.close()


def test_a_cluster_met_through_one_member_is_read_whole(store: SQLStore) -> None:
    # a0 and a1 (two stories) are one visit; a later batch meets a1 only, through its story
    _article(store, "a0", "2015-05-09")
    _article(store, "a1", "2015-05-09")
    store.replace_stories([Story("s2", "visit", ("a0",)), Story("s1", "visit too", ("a1",))])
    link_events(store)
    (visit,) = load_event_clusters(store)
    assert set(visit.event_ids) == {"a0-e", "a1-e"}
    _article(store, "a2", "2019-01-01", trigger="attacked")  # another date: no join
    store.update_stories([Story("s1", "visit too", ("a1", "a2"))])
    assert [c.event_ids for c in link_events(store)] == [("a2-e",)]
    assert visit in load_event_clusters(store)  # met, unchanged, not rewritten


def test_the_events_of_participants_are_read_in_the_stories_and_threads_asked_for(
    store: SQLStore,
) -> None:
    for article_id in ("a1", "a2", "a3", "a4", "a5"):
        _article(store, article_id, "2015-05-09")
    store.replace_stories(
        [
            Story("s1", "one", ("a1",), thread_id="t1"),
            Story("s2", "two", ("a2",), thread_id="t1"),
            Story("s3", "three", ("a3",), thread_id="t2"),
            Story("s4", "four", ("a4",)),
        ]
    )  # a5 is in no story
    assert sorted(store.events_with_participants(["E_lund"], {"s4"}, {"t1"})) == [
        "a1-e",
        "a2-e",
        "a4-e",
    ]
    assert store.events_with_participants(["E_park"], set(), {"t2"}) == ["a3-e"]
    assert store.events_with_participants(["E_nobody"], {"s1", "s4"}, {"t1"}) == []

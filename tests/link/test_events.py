"""Cross-document events on the seeds (through the real pipeline) and on small cases."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from dateline.api import Corpus, open_corpus
from dateline.link.event_linking import link_events
from dateline.link.events import (
    EventCluster,
    EventMention,
    cluster_events,
    dates_agree,
    load_event_clusters,
    load_event_links,
    trigger_stem,
)
from dateline.records import Article, Event
from tests.conftest import SEEDS


@pytest.fixture(scope="module")
def seed_corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Corpus]:
    corpus = open_corpus(tmp_path_factory.mktemp("events") / "corpus.db")
    corpus.ingest([SEEDS])
    corpus.annotate()
    corpus.link()
    yield corpus
    corpus.close()


def _events(corpus: Corpus) -> dict[str, Event]:
    return {event.id: event for event in corpus.store.iter_events()}


def _cluster_with(
    clusters: list[EventCluster], events: dict[str, Event], trigger: str, year: str
) -> EventCluster:
    return next(
        cluster
        for cluster in clusters
        for event_id in cluster.event_ids
        if events[event_id].trigger == trigger and (events[event_id].when or "").startswith(year)
    )


def test_the_2014_invitation_is_one_event_and_the_2019_back_reference_links_to_it(
    seed_corpus: Corpus,
) -> None:
    store = seed_corpus.store
    events = _events(seed_corpus)
    clusters = load_event_clusters(store)
    assert sorted(e for c in clusters for e in c.event_ids) == sorted(events)  # a partition
    # "Putin has invited ... Kim Jong-un" and "The invitation by the Kremlin to Kim Jong-un"
    invitation = _cluster_with(clusters, events, "invited", "2014")
    assert {events[e].trigger for e in invitation.event_ids} == {"invited", "invitation"}
    assert invitation.id.startswith("ec-")
    # 2019: "he refused to accept an invitation to Moscow to participate in the 70th anniversary"
    refusal = _cluster_with(clusters, events, "accept", "2015-05")
    assert refusal.story_ids != invitation.story_ids  # another story of the same thread
    links = {(link.earlier, link.later): link for link in load_event_links(store)}
    assert (invitation.id, refusal.id) in links
    assert "refused to accept an invitation" in links[invitation.id, refusal.id].sentence
    # and the planned attendance of May 9, 2015 agrees in date and participants with it
    attendance = _cluster_with(clusters, events, "attend", "2015-05-09")
    assert "agreeing dates" in links[attendance.id, refusal.id].reason
    # the 2019 summit and the talks between the same two leaders are one event
    summit = _cluster_with(clusters, events, "summit", "2019")
    assert {events[e].trigger for e in summit.event_ids} == {"summit", "talks"}


def test_event_clusters_are_stored_and_stable_across_runs(seed_corpus: Corpus) -> None:
    store = seed_corpus.store
    first = link_events(store, full=True)
    assert load_event_clusters(store) == first  # in arrival order, members earliest first
    assert link_events(store, full=True) == first
    assert link_events(store) == []  # nothing new: nothing linked again
    assert load_event_clusters(store) == first


def _event(
    event_id: str,
    article_id: str,
    actors: tuple[str, ...],
    when: str,
    basis: str = "stated",
    trigger: str = "visited",
    category: str = "consult",
) -> Event:
    return Event(
        id=event_id,
        article_id=article_id,
        trigger_start=0,
        trigger_end=len(trigger),
        trigger=trigger,
        category=category,
        actor_ids=actors,
        when=when,
        when_basis=basis,  # type: ignore[arg-type]
        sentence=f"{trigger} {' '.join(actors)}",
    )


def _mentions(*events: Event, story: str = "s1") -> list[EventMention]:
    return [EventMention(event, rank, story, None) for rank, event in enumerate(events)]


def test_conflicting_dates_or_categories_keep_events_apart() -> None:
    mentions = _mentions(
        _event("e1", "a1", ("putin", "kim"), "2015-05-09"),
        _event("e2", "a2", ("putin", "kim"), "2015-05"),  # agrees: same event
        _event("e3", "a3", ("putin", "kim"), "2019-04-25"),  # another visit
        _event("e4", "a4", ("putin", "kim"), "2015-05", category="agree", trigger="signed"),
        _event("e5", "a5", ("putin", "kim"), "2014-12-19", basis="article"),  # undated: joins
    )
    groups = {frozenset(cluster.event_ids) for cluster in cluster_events(mentions).clusters}
    assert groups == {frozenset({"e1", "e2", "e5"}), frozenset({"e3"}), frozenset({"e4"})}


def test_a_complete_link_stops_chains_of_loose_matches() -> None:
    # e1~e2 (same day) and e2~e3 (e2 is only "2015"), but e1 and e3 name different days
    mentions = _mentions(
        _event("e1", "a1", ("putin", "kim"), "2015-05-09"),
        _event("e2", "a2", ("putin", "kim"), "2015"),
        _event("e3", "a3", ("putin", "kim"), "2015-09-01"),
    )
    groups = [set(cluster.event_ids) for cluster in cluster_events(mentions).clusters]
    assert {"e1", "e3"} not in [group & {"e1", "e3"} for group in groups]
    assert len(groups) == 2


def test_helpers() -> None:
    assert trigger_stem("invited") == trigger_stem("invitation") == trigger_stem("invite")
    assert dates_agree("2015-05", "2015-05-09") and not dates_agree("2015-05", "2015-06-01")


def test_events_without_a_story_are_left_out(tmp_path: Path) -> None:
    corpus = open_corpus(tmp_path / "empty.db")
    assert link_events(corpus.store) == []
    assert load_event_clusters(corpus.store) == []
    corpus.close()


def _story_mentions(*placed: tuple[Event, str, str | None]) -> list[EventMention]:
    return [
        EventMention(event, rank, story, None, firm_day)
        for rank, (event, story, firm_day) in enumerate(placed)
    ]


def _groups(mentions: list[EventMention]) -> set[frozenset[str]]:
    return {frozenset(cluster.event_ids) for cluster in cluster_events(mentions).clusters}


def test_one_happening_in_two_stories_is_one_event_with_both_sources() -> None:
    resigned = ("blair",)
    mentions = _story_mentions(
        (
            _event("e1", "a1", resigned, "2005-05-06", "article", "resigned", "yield"),
            "s1",
            "2005-05-06",
        ),
        (
            _event("e2", "a2", resigned, "2005-05-07", "article", "resigned", "yield"),
            "s2",
            "2005-05-07",
        ),
    )
    (cluster,) = cluster_events(mentions).clusters
    assert cluster.article_ids == ("a1", "a2") and cluster.story_ids == ("s1", "s2")


def test_guessed_dates_neither_join_nor_split() -> None:
    # times resolved against guessed article dates (basis "inferred") disagree: no conflict
    inferred = [
        _event("e1", "a1", ("kim",), "2015-05-09", "inferred", "resigned", "yield"),
        _event("e2", "a2", ("kim",), "2011-01-01", "inferred", "resigned", "yield"),
    ]
    assert _groups(_story_mentions((inferred[0], "s1", None), (inferred[1], "s1", None))) == {
        frozenset({"e1", "e2"})
    }
    # guessed article days are no evidence either way: only firm ones, far apart, split
    far = _story_mentions(
        (
            _event("e1", "a1", ("kim",), "2005-01-01", "article", "resigned", "yield"),
            "s1",
            "2005-01-01",
        ),
        (
            _event("e2", "a2", ("kim",), "2008-01-01", "article", "resigned", "yield"),
            "s2",
            "2008-01-01",
        ),
    )
    assert len(_groups(far)) == 2
    guessed = _story_mentions(
        (_event("e1", "a1", ("kim",), "2005-01-01", "article", "resigned", "yield"), "s1", None),
        (_event("e2", "a2", ("kim",), "2008-01-01", "article", "resigned", "yield"), "s2", None),
    )
    assert len(_groups(guessed)) == 1


def test_a_stated_date_after_the_other_report_splits() -> None:
    mentions = _story_mentions(
        (_event("e1", "a1", ("kim",), "2019-04-25", "stated", "visited"), "s1", "2019-04-26"),
        (_event("e2", "a2", ("kim",), "2015-05-01", "article", "visited"), "s2", "2015-05-01"),
    )
    assert len(_groups(mentions)) == 2


def test_negated_events_and_other_participants_stay_apart() -> None:
    negated = replace(_event("e2", "a2", ("kim",), "2015-05", "stated"), modality="negated")
    mentions = _story_mentions(
        (_event("e1", "a1", ("kim",), "2015-05", "stated"), "s1", None),
        (negated, "s1", None),
        (_event("e3", "a3", ("merkel",), "2015-05", "stated"), "s1", None),
    )
    assert len(_groups(mentions)) == 3


def test_two_articles_through_the_pipeline_report_one_resignation(tmp_path: Path) -> None:
    texts = {
        "first": "Gordon Brown resigned as prime minister on 11 May 2010 after the election.",
        "second": "Gordon Brown resigned on 11 May 2010, Labour officials confirmed.",
    }
    corpus = open_corpus(tmp_path / "two.db")
    corpus.store.add_articles(
        [
            Article(id=name, text=text, published="2010-05-12", published_basis="metadata")
            for name, text in texts.items()
        ]
    )
    corpus.annotate()
    corpus.link()
    clusters = load_event_clusters(corpus.store)
    events = {event.id: event for event in corpus.store.iter_events()}
    (resignation,) = [
        c for c in clusters if {events[e].trigger for e in c.event_ids} == {"resigned"}
    ]
    assert set(resignation.article_ids) == {"first", "second"}
    corpus.close()


def test_a_mention_works_out_what_the_pair_tests_read_once() -> None:
    event = replace(
        _event("e1", "a1", ("putin", "kim"), "2015-05-09"),
        target_ids=("moscow",),
        modality="refused",
    )
    mention = EventMention(event, 0, "s1", None)
    assert mention.participants == frozenset({"putin", "kim", "moscow"})
    assert mention.actors == frozenset({"putin", "kim"})
    assert mention.when == "2015-05-09"
    assert mention.stem == trigger_stem(event.trigger)
    assert mention.settled_not
    guessed = EventMention(replace(event, when_basis="inferred"), 0, "s1", None)
    assert guessed.when is None  # a time resolved against a guessed date does not count
    # the worked-out facts follow the event: equal mentions stay equal
    assert guessed == EventMention(replace(event, when_basis="inferred"), 0, "s1", None)

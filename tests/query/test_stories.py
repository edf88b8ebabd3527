"""Story queries over a corpus built by the real pipeline: two seeds and a syndicated repost."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from dateline.api import Corpus
from dateline.query.stories import (
    list_stories,
    related_articles,
    resolve_story_id,
    story_detail,
    story_view,
)
from dateline.records import Article, Story
from dateline.store.sqlite import SQLiteStore
from tests.conftest import SEED_2014, SEED_2019


def build_seed_corpus(folder: Path) -> Path:
    """The seeds as JSON Lines with dates and outlets, plus a repost of the 2019 wire story."""
    wire = "\n".join(SEED_2019.read_text(encoding="utf-8").split("\n")[3:])
    records = [
        {
            "id": "invitation",
            "title": "Putin Invites Kim Jong-un to Moscow",
            "text": SEED_2014.read_text(encoding="utf-8"),
            "published": "2014-12-19",
            "source": "Le Monde",
        },
        {
            "id": "wire",
            "title": "Russia and North Korea summit approaches",
            "text": wire,
            "published": "2019-04-22",
            "source": "EFE",
        },
        {
            "id": "repost",
            "title": "Upcoming Russia and North Korea summit approaches",
            "text": wire + "\nNo Comments\nShare this story with your friends.",
            "published": "2019-04-23",
            "source": "Panama Now",
        },
    ]
    source = folder / "seeds.jsonl"
    source.write_text("\n".join(json.dumps(record) for record in records), encoding="utf-8")
    db = folder / "corpus.db"
    with Corpus(SQLiteStore(db)) as corpus:
        corpus.ingest([source])
        corpus.annotate()
        corpus.link()
    return db


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SQLiteStore]:
    opened = SQLiteStore(build_seed_corpus(tmp_path_factory.mktemp("stories")))
    yield opened
    opened.close()


def test_list_shows_two_stories_in_one_thread_with_the_copy_counted_once(
    store: SQLiteStore,
) -> None:
    summit, invitation = list_stories(store)  # biggest first
    assert summit.size == 2 and summit.independent_reports == 1
    assert summit.outlets == ("EFE", "Panama Now")
    assert (summit.story.first, summit.story.last) == ("2019-04-22", "2019-04-23")
    assert invitation.story.title == "Putin Invites Kim Jong-un to Moscow"
    assert summit.story.thread_id == invitation.story.thread_id is not None
    assert [s.story.id for s in list_stories(store, since="2019-01-01")] == [summit.story.id]
    assert [s.story.id for s in list_stories(store, min_size=2)] == [summit.story.id]


def test_story_detail_has_articles_copies_entities_timeline_and_thread_reason(
    store: SQLiteStore,
) -> None:
    summit = list_stories(store)[0].story
    detail = story_detail(store, summit.id[:6])
    assert detail is not None and detail.story == summit
    copies = {article.source: article.copy_of for article in detail.articles}
    assert copies["EFE"] is None and copies["Panama Now"] == detail.articles[0].id
    assert "Kim Jong-un" in dict(detail.entities)
    assert [entry.date for entry in detail.timeline] == sorted(e.date for e in detail.timeline)
    # entries of one day and article in the order of their text, not of a set's hashing
    order = [(e.date, e.kind != "published", e.article_id, e.text) for e in detail.timeline]
    assert order == sorted(order)
    assert any(entry.kind == "published" for entry in detail.timeline)
    assert len(detail.thread) == 2
    (reason,) = detail.reasons
    assert not reason.later and reason.other.title.startswith("Putin Invites")
    assert "May 2015" in reason.back_references[0]["sentence"]


def test_the_story_page_follows_the_story_rules(store: SQLiteStore) -> None:
    """The page's record and the CLI's record cite the same articles and the same events: none
    from the repost (a copy repeats its original's) and none dated only by its article."""
    summit = list_stories(store)[0].story
    view = story_view(store, summit.id[:6])
    detail = story_detail(store, summit.id, timeline_limit=1000)
    assert view is not None and detail is not None and view.story == summit
    assert sorted(ref.id for ref in view.articles) == sorted(a.id for a in detail.articles)
    repost = next(a.id for a in detail.articles if a.copy_of is not None)
    events = [point for point in view.timeline if point.kind == "event"]
    assert all(point.article.id != repost for point in events)
    assert {(p.when.iso, p.article.id) for p in events} == {
        (entry.date, entry.article_id) for entry in detail.timeline if entry.kind == "event"
    }
    assert {ref.id for ref in view.articles} == {
        p.article.id for p in view.timeline if p.kind == "article"
    }
    assert dict((e.name, n) for e, n in view.entities).items() <= dict(detail.entities).items()


def test_unknown_story_and_prefix(store: SQLiteStore) -> None:
    assert story_detail(store, "no-such-story") is None
    assert resolve_story_id(store, "s-") is None  # ambiguous


def test_related_lists_the_copy_then_the_thread(store: SQLiteStore) -> None:
    wire = next(a for a in store.iter_articles() if a.source == "EFE")
    found = related_articles(store, wire.id)
    assert [r.source for r in found] == ["Panama Now", "Le Monde"]
    assert found[0].reason.startswith("same story")
    assert found[1].reason.startswith("same thread")


def test_a_story_dated_by_year_overlaps_every_filter_inside_that_year(tmp_path: Path) -> None:
    """A story whose dates are only "2019" covers the whole year: since 2019-03 finds it,
    since 2020 does not, and in the list it counts as ending on the year's last day."""
    years = SQLiteStore(tmp_path / "years.db")
    days = {"a": "2019", "b": "2019", "c": "2019-12-30", "d": "2019-12-30"}
    years.add_articles(
        [Article(id=key, text=f"Report {key}.", published=day) for key, day in days.items()]
    )
    by_year = Story(id="s-year", title="year", article_ids=("a", "b"), first="2019", last="2019")
    by_day = Story(
        id="s-day", title="day", article_ids=("c", "d"), first="2019-12-30", last="2019-12-30"
    )
    years.replace_stories([by_day, by_year])
    try:
        assert [s.story.id for s in list_stories(years, since="2019-03")] == ["s-year", "s-day"]
        assert [s.story.id for s in list_stories(years, until="2019-02")] == ["s-year"]
        assert list_stories(years, since="2020") == []
    finally:
        years.close()

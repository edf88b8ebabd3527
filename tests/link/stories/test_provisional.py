"""Provisional merges: a fragment merged while it could still grow is clustered again by the
batches that reach its story, and final once they have moved past it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from dateline.evaluate.ecbplus import EcbDocument, select_documents
from dateline.link.stories import link_stories
from dateline.link.stories.features import StoryInput
from dateline.link.stories.merges import Merge, MergeParams
from dateline.link.stories.provisional import (
    PROVISIONAL_KEY,
    Provisional,
    open_after,
    placed_now,
    read_provisional,
    still_open,
    write_provisional,
)
from dateline.link.stories.reassign import Move
from dateline.records import Article
from dateline.store.sqlite import SQLiteStore

START = dt.date(2020, 1, 1)


def _article(document: EcbDocument, day: int) -> Article:
    return Article(
        id=document.name.removesuffix(".xml"),
        title=document.title,
        text=document.text,
        published=(START + dt.timedelta(days=day)).isoformat(),
    )


def _stories(store: SQLiteStore) -> dict[str, str]:
    return {a: story.id for story in store.iter_stories() for a in story.article_ids}


def _happenings(datasets_dir: Path, founded: int) -> list[list[Article]]:
    """ECB+ dev topic 12 in three batches: the first happening's reports (its first dated
    ``founded``, the others days 0-4); the second happening's first report alone, day 20;
    its follow-ups, days 21-24."""
    documents = select_documents("12", datasets_dir / "ecbplus")
    first = sorted((d for d in documents if d.subtopic == "12_ecb"), key=lambda d: d.name)
    second = sorted((d for d in documents if d.subtopic == "12_ecbplus"), key=lambda d: d.name)
    return [
        [_article(d, founded if i == 0 else i % 5) for i, d in enumerate(first)],
        [_article(second[0], 20)],
        [_article(d, 21 + i % 4) for i, d in enumerate(second[1:])],
    ]


def _linked_apart_in_one_full_run(batches: list[list[Article]], path: Path) -> None:
    full = SQLiteStore(path)
    full.add_articles([a for batch in batches for a in batch])
    link_stories(full, full=True)
    together = _stories(full)
    apart = {together[batches[0][0].id]}
    assert {together[a.id] for a in batches[2]} == {together[batches[1][0].id]} != apart


def test_a_new_happening_s_first_report_merged_alone_is_clustered_again_with_its_follow_ups(
    datasets_dir: Path, tmp_path: Path
) -> None:
    """The first report of the second happening, linked alone three weeks after the first
    happening's latest reports, is merged into that story, founded 50 days before (formed:
    see the next test), when the merging pass weighs stories by their sums alone; its
    follow-ups reopen the merge, and the two happenings end apart, as in one full run. By
    default the merge is not made at all: no report of the story is close to it."""
    batches = _happenings(datasets_dir, founded=-50)
    report = batches[1][0].id
    by_sums = MergeParams(min_member_similarity=0.0)
    store = SQLiteStore(tmp_path / "batches.db")
    store.add_articles(batches[0])
    link_stories(store, merge_params=by_sums)
    assert read_provisional(store) == []
    store.add_articles(batches[1])
    link_stories(store, merge_params=by_sums)
    story_of = _stories(store)
    target = story_of[batches[0][0].id]
    assert story_of[report] == target  # merged alone: a fragment beside a story of its kind
    assert read_provisional(store) == [Provisional(target, (report,), START.toordinal() + 20)]
    store.add_articles(batches[2])
    link_stories(store, merge_params=by_sums)
    story_of = _stories(store)
    assert story_of[report] != target
    assert {story_of[a.id] for a in batches[2]} == {story_of[report]}
    assert all(entry.article_ids != (report,) for entry in read_provisional(store))
    logged = [m for m in store.story_log("merge") if m["moved"] == [report]]
    assert len(logged) == 1  # the merge a later batch took back is logged once
    _linked_apart_in_one_full_run(batches, tmp_path / "full.db")
    default = SQLiteStore(tmp_path / "default.db")
    for batch in batches[:2]:
        default.add_articles(batch)
        link_stories(default)
    assert _stories(default)[report] != _stories(default)[batches[0][0].id]
    assert default.story_log("merge") == []


def test_a_first_report_is_not_merged_into_a_story_still_forming(
    datasets_dir: Path, tmp_path: Path
) -> None:
    """The same batches, the first happening's story founded on day 0: three weeks later it is
    still forming, so the second happening's first report is not merged into it at all, and
    its follow-ups join it, as in one full run."""
    batches = _happenings(datasets_dir, founded=0)
    report = batches[1][0].id
    store = SQLiteStore(tmp_path / "batches.db")
    store.add_articles(batches[0])
    link_stories(store)
    store.add_articles(batches[1])
    link_stories(store)
    story_of = _stories(store)
    assert story_of[report] != story_of[batches[0][0].id]
    assert read_provisional(store) == [] and store.story_log("merge") == []
    store.add_articles(batches[2])
    link_stories(store)
    story_of = _stories(store)
    assert {story_of[a.id] for a in batches[2]} == {story_of[report]}
    _linked_apart_in_one_full_run(batches, tmp_path / "full.db")


def test_a_merge_is_open_while_the_batch_is_within_the_window_of_its_fragment() -> None:
    entry = Provisional("s-1", ("a",), START.toordinal())

    def item(day: int | None) -> StoryInput:
        published = None if day is None else START + dt.timedelta(days=day)
        return StoryInput(article_id=f"x{day}", title="", text="", published=published)

    assert still_open([entry], [item(60), item(90)], window_days=60) == [entry]
    assert still_open([entry], [item(61)], window_days=60) == []
    assert still_open([entry], [item(None)], window_days=60) == [entry]  # undated: no news
    # after a full run, only what the next batch of news may reach stays open
    assert open_after([entry], [item(0), item(60)], window_days=60) == [entry]
    assert open_after([entry], [item(0), item(61)], window_days=60) == []
    assert open_after([entry], [item(None)], window_days=60) == []


def test_only_dated_articles_merged_or_moved_are_provisional_and_only_those_still_there() -> None:
    items = [
        StoryInput(article_id="a", title="", text="", published=START),
        StoryInput(article_id="b", title="", text="", published=START + dt.timedelta(days=3)),
        StoryInput(article_id="c", title="", text=""),
    ]
    merges = [
        Merge("s-a", "s-t", ("a", "b"), 0.2, 0.1, ()),
        Merge("s-c", "s-t", ("c",), 0.2, 0.1, ()),
    ]
    assignments = {"a": "s-t", "b": "s-elsewhere", "c": "s-t"}
    assert placed_now(merges, [], items, assignments) == [
        Provisional("s-t", ("a",), START.toordinal())
    ]
    moves = [Move("b", "s-t", "s-elsewhere", 0.3, 0.2), Move("c", "s-x", "s-t", 0.3, 0.2)]
    assert placed_now([], moves, items, assignments) == [
        Provisional("s-elsewhere", ("b",), START.toordinal() + 3)
    ]


def test_malformed_provisional_state_reads_as_none(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "s.db")
    store.set_meta(PROVISIONAL_KEY, "{not json")
    assert read_provisional(store) == []
    entries = '[{"story": "s-1"}, {"story": "s-2", "articles": ["a"], "last": 5}]'
    store.set_meta(PROVISIONAL_KEY, entries)
    assert read_provisional(store) == [Provisional("s-2", ("a",), 5)]
    write_provisional(store, [Provisional("s-3", ("b",), 9)])
    assert read_provisional(store) == [Provisional("s-3", ("b",), 9)]

"""The reassigning pass on ECB+ topics: a stray report moves, gold stories stay, stable ids."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from dateline.evaluate.ecbplus import select_documents
from dateline.link.embed import embed_texts
from dateline.link.stories.features import CorpusFeatures, StoryInput, story_id_for
from dateline.link.stories.merges import merge_fragments
from dateline.link.stories.online import cluster
from dateline.link.stories.reassign import ReassignParams, reassign_articles
from dateline.link.stories.splits import split_stories
from tests.link.stories.ecb_inputs import story_inputs
from tests.link.stories.store_runs import linked_in_two_runs, story_of_each_article

# Train topic 27: Microsoft's emergency Internet Explorer patch of December 2008 (27_ecb) and
# that of September 2013 (27_ecbplus). The online pass puts one 2013 report in the 2008 story.
STRAY = "27_11ecbplus.xml"  # "Microsoft releases security patch for Internet Explorer ..."

Topic = tuple[list[StoryInput], npt.NDArray[np.float32], dict[str, str]]


def _topic(topics: str, datasets_dir: Path) -> Topic:
    documents = select_documents(topics, datasets_dir / "ecbplus")
    items = story_inputs(documents)
    vectors = embed_texts([f"{item.title}\n{item.text}" for item in items])
    return items, vectors, {document.name: document.subtopic for document in documents}


@pytest.fixture(scope="module")
def topic_27(datasets_dir: Path) -> Topic:
    return _topic("27", datasets_dir)


def _before_the_pass(items: list[StoryInput], vectors: npt.NDArray[np.float32]) -> dict[str, str]:
    """The online, splitting and merging passes' stories."""
    corpus = CorpusFeatures.of(items)
    split, splits = split_stories(items, cluster(items, vectors), corpus=corpus)
    apart = [(s.story_id, s.new_story_id) for s in splits]
    return merge_fragments(items, split, corpus, apart=apart)[0]


def _gold_stories(gold: dict[str, str]) -> dict[str, str]:
    founders: dict[str, str] = {}
    for article_id in sorted(gold):
        founders.setdefault(gold[article_id], article_id)
    return {article_id: story_id_for(founders[gold[article_id]]) for article_id in gold}


def test_a_stray_report_moves_to_its_own_story(topic_27: Topic) -> None:
    items, vectors, gold = topic_27
    before = _before_the_pass(items, vectors)
    stray_story = before[STRAY]
    assert Counter(gold[a] for a, s in before.items() if s == stray_story).most_common(1) == [
        ("27_ecb", 17)
    ]
    after, moves = reassign_articles(items, vectors, before)
    assert [move.article_id for move in moves] == [STRAY]
    move = moves[0]
    assert move.from_story == stray_story and move.score - move.own_score >= 0.03
    # it joins the 2013 story, and every story of the topic now holds one happening
    assert {gold[a] for a, s in after.items() if s == after[STRAY]} == {"27_ecbplus"}
    for story in set(after.values()):
        assert len({gold[a] for a, s in after.items() if s == story}) == 1
    assert set(after.values()) <= set(before.values())  # the stories keep their ids


def test_gold_stories_of_dev_topics_stay_as_they_are(datasets_dir: Path) -> None:
    items, vectors, gold = _topic("2,5,12,18,21", datasets_dir)
    stories = _gold_stories(gold)
    assert reassign_articles(items, vectors, stories) == (stories, [])


def test_small_stories_examined_stories_and_the_time_gate(topic_27: Topic) -> None:
    items, vectors, _ = topic_27
    before = _before_the_pass(items, vectors)
    own_size = sum(1 for story in before.values() if story == before[STRAY])
    # articles of stories smaller than min_story do not move
    params = ReassignParams(min_story=own_size + 1)
    assert reassign_articles(items, vectors, before, params) == (before, [])
    # only the articles of the given stories may move
    assert reassign_articles(items, vectors, before, story_ids={"s-elsewhere"})[1] == []
    assert reassign_articles(items, vectors, before, story_ids={before[STRAY]})[1]
    # dated a year away from the 2013 story, the report does not meet it
    day = dt.date(2013, 9, 18)
    dated = [
        dataclasses.replace(
            item, published=day.replace(year=2014) if item.article_id == STRAY else day
        )
        for item in items
    ]
    assert reassign_articles(dated, vectors, before)[1] == []
    same_day = [dataclasses.replace(item, published=day) for item in items]
    assert [move.article_id for move in reassign_articles(same_day, vectors, before)[1]] == [STRAY]


def test_link_stories_logs_moves_and_a_rerun_keeps_the_stories(
    topic_27: Topic, tmp_path: Path
) -> None:
    """Through the store (no entity annotation), in two runs: moves are logged, each moved
    article joins a story of its own happening, and the next run restores the stories."""
    items, _, gold = topic_27
    store, grown = linked_in_two_runs(items, tmp_path / "ecb.db")
    moves = store.story_log("move")
    assert moves
    for move in moves:
        assert grown[move["article_id"]] == move["to_story"]
        others = [a for a, s in grown.items() if s == move["to_story"] and a != move["article_id"]]
        assert Counter(gold[a] for a in others).most_common(1)[0][0] == gold[move["article_id"]]
    assert story_of_each_article(store) == grown
    assert store.story_log("move") == moves  # nothing new to move
    store.close()

"""Clustering a corpus without a store: the online pass and the passes after it, as one function."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from dateline.link.embed import embed_texts
from dateline.link.stories.corpus import StoryParams, cluster_corpus
from dateline.link.stories.features import StoryInput, story_id_for
from dateline.link.stories.online import cluster

QUAKE = [
    "An earthquake of magnitude 6.1 struck Napa in northern California, damaging buildings.",
    "Napa wineries count the damage after the magnitude 6.1 earthquake in California.",
    "The Napa earthquake injured dozens; California officials inspect damaged buildings.",
    "Aftershocks rattle Napa as California recovers from the magnitude 6.1 earthquake.",
]
HEIST = [
    "Armed robbers stole jewels worth 85 million euros from a Paris jeweller on Tuesday.",
    "Police hunt the gang behind the 85 million euro jewel robbery in central Paris.",
    "The Paris jeweller robbed of 85 million euros in gems had been hit by thieves before.",
]


@pytest.fixture(scope="module")
def corpus() -> tuple[list[StoryInput], np.ndarray]:
    items = [
        StoryInput(f"quake-{i}", text, published=dt.date(2014, 8, 24 + i // 2))
        for i, text in enumerate(QUAKE)
    ] + [
        StoryInput(f"heist-{i}", text, published=dt.date(2014, 8, 25 + i))
        for i, text in enumerate(HEIST)
    ]
    return items, embed_texts([item.text for item in items])


def test_two_happenings_are_two_stories_with_stable_ids(
    corpus: tuple[list[StoryInput], np.ndarray],
) -> None:
    items, vectors = corpus
    result = cluster_corpus(items, vectors)
    stories: dict[str, set[str]] = {}
    for article_id, story_id in result.assignments.items():
        stories.setdefault(story_id, set()).add(article_id)
    assert sorted(map(sorted, stories.values())) == [
        [f"heist-{i}" for i in range(3)],
        [f"quake-{i}" for i in range(4)],
    ]
    assert set(stories) == {story_id_for("quake-0"), story_id_for("heist-0")}
    # stories this small are never split, merged or robbed of an article: the online answer
    assert result.assignments == cluster(items, vectors)
    assert (result.splits, result.merges, result.moves) == ((), (), ())


def test_a_second_run_keeps_the_first_runs_stories(
    corpus: tuple[list[StoryInput], np.ndarray],
) -> None:
    items, vectors = corpus
    first = cluster_corpus(items[:5], vectors[:5], StoryParams())
    grown = cluster_corpus(items, vectors, previous=first.assignments)
    assert {key: grown.assignments[key] for key in first.assignments} == first.assignments
    assert grown.assignments == cluster_corpus(items, vectors).assignments
    # nothing new: the passes examine no story and the assignments stay as they were
    again = cluster_corpus(items, vectors, previous=grown.assignments)
    assert again.assignments == grown.assignments
    assert (again.splits, again.merges, again.moves) == ((), (), ())

"""Clustering a corpus into stories: the online pass, then the splitting, merging and moving passes.

:func:`cluster_corpus` is pure: articles, their vectors, the parameters and the previous
assignments in; the new assignments and the log of what the passes changed out. It reads and
writes no store (:mod:`dateline.link.stories.conductor` does that around it).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from dateline.link.stories.features import Background, ClusterParams, CorpusFeatures, StoryInput
from dateline.link.stories.merges import Merge, MergeParams, merge_fragments
from dateline.link.stories.online import StoryClusterer
from dateline.link.stories.reassign import Move, ReassignParams, reassign_articles
from dateline.link.stories.splits import Split, SplitParams, split_stories


@dataclass(frozen=True, slots=True)
class StoryParams:
    """The parameters of every clustering pass."""

    cluster: ClusterParams = field(default_factory=ClusterParams)
    split: SplitParams = field(default_factory=SplitParams)
    merge: MergeParams = field(default_factory=MergeParams)
    reassign: ReassignParams = field(default_factory=ReassignParams)


@dataclass(frozen=True, slots=True)
class Clustering:
    """Article id -> story id, and what the passes after the online one changed."""

    assignments: dict[str, str]
    splits: tuple[Split, ...] = ()
    merges: tuple[Merge, ...] = ()
    moves: tuple[Move, ...] = ()


def cluster_corpus(
    items: Sequence[StoryInput],
    vectors: npt.NDArray[np.floating],
    params: StoryParams | None = None,
    previous: Mapping[str, str] | None = None,
    apart: Sequence[tuple[str, str]] = (),
    background: Background | None = None,
    growing_since: int | None = None,
) -> Clustering:
    """Assign ``items`` (``vectors`` their embeddings, row for row) to stories.

    The articles of ``previous`` (article id -> story id of an earlier run) keep their stories,
    and the others are added online; then the stories that received articles may be split,
    fragments may merge into them (never across a split of this run or one of the pairs in
    ``apart``: story, part split off it earlier), and their articles may move to a story they
    clearly fit better; a one-sentence report that fits two stories nearly alike is set aside
    and placed again by the merging pass's rule (it joins the story it clearly fits, or stays
    alone).

    ``background`` holds the document frequencies of stored articles not among ``items``
    (an incremental run passes only the stories a batch may touch): every pass weighs
    features by the idf over them and ``items`` together.

    ``growing_since`` (a batch run): the first day of the next batches' reach
    (:func:`.provisional.growing_since`). A story founded on that day or later is still
    forming: no fragment joins it (:func:`.merges.merge_fragments`, ``forming_since``), and
    the moving pass moves none of its articles to an older story
    (:func:`.reassign.reassign_articles`). An article set aside as unsure is placed again
    without that rule, so that it may go back to the story it left.
    """
    params = params or StoryParams()
    previous = previous or {}
    dim = int(np.asarray(vectors).shape[1]) if len(items) else 1
    clusterer = StoryClusterer(dim, params.cluster)
    if background is not None:
        clusterer.seed(background)
    old = [i for i, item in enumerate(items) if item.article_id in previous]
    new = [i for i, item in enumerate(items) if item.article_id not in previous]
    clusterer.restore([items[i] for i in old], vectors[old], previous)
    placed = clusterer.add_many([items[i] for i in new], vectors[new])
    touched = set(placed.values())
    corpus = CorpusFeatures.of(items, background) if touched else None
    split_assignments, splits = split_stories(
        items, clusterer.assignments, params.split, story_ids=touched, corpus=corpus
    )
    touched |= {split.new_story_id for split in splits}
    # a merge never undoes a split, of this run or of an earlier one, nor the online pass's
    # refusal of an article to a story without a report close to it
    merged, merges = merge_fragments(
        items,
        split_assignments,
        corpus,
        params.merge,
        story_ids=touched,
        apart=[(split.story_id, split.new_story_id) for split in splits] + list(apart),
        forming_since=growing_since,
        refused=_refusals(clusterer.refused, split_assignments),
    )
    touched |= {merge.story_id for merge in merges}
    moved, moves = reassign_articles(
        items,
        vectors,
        merged,
        params.reassign,
        params.cluster,
        story_ids=touched,
        background=background,
        forming_since=growing_since,
    )
    # the articles set aside as unsure are placed again as fragments: each joins the story it
    # clearly fits by the merging pass's rule, or stays alone
    aside = {move.to_story: move for move in moves if move.aside}
    assignments, placed_again = merge_fragments(
        items,
        moved,
        corpus,
        params.merge,
        story_ids=set(aside),
        apart=[(split.story_id, split.new_story_id) for split in splits] + list(apart),
        refused=_refusals(clusterer.refused, moved),
    )
    # one placed back in the story it left has not changed story: neither step is logged
    back = {m.fragment_id for m in placed_again if m.story_id == aside[m.fragment_id].from_story}
    moves = [move for move in moves if move.to_story not in back]
    merges += [merge for merge in placed_again if merge.fragment_id not in back]
    return Clustering(assignments, tuple(splits), tuple(merges), tuple(moves))


def _refusals(
    refused: Mapping[str, Sequence[str]], assignments: Mapping[str, str]
) -> set[tuple[str, str]]:
    """(the story an article is in, a story the online pass refused it to) pairs."""
    return {
        (assignments[article_id], story_id)
        for article_id, stories in refused.items()
        for story_id in stories
        if article_id in assignments
    }

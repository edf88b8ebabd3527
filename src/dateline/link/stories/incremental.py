"""Linking a batch of new articles against the stored stories, in work proportional to the
batch and the stories it may touch.

A full run (:func:`dateline.link.stories.conductor.link_stories` with ``full=True``) clusters
every article. A batch run instead finds the stories each new article could meet, as the
online clusterer would find them (:func:`neighbourhood`): the stories posting one of the
article's blocking keys or dated within ``window_days`` of it, kept to those dated near it,
and of those the ``2 × max_candidates`` most similar by embedding (the clusterer scores only
the ``max_candidates`` best in full). Those stories' articles and the batch are clustered
together by :func:`dateline.link.stories.corpus.cluster_corpus`, with the document
frequencies of the rest of the corpus as its background, so that every idf is the whole
corpus's; the splitting, merging and moving passes run on the stories the batch touched.
Threads are linked again among the stories that changed, the stories sharing entities with
them (bounded as :func:`dateline.link.stories.threads.link_threads` bounds its pairs) and the
threads those belong to.

What differs from a full run: the online pass sees the stored articles in the order they were
linked, not re-sorted with the batch (a batch article dated before stored ones arrives after
them), and a fragment outside the neighbourhood is not offered to a story that changed. The
agreement is measured on ECB+ (``tests/link/stories/test_incremental.py``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from dateline.link.embed import Backend, vector_from_bytes, vector_to_bytes
from dateline.link.stories.corpus import StoryParams, cluster_corpus
from dateline.link.stories.features import (
    Background,
    StoryInput,
    article_counts,
    article_features,
    plus,
)
from dateline.link.stories.stored import (
    DF_KINDS,
    Inputs,
    article_vectors,
    document_frequencies,
    feature_keys,
    groups_of,
    index_of,
    logged_splits,
    profiles,
    read_inputs,
    reports_of,
    stories_of,
    write_logs,
)
from dateline.link.stories.threads import ThreadParams, link_threads
from dateline.records import Story

if TYPE_CHECKING:
    from dateline.store.interface import Store

STORY_VECTOR_KIND = "story-sum"  # a story's sum of member embeddings, for ranking candidates
CANDIDATE_FACTOR = 2  # stories kept per new article, in multiples of max_candidates


@dataclass(frozen=True, slots=True)
class BatchResult:
    """The stories a batch changed and the number of articles linked after it."""

    changed: list[Story]
    documents: int


def story_sums(
    groups: Mapping[str, Sequence[StoryInput]],
    items: Sequence[StoryInput],
    vectors: npt.NDArray[np.float32],
) -> list[tuple[str, bytes]]:
    """Each story's sum of member embeddings, as stored under :data:`STORY_VECTOR_KIND`."""
    row = {item.article_id: i for i, item in enumerate(items)}
    return [
        (story_id, vector_to_bytes(vectors[[row[m.article_id] for m in members]].sum(axis=0)))
        for story_id, members in groups.items()
    ]


def _day_ranges(days: Iterable[int], window: int) -> list[tuple[int, int]]:
    """The days within ``window`` of any of ``days``, as few closed ranges."""
    ranges: list[tuple[int, int]] = []
    for day in sorted(set(days)):
        first, last = day - window, day + window
        if ranges and first <= ranges[-1][1] + 1:
            ranges[-1] = (ranges[-1][0], max(ranges[-1][1], last))
        else:
            ranges.append((first, last))
    return ranges


def neighbourhood(
    store: Store,
    batch: Sequence[StoryInput],
    vectors: npt.NDArray[np.float32],
    documents: int,
    params: StoryParams,
) -> set[str]:
    """The stored stories the online clusterer could offer an article of ``batch``."""
    cluster = params.cluster
    window = cluster.window_days
    batch_df = document_frequencies(batch)
    df = {
        kind: plus(store.story_link_df(kind, sorted(batch_df[kind])), batch_df[kind])
        for kind in ("term", "entity")
    }
    blocking: list[tuple[str, ...]] = []
    for item in batch:
        words, entities = article_counts(item)
        features = article_features(
            words, entities, df["term"], df["entity"], documents + len(batch), cluster
        )
        blocking.append(features.blocking)
    keyed = store.stories_with_keys(
        sorted({key for keys in blocking for key in keys}), cluster.max_posting
    )
    near: set[str] = set()
    for low, high in _day_ranges(
        (item.published.toordinal() for item in batch if item.published), window
    ):
        near |= store.stories_on_days(low, high)
    originals = [item.duplicate_of for item in batch if item.duplicate_of]
    found = set(store.stories_of_articles(originals).values())
    candidates = sorted(keyed | near)
    if not candidates:
        return found
    sums = {
        story_id: vector_from_bytes(data)
        for story_id, data in store.get_vectors(STORY_VECTOR_KIND, candidates).items()
    }
    spans = store.story_day_spans(candidates)
    ids = [story_id for story_id in candidates if story_id in sums]
    if not ids:
        return found
    matrix = np.stack([sums[story_id] for story_id in ids])
    norms = np.linalg.norm(matrix, axis=1)
    norms[norms == 0] = 1.0
    similarity = (matrix @ np.asarray(vectors, dtype=np.float32).T) / norms[:, None]
    first = np.array([spans.get(story_id, (None, None))[0] or -(2**62) for story_id in ids])
    last = np.array([spans.get(story_id, (None, None))[1] or 2**62 for story_id in ids])
    keep = CANDIDATE_FACTOR * cluster.max_candidates
    for column, item in enumerate(batch):
        allowed = np.ones(len(ids), dtype=bool)
        if item.published is not None:
            day = item.published.toordinal()
            allowed = (first - window <= day) & (day <= last + window)
        scores = np.where(allowed, similarity[:, column], -np.inf)
        order = np.argsort(-scores, kind="stable")[:keep]
        found.update(ids[i] for i in order.tolist() if allowed[i])
    return found


def _background(
    store: Store, items: Sequence[StoryInput], stored: Sequence[StoryInput], documents: int
) -> Background:
    """The document frequencies of the linked articles other than ``stored`` (the stored
    articles among this run's ``items``), for the features of ``items``."""
    wanted: dict[str, set[str]] = {kind: set() for kind in DF_KINDS}
    for item in items:
        for kind, keys in feature_keys(item).items():
            wanted[kind] |= keys
    own = document_frequencies(stored)
    rest = {
        kind: Counter(store.story_link_df(kind, sorted(wanted[kind]))) - own[kind]
        for kind in DF_KINDS
    }
    return Background(rest["term"], rest["entity"], rest["split"], documents - len(stored))


def link_batch(
    store: Store,
    batch_ids: Sequence[str],
    documents: int,
    params: StoryParams,
    thread_params: ThreadParams,
    backend: Backend,
    dirty: Sequence[str] = (),
) -> BatchResult:
    """Link the articles ``batch_ids`` against the stored stories (``documents`` articles
    linked so far); write the stories that changed and return them. The stories ``dirty``
    lost articles since the last run: they are written again whatever the batch does."""
    batch = read_inputs(store, batch_ids)
    if not batch.items:
        return BatchResult([], documents)
    batch_vectors = article_vectors(store, batch.items, backend)
    near = neighbourhood(store, batch.items, batch_vectors, documents, params)
    old = store.get_stories(sorted(near | set(dirty)))
    inputs = read_inputs(store, [a for story in old for a in story.article_ids])
    stored_items = list(inputs.items)
    inputs.extend(batch)
    vectors = article_vectors(store, inputs.items, backend)
    previous = {a: story.id for story in old for a in story.article_ids}
    clustering = cluster_corpus(
        inputs.items,
        vectors,
        params,
        previous=previous,
        apart=logged_splits(store),
        background=_background(store, inputs.items, stored_items, documents),
    )
    groups = groups_of(inputs.items, clustering.assignments)
    before = {story.id: story.article_ids for story in old}
    changed = {
        story_id: members
        for story_id, members in groups.items()
        if story_id in dirty or tuple(item.article_id for item in members) != before.get(story_id)
    }
    removed = [story_id for story_id in before if story_id not in groups]
    batch_df = document_frequencies(batch.items)
    for kind in DF_KINDS:
        store.add_story_link_df(kind, batch_df[kind])
    documents += len(batch.items)
    changed_items = [item for members in changed.values() for item in members]
    changed_df = document_frequencies(changed_items)
    df = {kind: store.story_link_df(kind, sorted(changed_df[kind])) for kind in ("term", "entity")}
    index = index_of(changed, inputs.names, df, documents, params.cluster)
    thread_of, links, threaded = _relink_threads(
        store, changed, old, index.names, inputs, thread_params
    )
    stories = stories_of(changed, inputs.given, thread_of)
    store.update_stories(stories, removed)
    store.replace_story_link_index(index.keys, index.days, index.names)
    store.put_vectors(STORY_VECTOR_KIND, story_sums(changed, inputs.items, vectors))
    store.replace_thread_links([*threaded, *removed], links)
    store.set_thread_ids({story_id: thread_of.get(story_id) for story_id in threaded})
    store.put_story_reports(reports_of(changed))
    write_logs(store, clustering)
    return BatchResult(stories, documents)


def _relink_threads(
    store: Store,
    changed: Mapping[str, Sequence[StoryInput]],
    old: Sequence[Story],
    names: Mapping[str, Mapping[str, int]],
    inputs: Inputs,
    params: ThreadParams,
) -> tuple[dict[str, str], list[dict[str, object]], list[str]]:
    """Link threads again around the stories that changed: thread of each story examined,
    the links among them, and the stories examined."""
    named = sorted({name for counted in names.values() for name in counted})
    others = sorted(store.stories_naming(named, params.max_posting) - set(changed))
    their_names = store.story_entity_names(others)
    partners: set[str] = set()
    for story_id in changed:
        own = names.get(story_id, {})
        shared = [
            (-count, other)
            for other in others
            if (count := sum(1 for name in their_names.get(other, {}) if name in own))
            >= params.min_shared_entities
        ]
        partners.update(other for _count, other in sorted(shared)[: params.max_partners])
    examined = set(changed) | partners
    known = {story.id: story for story in old}
    known.update((story.id, story) for story in store.get_stories(sorted(partners - set(known))))
    threads = {
        story.thread_id for story in known.values() if story.id in examined and story.thread_id
    }
    examined |= store.stories_in_threads(sorted(threads))
    unread = sorted(examined - set(changed))
    stories = {story.id: story for story in store.get_stories(unread)}
    have = {item.article_id for item in inputs.items}
    extra = read_inputs(
        store, [a for story in stories.values() for a in story.article_ids if a not in have]
    )
    everyone = {item.article_id: item for item in [*inputs.items, *extra.items]}
    names_of = {**inputs.names, **extra.names}
    groups: dict[str, Sequence[StoryInput]] = dict(changed)
    for story_id, story in stories.items():
        groups[story_id] = [everyone[a] for a in story.article_ids if a in everyone]
    result = link_threads(profiles(store, groups, names_of), params)
    return result.thread_of, [link.to_json() for link in result.links], sorted(groups)

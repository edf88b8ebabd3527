"""Linking a batch of new articles against the stored stories, in work proportional to the
batch and the stories it may touch.

A full run (:func:`dateline.link.stories.conductor.link_stories` with ``full=True``) clusters
every article. A batch run instead finds the stories each new article could meet, as the
online clusterer would find them (:func:`neighbourhood`): among the stories posting one of
the article's blocking keys or dated within ``window_days`` of it (kept to those its days
reach, :func:`.features.day_reach`; an undated article's, to those posting its own keys),
the :data:`KEPT` that post at least :data:`MIN_SHARED` of the article's blocking keys
and fit it best (the share of its keys they post plus the cosine with their stored sum of
member embeddings), and the :data:`NEAREST` by embedding. The bound keeps the work per
article fixed however long the archive is. Those stories' articles and the batch are
clustered together by :func:`dateline.link.stories.corpus.cluster_corpus`, with the document
frequencies of the rest of the corpus as its background, so that every idf is the whole
corpus's; the splitting, merging and moving passes run on the stories the batch touched.
Threads are linked again between the stories that changed and the stories sharing most
entity names with them (bounded as :func:`dateline.link.stories.threads.link_threads` bounds
its pairs), the partners read as their stored thread profiles, not from their articles, and
the part of a profile its text gives decoded only for a pair that needs it; a pair of two
unchanged stories keeps its stored decision, and the stored links of the threads concerned
are kept, so a long thread is not read again.
A fragment merged, or an article moved, into a story while the stories could still grow is
clustered again by the next batches that reach that story (:mod:`.provisional`), as a full
run decides it with hindsight.

What differs from a full run: the online pass sees the stored articles in the order they were
linked, not re-sorted with the batch (a batch article dated before stored ones arrives after
them), a fragment outside the neighbourhood is not offered to a story that changed, a
story dated near a day an article states is offered to it only when it posts one of the
article's keys, no fragment joins a story still forming (:func:`.merges.merge_fragments`,
``forming_since``), and the moving pass moves no article of a story still forming to an
older story (:func:`.reassign.reassign_articles`). The
agreement is measured on ECB+ (``tests/link/stories/test_incremental.py``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from dateline.day_ranges import merged
from dateline.link.components import DisjointSet
from dateline.link.embed import Backend, vector_from_bytes, vector_to_bytes
from dateline.link.stories.corpus import StoryParams, cluster_corpus
from dateline.link.stories.features import (
    NO_DAY_HIGH,
    NO_DAY_LOW,
    Background,
    StoryInput,
    article_counts,
    article_features,
    day_reach,
    plus,
)
from dateline.link.stories.provisional import (
    growing_since,
    placed_now,
    read_provisional,
    still_open,
    write_provisional,
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
    read_inputs,
    reports_of,
    stories_of,
    write_logs,
)
from dateline.link.stories.thread_profiles import PartnerProfiles, encoded_profiles
from dateline.link.stories.threads import (
    StoryProfile,
    ThreadParams,
    link_threads,
    thread_id_for,
)
from dateline.records import Story

if TYPE_CHECKING:
    from dateline.store.interface import Store

STORY_VECTOR_KIND = "story-sum"  # a story's sum of member embeddings, for ranking candidates
#: the stories kept per new article: of those posting at least MIN_SHARED of its blocking
#: keys, the KEPT that fit best (share of its keys posted + embedding cosine); and the NEAREST
#: by embedding. A story sharing at most one of an article's rarest entities and heaviest
#: words has too little in common with it to reach the clusterer's threshold on words and
#: entities, unless its embedding is among the closest.
MIN_SHARED = 2
KEPT = 12
NEAREST = 2


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


def neighbourhood(
    store: Store,
    batch: Sequence[StoryInput],
    vectors: npt.NDArray[np.float32],
    documents: int,
    params: StoryParams,
    batch_df: Mapping[str, Mapping[str, int]] | None = None,
) -> set[str]:
    """The stored stories an article of ``batch`` could join (see the module docstring).
    ``batch_df``: the batch's :func:`.stored.document_frequencies`, when already counted."""
    cluster = params.cluster
    if batch_df is None:
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
    reaches = [day_reach(item, cluster) for item in batch]
    ranges = merged(days for found in reaches for days in found)
    # a key's posting spans the whole archive: a dated article is compared only with the
    # stories its days reach (read with their spans), an undated one with every story
    # posting its keys, whenever they ran (each key read once, whole if an undated
    # article has it)
    undated = {key for row, found in enumerate(reaches) if not found for key in blocking[row]}
    dated = {key for keys in blocking for key in keys} - undated
    posting, spans = store.story_postings(sorted(dated), cluster.max_posting, ranges)
    if undated:
        whole, whole_spans = store.story_postings(sorted(undated), cluster.max_posting)
        posting.update(whole)
        spans.update(whole_spans)
    # the stories on the days around the articles' own dates; not on every day their texts
    # state (a month stated years back holds thousands of the archive's stories), whose
    # stories come through the keys they share
    near: set[str] = set()
    for low, high in merged(found[0] for found in reaches if found):
        near |= store.stories_on_days(low, high)
    originals = [item.duplicate_of for item in batch if item.duplicate_of]
    found = set(store.stories_of_articles(originals).values())
    # an undated article's candidates are the stories posting its own keys
    own = [
        {story for key in blocking[row] for story in posting.get(key, ())} if not days else set()
        for row, days in enumerate(reaches)
    ]
    # every story read is one an article may join: reached by the batch's days (the dated
    # keys' postings, the stories near its dates) or posting an undated article's key
    posted = {s for stories in posting.values() for s in stories}
    spans.update(store.story_day_spans(sorted(near - posted)))
    candidates = sorted(posted | near)
    sums = {
        story_id: vector_from_bytes(data)
        for story_id, data in store.get_vectors(STORY_VECTOR_KIND, candidates).items()
    }
    ids = [story_id for story_id in candidates if story_id in sums]
    if not ids:
        return found
    column = {story_id: i for i, story_id in enumerate(ids)}
    matrix = np.stack([sums[story_id] for story_id in ids])
    norms = np.linalg.norm(matrix, axis=1)
    norms[norms == 0] = 1.0
    similarity = (np.asarray(vectors, dtype=np.float32) @ matrix.T) / norms[None, :]
    first = np.array([spans[s][0] if s in spans else NO_DAY_LOW for s in ids], dtype=np.int64)
    last = np.array([spans[s][1] if s in spans else NO_DAY_HIGH for s in ids], dtype=np.int64)
    for row in range(len(batch)):
        allowed = np.zeros(len(ids), dtype=bool)
        for low, high in reaches[row]:
            allowed |= (first <= high) & (low <= last)
        for story_id in own[row]:
            if story_id in column:
                allowed[column[story_id]] = True
        shared = np.zeros(len(ids))
        for key in blocking[row]:
            for story_id in posting.get(key, ()):
                if story_id in column:
                    shared[column[story_id]] += 1
        fit = shared / max(len(blocking[row]), 1) + similarity[row]
        found.update(_best(ids, allowed & (shared >= MIN_SHARED), fit, KEPT))
        found.update(_best(ids, allowed, similarity[row], NEAREST))
    return found


def _best(
    ids: Sequence[str], allowed: npt.NDArray[np.bool_], fit: npt.NDArray[Any], count: int
) -> list[str]:
    """The ``count`` allowed stories of highest ``fit`` (of equal fits, the first in ``ids``).

    Only the allowed stories at or above the ``count``-th highest fit are sorted: a dense
    archive puts tens of thousands of stories near a batch's days, and each of its articles
    ranks them twice."""
    candidates = np.flatnonzero(allowed)
    if len(candidates) > count:
        fits = fit[candidates]
        cut = len(fits) - count
        candidates = candidates[fits >= np.partition(fits, cut)[cut]]
    order = candidates[np.argsort(-fit[candidates], kind="stable")][:count]
    return [ids[i] for i in order.tolist()]


def _background(
    store: Store, items: Sequence[StoryInput], stored: Sequence[StoryInput], documents: int
) -> Background:
    """The document frequencies of the linked articles other than ``stored`` (the stored
    articles among this run's ``items``), for the features of ``items``."""
    wanted: dict[str, set[str]] = {kind: set() for kind in DF_KINDS}
    own: dict[str, Counter[str]] = {kind: Counter() for kind in DF_KINDS}
    # each article's features once: the keys wanted, and the stored articles' df
    for item in stored:
        for kind, keys in feature_keys(item).items():
            wanted[kind] |= keys
            own[kind].update(keys)
    counted = {id(item) for item in stored}
    for item in items:
        if id(item) not in counted:
            for kind, keys in feature_keys(item).items():
                wanted[kind] |= keys
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
    batch_df = document_frequencies(batch.items)
    near = neighbourhood(store, batch.items, batch_vectors, documents, params, batch_df)
    old = store.get_stories(sorted(near | set(dirty)))
    inputs = read_inputs(store, [a for story in old for a in story.article_ids])
    stored_items = list(inputs.items)
    inputs.extend(batch)
    vectors = article_vectors(store, inputs.items, backend)
    previous = {a: story.id for story in old for a in story.article_ids}
    # a fragment merged, or an article moved, into a story this batch reaches, while their
    # stories could still grow, is clustered again with the batch (see :mod:`.provisional`)
    pending = still_open(read_provisional(store), batch.items, params.cluster.window_days)
    reopened = [entry for entry in pending if entry.story_id in near]
    for entry in reopened:
        for article_id in entry.article_ids:
            if previous.get(article_id) == entry.story_id:
                del previous[article_id]
    clustering = cluster_corpus(
        inputs.items,
        vectors,
        params,
        previous=previous,
        apart=logged_splits(store),
        background=_background(store, inputs.items, stored_items, documents),
        growing_since=growing_since(batch.items, params.cluster.window_days),
    )
    groups = groups_of(inputs.items, clustering.assignments)
    before = {story.id: story.article_ids for story in old}
    changed = {
        story_id: members
        for story_id, members in groups.items()
        if story_id in dirty or tuple(item.article_id for item in members) != before.get(story_id)
    }
    removed = [story_id for story_id in before if story_id not in groups]
    for kind in DF_KINDS:
        store.add_story_link_df(kind, batch_df[kind])
    documents += len(batch.items)
    changed_items = [item for members in changed.values() for item in members]
    changed_df = document_frequencies(changed_items)
    df = {kind: store.story_link_df(kind, sorted(changed_df[kind])) for kind in ("term", "entity")}
    index = index_of(changed, inputs.names, df, documents, params.cluster)
    store.update_stories(stories_of(changed, inputs.given, {}), removed)
    store.replace_story_link_index(index.keys, index.days, index.names)
    store.put_vectors(STORY_VECTOR_KIND, story_sums(changed, inputs.items, vectors))
    thread_of, links, compared = _relink_threads(
        store, changed, old, index.names, inputs, removed, thread_params
    )
    store.replace_thread_links(sorted(changed), links, removed, among=compared)
    store.set_thread_ids(thread_of)
    stories = [
        replace(story, thread_id=thread_of.get(story.id))
        for story in store.get_stories(sorted(changed))
    ]
    store.put_story_reports(reports_of(changed))
    # articles clustered again that end in the same story have not changed story: their
    # merge or move is logged once
    again = {(entry.story_id, entry.article_ids) for entry in reopened}
    merges = tuple(m for m in clustering.merges if (m.story_id, m.moved) not in again)
    moves = tuple(m for m in clustering.moves if (m.to_story, (m.article_id,)) not in again)
    write_logs(store, replace(clustering, merges=merges, moves=moves))
    waiting = [entry for entry in pending if entry.story_id not in near]
    placed = placed_now(clustering.merges, clustering.moves, inputs.items, clustering.assignments)
    write_provisional(store, waiting + placed)
    return BatchResult(stories, documents)


def _relink_threads(
    store: Store,
    changed: Mapping[str, Sequence[StoryInput]],
    old: Sequence[Story],
    names: Mapping[str, Mapping[str, int]],
    inputs: Inputs,
    removed: Sequence[str],
    params: ThreadParams,
) -> tuple[dict[str, str | None], list[dict[str, object]], list[str]]:
    """Link threads again around the stories that changed.

    Each changed story is compared with the other changed stories and with its partners
    (the stories sharing most entity names with it): the changed stories profiled from their
    articles, the partners read from their stored profiles (:class:`.PartnerProfiles`, the
    part their text gives decoded only for a pair that needs it; one without a stored
    profile is profiled from its articles and its profile stored). A pair of two unchanged
    stories keeps its stored decision: the stored links that do not join a changed story to
    a story compared are kept, and a pair they already join is not linked again. Returns the
    thread of every story of the threads concerned, the new links, and the stories compared
    (the links between a changed story and one of them are replaced by the new ones).
    """
    named = sorted({name for counted in names.values() for name in counted})
    postings = store.story_name_postings(named, params.max_posting)
    naming = {
        name: [story_id for story_id in stories if story_id not in changed]
        for name, stories in postings.items()
    }
    # a story sharing a name with a changed story is a candidate, and the names more stories
    # use than a posting keeps count as shared too: read for those candidates only (only the
    # changed stories' names count: the others' other names are not read)
    others = sorted({story_id for stories in naming.values() for story_id in stories})
    popular = sorted(set(named) - set(postings))
    naming.update(store.stories_naming_among(popular, others))
    partners = _partners(changed, names, naming, others, params)
    stories = {story.id: story for story in old}
    stories.update(
        (story.id, story) for story in store.get_stories(sorted(partners - set(stories)))
    )

    def profiled_from_articles(story_ids: Sequence[str]) -> list[StoryProfile]:
        """The profiles of ``story_ids`` from their articles, stored (a store converges)."""
        groups, read = _read_members(store, inputs, {s: stories[s].article_ids for s in story_ids})
        found, encoded = encoded_profiles(groups, read)
        store.put_thread_profiles(encoded)
        return found

    stored = PartnerProfiles(
        store,
        {p: stories[p].article_ids for p in sorted(partners)},
        lambda story_id: profiled_from_articles([story_id])[0],
    )
    missing = sorted(partners - set(stored.profiles))
    groups, read = _read_members(store, inputs, {s: stories[s].article_ids for s in missing})
    profiled: dict[str, Sequence[StoryInput]] = {**changed, **groups}
    found, encoded = encoded_profiles(profiled, read)
    store.put_thread_profiles(encoded)
    compared = set(profiled) | set(stored.profiles)
    # the threads concerned: the old threads of the stories compared, joined by the new links
    old_threads = {
        thread
        for story_id in compared
        if story_id in stories and (thread := stories[story_id].thread_id) is not None
    }
    members = (compared | store.stories_in_threads(sorted(old_threads))) - set(removed)
    kept = {
        pair
        for pair in store.thread_link_pairs(sorted(members))
        if pair[1] in members and not _replaced(pair, changed, compared)
    }
    compared_profiles = [*found, *stored.profiles.values()]
    used = sorted({name for profile in compared_profiles for name in profile.entities})
    result = link_threads(
        compared_profiles,
        params,
        focus=set(changed),
        linked=sorted(kept),
        complete=stored.complete,
        story_counts=store.story_name_counts(used, params.max_posting),
    )
    links = [link.to_json() for link in result.links]
    pairs = kept | {(str(link["earlier"]), str(link["later"])) for link in links}
    return _threads(store, members, pairs, stored), links, sorted(compared)


def _partners(
    changed: Iterable[str],
    names: Mapping[str, Mapping[str, int]],
    naming: Mapping[str, Sequence[str]],
    others: Sequence[str],
    params: ThreadParams,
) -> set[str]:
    """The partners of the ``changed`` stories: for each, the ``max_partners`` stories of
    ``others`` (sorted ids) that share most of its names, at least ``min_shared_entities``,
    ties going to the smaller id. ``naming`` gives each name's stories among ``others``."""
    index = {story_id: i for i, story_id in enumerate(others)}
    postings = {
        name: np.fromiter((index[s] for s in stories), dtype=np.int64, count=len(stories))
        for name, stories in naming.items()
    }
    found: set[str] = set()
    for story_id in changed:
        # counted through the names' postings: a changed story meets only the stories that
        # share a name with it (a popular name's posting is long: counted in numpy)
        lists = [postings[name] for name in names.get(story_id, {}) if name in postings]
        if not lists:
            continue
        counts = np.bincount(np.concatenate(lists))
        # a story that shares no name is no candidate, whatever the threshold
        eligible = np.flatnonzero(counts >= max(params.min_shared_entities, 1))
        # ``eligible`` runs by id, so a stable sort on the counts breaks ties by id
        ranked = eligible[np.argsort(-counts[eligible], kind="stable")]
        found.update(others[i] for i in ranked[: params.max_partners].tolist())
    return found


def _read_members(
    store: Store, inputs: Inputs, members: Mapping[str, Sequence[str]]
) -> tuple[dict[str, list[StoryInput]], Inputs]:
    """Each story of ``members`` (story id -> its article ids) -> its articles, and ``inputs``
    extended with those not read yet."""
    have = {item.article_id for item in inputs.items}
    read = Inputs()
    read.extend(inputs)
    read.extend(read_inputs(store, [a for ids in members.values() for a in ids if a not in have]))
    everyone = {item.article_id: item for item in read.items}
    groups = {s: [everyone[a] for a in ids if a in everyone] for s, ids in members.items()}
    return groups, read


def _replaced(pair: tuple[str, str], changed: Mapping[str, object], compared: set[str]) -> bool:
    """Whether a stored link is one a batch decides again: it joins a changed story to a
    story compared with it."""
    earlier, later = pair
    return (earlier in changed and later in compared) or (later in changed and earlier in compared)


def _threads(
    store: Store, members: set[str], pairs: Iterable[tuple[str, str]], partners: PartnerProfiles
) -> dict[str, str | None]:
    """Each story of ``members`` -> its thread: the components of the links ``pairs``, named
    after their earliest story (None for a story linked to none); the day spans of the
    ``partners`` are those they were read with."""
    ids = sorted(members)
    index = {story_id: i for i, story_id in enumerate(ids)}
    sets = DisjointSet(len(ids))
    for earlier, later in pairs:
        if earlier in index and later in index:
            sets.union(index[earlier], index[later])
    components = [[ids[i] for i in group] for group in sets.groups().values()]
    spans = {**partners.spans, **store.story_day_spans(sorted(members - set(partners.profiles)))}

    def order(story_id: str) -> tuple[int, int, str]:
        span = spans.get(story_id)
        return (1, 0, story_id) if span is None else (0, span[0], story_id)

    thread_of: dict[str, str | None] = {}
    for component in components:
        thread = thread_id_for(min(component, key=order)) if len(component) > 1 else None
        thread_of.update(dict.fromkeys(component, thread))
    return thread_of

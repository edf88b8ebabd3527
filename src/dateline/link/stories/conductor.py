"""The story stage over a store: link what is new against what is stored, or everything.

:func:`link_stories` links the articles added since the last run as one batch
(:mod:`.incremental`), or, with ``full=True`` (or when the stored state is missing or was made
with another embedding backend or other parameters), clusters every stored article afresh with
:func:`dateline.link.stories.corpus.cluster_corpus`, links the stories into threads
(:mod:`.threads`) and stores the stories, the state a later batch is linked against, the
thread links, each story's thread profile (:mod:`.thread_profiles`), each story's
independent reports and the passes' logs (:mod:`.stored`).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from dateline.link.embed import DEFAULT_BACKEND, Backend
from dateline.link.stories.corpus import StoryParams, cluster_corpus
from dateline.link.stories.features import ClusterParams, StoryInput, forget_article_counts
from dateline.link.stories.incremental import STORY_VECTOR_KIND, link_batch, story_sums
from dateline.link.stories.merges import MergeParams
from dateline.link.stories.provisional import open_after, placed_now, write_provisional
from dateline.link.stories.reassign import ReassignParams
from dateline.link.stories.splits import SplitParams
from dateline.link.stories.stored import (
    DF_KINDS,
    VECTOR_KIND,
    article_vectors,
    document_frequencies,
    groups_of,
    index_of,
    read_inputs,
    reports_of,
    stories_of,
    write_logs,
)
from dateline.link.stories.thread_profiles import encoded_profiles
from dateline.link.stories.threads import ThreadParams, link_threads
from dateline.records import Story

if TYPE_CHECKING:
    from collections.abc import Sequence

    from dateline.store.interface import Store

__all__ = ["STATE_KEY", "VECTOR_KIND", "link_stories", "story_inputs", "unlink_articles"]

STATE_KEY = "stories.state"
DIRTY_KEY = "stories.dirty"  # stories that lost articles to :func:`unlink_articles`
STATE_VERSION = 4
#: meta keys of the JSON the stories' threads, reports and logs were kept in before they got
#: tables of their own (schema 3); a full run removes them
_OLD_KEYS = (
    "stories.threads",
    "stories.reports",
    "stories.splits",
    "stories.merges",
    "stories.moves",
)


def story_inputs(store: Store) -> list[StoryInput]:
    """Every stored article as a :class:`StoryInput` (see :func:`.stored.read_inputs`)."""
    return read_inputs(store).items


def _setup(backend: str, params: StoryParams, thread_params: ThreadParams) -> dict[str, Any]:
    """What a store's stories were linked with: a store linked otherwise (an earlier version's
    thread rule, other thresholds) is linked afresh by its next run."""
    return {
        "version": STATE_VERSION,
        "backend": backend,
        "params": asdict(params),
        "threads": asdict(thread_params),
    }


def setup_digest() -> str:
    """A digest of this version's default link setup (:func:`_setup` with the default
    parameters): a corpus linked under another records another, and is linked again by its
    next run even when nothing new has arrived."""
    defaults = StoryParams(ClusterParams(), SplitParams(), MergeParams(), ReassignParams())
    setup = _setup(DEFAULT_BACKEND, defaults, ThreadParams())
    return hashlib.sha1(json.dumps(setup, sort_keys=True).encode("utf-8")).hexdigest()[:12]


def _state(store: Store) -> dict[str, Any]:
    raw = store.get_meta(STATE_KEY)
    try:
        state = json.loads(raw) if raw else {}
    except json.JSONDecodeError:
        return {}
    return state if isinstance(state, dict) else {}


def _save_state(store: Store, setup: dict[str, Any], documents: int, complete: bool) -> None:
    state = {"setup": setup, "documents": documents, "complete": complete}
    store.set_meta(STATE_KEY, json.dumps(state, sort_keys=True))


def link_stories(
    store: Store,
    params: ClusterParams | None = None,
    backend: Backend = DEFAULT_BACKEND,
    thread_params: ThreadParams | None = None,
    split_params: SplitParams | None = None,
    merge_params: MergeParams | None = None,
    reassign_params: ReassignParams | None = None,
    *,
    full: bool = False,
    only: Sequence[str] | None = None,
) -> list[Story]:
    """Link the stored articles into stories and threads; returns the stories written.

    By default only the articles in no story yet are linked, as one batch against the stored
    stories (:func:`.incremental.link_batch`): old articles keep their stories, except that a
    story which received new articles may be split (:mod:`.splits`), a fragment may join a
    story that changed (:mod:`.merges`) and an article of a story that changed may move to one
    it clearly fits better (:mod:`.reassign`); each change is logged (``Store.story_log``).
    ``full`` (or a missing, unfinished or differently set-up state) clusters every article
    afresh instead. ``only`` restricts the articles linked to those it names (the others
    wait for a later link), as :mod:`dateline.link.run` does for a large corpus.
    """
    try:
        return _link(
            store,
            StoryParams(
                params or ClusterParams(),
                split_params or SplitParams(),
                merge_params or MergeParams(),
                reassign_params or ReassignParams(),
            ),
            thread_params or ThreadParams(),
            backend,
            full,
            only,
        )
    finally:
        forget_article_counts()  # kept for this link's passes only


def _link(
    store: Store,
    story_params: StoryParams,
    thread_params: ThreadParams,
    backend: Backend,
    full: bool,
    only: Sequence[str] | None,
) -> list[Story]:
    setup = _setup(backend, story_params, thread_params)
    state = _state(store)
    if full or state.get("setup") != setup or not state.get("complete"):
        return _link_all(store, setup, story_params, thread_params, backend, only)
    batch = store.unlinked_article_ids()
    if only is not None:
        wanted = set(only)
        batch = [article_id for article_id in batch if article_id in wanted]
    if not batch:
        return []
    documents = int(state.get("documents", 0))
    dirty = json.loads(store.get_meta(DIRTY_KEY) or "[]")
    _save_state(store, setup, documents, complete=False)  # a crash now means a full re-link
    result = link_batch(store, batch, documents, story_params, thread_params, backend, dirty)
    store.set_meta(DIRTY_KEY, "[]")
    _save_state(store, setup, result.documents, complete=True)
    return result.changed


def _link_all(
    store: Store,
    setup: dict[str, Any],
    params: StoryParams,
    thread_params: ThreadParams,
    backend: Backend,
    only: Sequence[str] | None = None,
) -> list[Story]:
    inputs = read_inputs(store, only)
    items = inputs.items
    vectors = article_vectors(store, items, backend, everything=only is None)
    _save_state(store, setup, 0, complete=False)
    store.clear_story_links()
    for key in (*_OLD_KEYS, DIRTY_KEY):
        if store.get_meta(key) is not None:
            store.set_meta(key, "")
    clustering = cluster_corpus(items, vectors, params)
    groups = groups_of(items, clustering.assignments)
    found, encoded = encoded_profiles(groups, inputs)
    threads = link_threads(found, thread_params)
    stories = stories_of(groups, inputs.given, threads.thread_of)
    store.update_stories(stories)
    store.put_thread_profiles(encoded)
    df = document_frequencies(items)
    for kind in DF_KINDS:
        store.add_story_link_df(kind, df[kind])
    index = index_of(groups, inputs.names, df, len(items), params.cluster)
    store.replace_story_link_index(index.keys, index.days, index.names)
    store.put_vectors(STORY_VECTOR_KIND, story_sums(groups, items, vectors))
    store.replace_thread_links(None, [link.to_json() for link in threads.links])
    store.put_story_reports(reports_of(groups))
    write_logs(store, clustering)
    placed = placed_now(clustering.merges, clustering.moves, items, clustering.assignments)
    write_provisional(store, open_after(placed, items, params.cluster.window_days))
    _save_state(store, setup, len(items), complete=True)
    return stories


def unlink_articles(store: Store, article_ids: list[str]) -> list[str]:
    """Take articles out of their stories so that the next run links them again (after
    their date changed); their features leave the stored frequencies. Returns the stories
    they were in."""
    state = _state(store)
    linked = store.stories_of_articles(article_ids)
    inputs = read_inputs(store, sorted(linked))
    if state.get("complete") and inputs.items:
        df = document_frequencies(inputs.items)
        for kind in DF_KINDS:
            store.add_story_link_df(kind, {key: -count for key, count in df[kind].items()})
        documents = int(state.get("documents", 0)) - len(inputs.items)
        store.set_meta(STATE_KEY, json.dumps({**state, "documents": documents}, sort_keys=True))
    left = store.remove_story_members(sorted(linked))
    dirty = set(json.loads(store.get_meta(DIRTY_KEY) or "[]")) | set(left)
    store.set_meta(DIRTY_KEY, json.dumps(sorted(dirty)))
    return left

"""The story stage over a store: cluster the stored articles, keep the state, link threads.

:func:`link_stories` reads the articles (:func:`story_inputs`) and their vectors, clusters them
with :func:`dateline.link.stories.corpus.cluster_corpus` from the previous run's assignments,
links the stories into threads (:mod:`dateline.link.stories.threads`) and stores the stories,
the state, the passes' logs, the thread links and each story's independent reports.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from dateline.link.embed import (
    DEFAULT_BACKEND,
    Backend,
    embed_texts,
    vector_from_bytes,
    vector_to_bytes,
)
from dateline.link.sources import SourceArticle, independent_reports
from dateline.link.stories.corpus import StoryParams, cluster_corpus
from dateline.link.stories.features import (
    ClusterParams,
    StoryInput,
    arrival_key,
    content_words,
    mention_key,
    story_day,
)
from dateline.link.stories.merges import MergeParams
from dateline.link.stories.reassign import ReassignParams
from dateline.link.stories.splits import SplitParams
from dateline.link.stories.threads import (
    DatedSentence,
    StoryProfile,
    ThreadParams,
    dated_sentences,
    link_threads,
)
from dateline.records import Story
from dateline.timevalues import calendar_span

if TYPE_CHECKING:
    from dateline.store.interface import Store

STATE_KEY = "stories.state"
THREADS_KEY = "stories.threads"
REPORTS_KEY = "stories.reports"
SPLITS_KEY = "stories.splits"
MERGES_KEY = "stories.merges"
MOVES_KEY = "stories.moves"
MAX_LOGGED = 1000  # the newest splits, merges and moves kept in the meta table (each)
STATE_VERSION = 3
VECTOR_KIND = "article"


def story_inputs(store: Store) -> list[StoryInput]:
    """Every stored article as a :class:`StoryInput`: entity keys, stated dates.

    Only a firm article date (:attr:`Article.firmly_dated`: metadata, the user, the URL, the
    file path, a dateline in the text) or a guess the text pins to the week (see
    :func:`story_day`) becomes the input's ``published``: a looser guess (a corpus prior, a
    window) would gate, order and split stories on a guess, so such an article is clustered
    as undated.
    """
    return _read_inputs(store)[0]


def _read_inputs(store: Store) -> tuple[list[StoryInput], dict[str, str]]:
    """:func:`story_inputs`, and the date as stored (``2019``, ``2019-04-25``) of each input
    that has a ``published`` day, so that a story's span keeps the precision of its articles."""
    keys: dict[str, list[str]] = {}
    for mention in store.iter_mentions():
        keys.setdefault(mention.article_id, []).append(mention_key(mention))
    dates: dict[str, list[str]] = {}
    for time in store.iter_times():
        if time.type == "DATE" and time.basis == "stated":
            dates.setdefault(time.article_id, []).append(time.value)
    items: list[StoryInput] = []
    given: dict[str, str] = {}
    for article in store.iter_articles():
        day = story_day(article)
        if day is not None and article.published:
            given[article.id] = article.published[:10]
        items.append(
            StoryInput(
                article_id=article.id,
                text=article.text,
                title=article.title,
                published=day,
                entity_keys=tuple(keys.get(article.id, ())),
                source=article.source,
                duplicate_of=article.duplicate_of,
                dates=tuple(dates.get(article.id, ())),
            )
        )
    return items, given


def article_vectors(
    store: Store, items: Sequence[StoryInput], backend: Backend = DEFAULT_BACKEND
) -> npt.NDArray[np.float32]:
    """Embeddings of ``items``: stored ones reused, missing ones computed and stored."""
    stored = {
        article_id: vector_from_bytes(data) for article_id, data in store.iter_vectors(VECTOR_KIND)
    }
    missing = [item for item in items if item.article_id not in stored]
    if missing:
        fresh = embed_texts([f"{item.title}\n{item.text}" for item in missing], backend=backend)
        store.put_vectors(
            VECTOR_KIND,
            [
                (item.article_id, vector_to_bytes(row))
                for item, row in zip(missing, fresh, strict=True)
            ],
        )
        stored.update((item.article_id, row) for item, row in zip(missing, fresh, strict=True))
    dims = {vector.shape[0] for vector in stored.values()}
    if len(dims) > 1:
        raise ValueError(f"stored article vectors have mixed dimensions {sorted(dims)}")
    return (
        np.stack([stored[item.article_id] for item in items])
        if items
        else np.zeros((0, 1), np.float32)
    )


def _load_state(
    store: Store,
    backend: str,
    params: ClusterParams,
    split_params: SplitParams,
    merge_params: MergeParams,
    reassign_params: ReassignParams,
) -> dict[str, str]:
    raw = store.get_meta(STATE_KEY)
    if not raw:
        return {}
    try:
        state = json.loads(raw)
    except json.JSONDecodeError:
        return {}
    same_setup = (
        state.get("version") == STATE_VERSION
        and state.get("backend") == backend
        and state.get("params") == asdict(params)
        and state.get("split_params") == asdict(split_params)
        and state.get("merge_params") == asdict(merge_params)
        and state.get("reassign_params") == asdict(reassign_params)
    )
    assignments = state.get("assignments")
    return dict(assignments) if same_setup and isinstance(assignments, dict) else {}


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _story_title(members: Sequence[StoryInput]) -> str:
    for item in members:
        if item.title.strip():
            return " ".join(item.title.split())
    text = " ".join(members[0].text.split()) if members else ""
    return text[:80] + ("…" if len(text) > 80 else "")


def _profiles(
    store: Store,
    groups: Mapping[str, list[StoryInput]],
    spans: Mapping[str, tuple[dt.date | None, dt.date | None]],
) -> list[StoryProfile]:
    names = {entity.id: entity.name for entity in store.iter_entities()}
    per_article: dict[str, set[str]] = {}
    for mention in store.iter_mentions():
        name = names.get(mention.entity_id or "", "") or mention.canonical or mention.text
        per_article.setdefault(mention.article_id, set()).add(name)
    profiles = []
    for story_id, members in groups.items():
        entities: Counter[str] = Counter()
        words: set[str] = set()
        dated: list[DatedSentence] = []
        for item in members:
            entities.update(per_article.get(item.article_id, ()))
            words.update(content_words(f"{item.title}\n{item.text}"))
            dated += dated_sentences(item.article_id, item.text, store.iter_times(item.article_id))
        first, last = spans[story_id]
        profiles.append(
            StoryProfile(
                story_id=story_id,
                title=_story_title(members),
                first=first,
                last=last,
                entities=dict(entities),
                words=frozenset(words),
                dated_sentences=tuple(dated),
            )
        )
    return profiles


def link_stories(
    store: Store,
    params: ClusterParams | None = None,
    backend: Backend = DEFAULT_BACKEND,
    thread_params: ThreadParams | None = None,
    split_params: SplitParams | None = None,
    merge_params: MergeParams | None = None,
    reassign_params: ReassignParams | None = None,
) -> list[Story]:
    """Assign new articles to stories, split and merge stories, move strays, link threads.

    Old articles keep their stories, except that a story which received new articles may be
    split (:mod:`.splits`; each split is logged in the meta table under ``stories.splits``),
    and a fragment (a story of one to three articles) may join a larger story that received
    new articles or that it was not compared with before (:mod:`.merges`; logged under
    ``stories.merges``), unless a split of this run or a logged one separated them; an article
    of a story that changed may move to a story it clearly fits better (:mod:`.reassign`;
    logged under ``stories.moves``). The passes run in :func:`.corpus.cluster_corpus`. The
    clustering state (article -> story) is kept in the store's meta table; a change of
    embedding backend or parameters starts the clustering afresh.
    """
    params = params or ClusterParams()
    split_params = split_params or SplitParams()
    merge_params = merge_params or MergeParams()
    reassign_params = reassign_params or ReassignParams()
    items, given = _read_inputs(store)
    vectors = article_vectors(store, items, backend)
    previous = _load_state(store, backend, params, split_params, merge_params, reassign_params)
    # a merge never undoes a split, of this run or (while the state lasts) of an earlier one
    clustering = cluster_corpus(
        items,
        vectors,
        StoryParams(params, split_params, merge_params, reassign_params),
        previous=previous,
        apart=_logged_splits(store) if previous else (),
    )
    assignments = clustering.assignments
    groups = _groups(items, assignments)
    spans = {story_id: _span(members) for story_id, members in groups.items()}
    threads = link_threads(_profiles(store, groups, spans), thread_params)
    shown = {story_id: _given_span(members, given) for story_id, members in groups.items()}
    stories = [
        Story(
            id=story_id,
            title=_story_title(members),
            article_ids=tuple(item.article_id for item in members),
            first=shown[story_id][0],
            last=shown[story_id][1],
            thread_id=threads.thread_of.get(story_id),
        )
        for story_id, members in groups.items()
    ]
    store.replace_stories(stories)
    state = {
        "version": STATE_VERSION,
        "backend": backend,
        "params": asdict(params),
        "split_params": asdict(split_params),
        "merge_params": asdict(merge_params),
        "reassign_params": asdict(reassign_params),
        "assignments": assignments,
    }
    store.set_meta(STATE_KEY, json.dumps(state, sort_keys=True))
    _log(store, SPLITS_KEY, [split.to_json() for split in clustering.splits], bool(previous))
    _log(store, MERGES_KEY, [merge.to_json() for merge in clustering.merges], bool(previous))
    _log(store, MOVES_KEY, [move.to_json() for move in clustering.moves], bool(previous))
    store.set_meta(THREADS_KEY, json.dumps([link.to_json() for link in threads.links]))
    store.set_meta(REPORTS_KEY, json.dumps(_reports(groups)))
    return stories


def _logged_splits(store: Store) -> list[tuple[str, str]]:
    """The (story, part split off it) pairs of the splits logged by earlier runs."""
    return [
        (str(record["story_id"]), str(record["new_story_id"]))
        for record in json.loads(store.get_meta(SPLITS_KEY) or "[]")
    ]


def _log(store: Store, key: str, records: list[dict[str, object]], keep_old: bool) -> None:
    """Append ``records`` to the JSON list under ``key`` (the newest MAX_LOGGED are kept)."""
    if not records:
        return
    logged = json.loads(store.get_meta(key) or "[]") if keep_old else []
    logged += records
    store.set_meta(key, json.dumps(logged[-MAX_LOGGED:]))


def _groups(
    items: Sequence[StoryInput], assignments: Mapping[str, str]
) -> dict[str, list[StoryInput]]:
    """Story id -> its articles in arrival order."""
    groups: dict[str, list[StoryInput]] = {}
    for item in sorted(items, key=arrival_key):
        story_id = assignments.get(item.article_id)
        if story_id is not None:
            groups.setdefault(story_id, []).append(item)
    return groups


def _span(members: Sequence[StoryInput]) -> tuple[dt.date | None, dt.date | None]:
    days = [item.published for item in members if item.published is not None]
    return (min(days), max(days)) if days else (None, None)


def _given_span(
    members: Sequence[StoryInput], given: Mapping[str, str]
) -> tuple[str | None, str | None]:
    """The story's first and last dates as its articles give them: a story whose only date is
    the year ``2019`` spans ``2019`` to ``2019``, not the middle day clustering used. First is
    the date whose period starts earliest, last the one whose period ends latest; on a tie the
    finer date wins (``2019-01-01`` and ``2019`` both start on New Year's Day)."""
    spans = {
        value: span
        for value in (given[item.article_id] for item in members if item.article_id in given)
        if (span := calendar_span(value)) is not None
    }
    if not spans:
        return None, None
    first = min(spans, key=lambda value: (spans[value][0], -len(value)))
    last = max(spans, key=lambda value: (spans[value][1], len(value)))
    return first, last


def _reports(groups: Mapping[str, list[StoryInput]]) -> dict[str, list[dict[str, object]]]:
    """Story id -> its independent reports (copies grouped), as stored for the queries."""
    reports: dict[str, list[dict[str, object]]] = {}
    for story_id, members in groups.items():
        found = independent_reports(
            [
                SourceArticle(
                    article_id=item.article_id,
                    text=item.text,
                    source=item.source,
                    published=_iso(item.published),
                    duplicate_of=item.duplicate_of,
                )
                for item in members
            ]
        )
        reports[story_id] = [
            {"original": r.original, "article_ids": list(r.article_ids), "outlets": list(r.outlets)}
            for r in found
        ]
    return reports

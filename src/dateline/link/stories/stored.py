"""What story linking reads from and writes to a store, for a full run and a batch alike.

Reading: articles as :class:`StoryInput` records with the entity names they use
(:func:`read_inputs`), their embeddings (:func:`article_vectors`), thread profiles
(:func:`profiles`). Writing (:func:`write_stories`): the stories that changed, the state a
later batch is linked against (document frequencies, blocking keys, member days, entity
names: :func:`index_of`), their independent reports and the passes' logs.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
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
from dateline.link.stories.features import (
    ClusterParams,
    StoryInput,
    arrival_key,
    article_counts,
    article_features,
    content_words,
    mention_key,
    split_features,
    story_day,
)
from dateline.link.stories.threads import DatedSentence, StoryProfile, dated_sentences
from dateline.records import Mention, Story, TimeExpr
from dateline.timevalues import calendar_span

if TYPE_CHECKING:
    from dateline.link.stories.corpus import Clustering
    from dateline.store.interface import Store

VECTOR_KIND = "article"
MAX_LOGGED = 1000  # the newest splits, merges and moves kept (each)
#: the story each logged record changed, per log
LOG_STORY_FIELD = {"split": "story_id", "merge": "story_id", "move": "to_story"}


@dataclass(slots=True)
class Inputs:
    """Articles as story inputs, with what the stories built from them show."""

    items: list[StoryInput] = field(default_factory=list)
    given: dict[str, str] = field(default_factory=dict)  # article id -> its date as stored
    names: dict[str, set[str]] = field(default_factory=dict)  # article id -> entity names
    times: dict[str, list[TimeExpr]] = field(default_factory=dict)  # article id -> its times
    #: article id -> entity id -> the name it gave (``""``: no such entity), of its mentions
    entity_ids: dict[str, dict[str, str]] = field(default_factory=dict)

    def extend(self, other: Inputs) -> None:
        self.items += other.items
        self.given.update(other.given)
        self.names.update(other.names)
        self.times.update(other.times)
        self.entity_ids.update(other.entity_ids)


def mention_names(
    mentions: Iterable[Mention], entity_names: Mapping[str, str]
) -> tuple[dict[str, set[str]], dict[str, dict[str, str]]]:
    """Article id -> the entity names its mentions use (a linked mention its entity's name,
    given ``entity_names``; another its canonical form or text); and article id -> entity
    id -> the name it gave (``""``: no such entity)."""
    names: dict[str, set[str]] = {}
    ids: dict[str, dict[str, str]] = {}
    for mention in mentions:
        name = entity_names.get(mention.entity_id or "", "") or mention.canonical or mention.text
        names.setdefault(mention.article_id, set()).add(name)
        if mention.entity_id:
            ids.setdefault(mention.article_id, {})[mention.entity_id] = entity_names.get(
                mention.entity_id, ""
            )
    return names, ids


def read_inputs(store: Store, article_ids: Sequence[str] | None = None) -> Inputs:
    """The articles ``article_ids`` (every stored article when None) as story inputs.

    Only a firm article date (:attr:`Article.firmly_dated`: metadata, the user, the URL, the
    file path, a dateline in the text) or a guess the text pins to the week (see
    :func:`story_day`) becomes the input's ``published``: a looser guess (a corpus prior, a
    window) would gate, order and split stories on a guess, so such an article is clustered
    as undated. ``given`` keeps the date as stored (``2019``, ``2019-04-25``) of each dated
    input, so that a story's span keeps the precision of its articles.
    """
    if article_ids is None:
        mentions = list(store.iter_mentions())
        times = list(store.iter_times())
        articles = list(store.iter_articles())
        entity_names = {entity.id: entity.name for entity in store.iter_entities(articles=False)}
    else:
        # a few queries a page of ids, not three an article
        found = {article.id: article for article in store.get_articles(article_ids)}
        articles = [found[article_id] for article_id in article_ids if article_id in found]
        mentions = store.mentions_in(list(found))
        times = store.times_in(list(found))
        # names only: an entity's aliases and article ids grow with the corpus
        entity_names = store.entity_names(sorted({m.entity_id for m in mentions if m.entity_id}))
    inputs = Inputs()
    keys: dict[str, list[str]] = {}
    for mention in mentions:
        keys.setdefault(mention.article_id, []).append(mention_key(mention))
    inputs.names, inputs.entity_ids = mention_names(mentions, entity_names)
    dates: dict[str, list[str]] = {}
    for time in times:
        inputs.times.setdefault(time.article_id, []).append(time)
        if time.type == "DATE" and time.basis == "stated":
            dates.setdefault(time.article_id, []).append(time.value)
    for article in articles:
        day = story_day(article)
        if day is not None and article.published:
            inputs.given[article.id] = article.published[:10]
        inputs.items.append(
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
    return inputs


def article_vectors(
    store: Store,
    items: Sequence[StoryInput],
    backend: Backend = DEFAULT_BACKEND,
    *,
    everything: bool = False,
) -> npt.NDArray[np.float32]:
    """Embeddings of ``items``: stored ones reused, missing ones computed and stored.

    ``everything`` reads every stored vector in one pass (a full run) instead of looking up
    those of ``items``.
    """
    ids = [item.article_id for item in items]
    raw = (
        dict(store.iter_vectors(VECTOR_KIND)) if everything else store.get_vectors(VECTOR_KIND, ids)
    )
    stored = {article_id: vector_from_bytes(data) for article_id, data in raw.items()}
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
    return np.stack([stored[i] for i in ids]) if items else np.zeros((0, 1), np.float32)


# -- document frequencies ------------------------------------------------------------------
DF_KINDS = ("term", "entity", "split")


def feature_keys(item: StoryInput) -> dict[str, set[str]]:
    """The features of one article that count in each kind of document frequency."""
    words, entities = article_counts(item)
    return {"term": set(words), "entity": set(entities), "split": set(split_features(item))}


def document_frequencies(items: Iterable[StoryInput]) -> dict[str, Counter[str]]:
    """Kind -> feature -> how many of ``items`` have it."""
    df: dict[str, Counter[str]] = {kind: Counter() for kind in DF_KINDS}
    for item in items:
        for kind, keys in feature_keys(item).items():
            df[kind].update(keys)
    return df


# -- what a later batch is linked against ------------------------------------------------------
@dataclass(frozen=True, slots=True)
class StoryIndex:
    """Per story: the blocking keys its articles post, the days they are dated, the entity
    names they use (with how many articles use each)."""

    keys: dict[str, set[str]]
    days: dict[str, set[int]]
    names: dict[str, dict[str, int]]


def index_of(
    groups: Mapping[str, Sequence[StoryInput]],
    names: Mapping[str, set[str]],
    df: Mapping[str, Mapping[str, int]],
    documents: int,
    params: ClusterParams,
) -> StoryIndex:
    """The index of the stories ``groups``, each article's blocking keys weighed by the idf
    over ``documents`` articles (``df``: kind -> feature -> frequency)."""
    keys: dict[str, set[str]] = {}
    days: dict[str, set[int]] = {}
    story_names: dict[str, dict[str, int]] = {}
    for story_id, members in groups.items():
        posted: set[str] = set()
        counted: Counter[str] = Counter()
        for item in members:
            words, entities = article_counts(item)
            features = article_features(
                words, entities, df["term"], df["entity"], documents, params
            )
            posted.update(features.blocking)
            counted.update(names.get(item.article_id, ()))
        keys[story_id] = posted
        days[story_id] = {item.published.toordinal() for item in members if item.published}
        story_names[story_id] = dict(counted)
    return StoryIndex(keys, days, story_names)


# -- stories, threads, reports ------------------------------------------------------------
def groups_of(
    items: Sequence[StoryInput], assignments: Mapping[str, str]
) -> dict[str, list[StoryInput]]:
    """Story id -> its articles in arrival order."""
    groups: dict[str, list[StoryInput]] = {}
    for item in sorted(items, key=arrival_key):
        story_id = assignments.get(item.article_id)
        if story_id is not None:
            groups.setdefault(story_id, []).append(item)
    return groups


def story_title(members: Sequence[StoryInput]) -> str:
    for item in members:
        if item.title.strip():
            return " ".join(item.title.split())
    text = " ".join(members[0].text.split()) if members else ""
    return text[:80] + ("…" if len(text) > 80 else "")


def span(members: Sequence[StoryInput]) -> tuple[dt.date | None, dt.date | None]:
    days = [item.published for item in members if item.published is not None]
    return (min(days), max(days)) if days else (None, None)


def given_span(
    members: Sequence[StoryInput], given: Mapping[str, str]
) -> tuple[str | None, str | None]:
    """The story's first and last dates as its articles give them: a story whose only date is
    the year ``2019`` spans ``2019`` to ``2019``, not the middle day clustering used. First is
    the date whose period starts earliest, last the one whose period ends latest; on a tie the
    finer date wins (``2019-01-01`` and ``2019`` both start on New Year's Day)."""
    spans = {
        value: found
        for value in (given[item.article_id] for item in members if item.article_id in given)
        if (found := calendar_span(value)) is not None
    }
    if not spans:
        return None, None
    first = min(spans, key=lambda value: (spans[value][0], -len(value)))
    last = max(spans, key=lambda value: (spans[value][1], len(value)))
    return first, last


def stories_of(
    groups: Mapping[str, Sequence[StoryInput]],
    given: Mapping[str, str],
    thread_of: Mapping[str, str],
) -> list[Story]:
    stories = []
    for story_id, members in groups.items():
        first, last = given_span(members, given)
        stories.append(
            Story(
                id=story_id,
                title=story_title(members),
                article_ids=tuple(item.article_id for item in members),
                first=first,
                last=last,
                thread_id=thread_of.get(story_id),
            )
        )
    return stories


def profiles(
    groups: Mapping[str, Sequence[StoryInput]],
    names: Mapping[str, set[str]],
    times: Mapping[str, Sequence[TimeExpr]],
) -> list[StoryProfile]:
    """What thread linking needs to know about each story of ``groups``, from the entity
    names and time expressions of their articles (as :func:`read_inputs` read them)."""
    found = []
    for story_id, members in groups.items():
        entities: Counter[str] = Counter()
        words: set[str] = set()
        dated: list[DatedSentence] = []
        for item in members:
            entities.update(names.get(item.article_id, ()))
            words.update(content_words(f"{item.title}\n{item.text}"))
            dated += dated_sentences(item.article_id, item.text, times.get(item.article_id, ()))
        first, last = span(members)
        found.append(
            StoryProfile(
                story_id=story_id,
                title=story_title(members),
                first=first,
                last=last,
                entities=dict(entities),
                words=frozenset(words),
                dated_sentences=tuple(dated),
                articles=len(members),
            )
        )
    return found


def reports_of(groups: Mapping[str, Sequence[StoryInput]]) -> dict[str, list[dict[str, object]]]:
    """Story id -> its independent reports (copies grouped), as stored for the queries."""
    reports: dict[str, list[dict[str, object]]] = {}
    for story_id, members in groups.items():
        found = independent_reports(
            [
                SourceArticle(
                    article_id=item.article_id,
                    text=item.text,
                    source=item.source,
                    published=item.published.isoformat() if item.published else None,
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


def write_logs(store: Store, clustering: Clustering) -> None:
    """Append what the splitting, merging and moving passes changed to their logs."""
    for kind, records in (
        ("split", [split.to_json() for split in clustering.splits]),
        ("merge", [merge.to_json() for merge in clustering.merges]),
        ("move", [move.to_json() for move in clustering.moves]),
    ):
        store.append_story_log(kind, records, MAX_LOGGED, LOG_STORY_FIELD[kind])


def logged_splits(store: Store) -> list[tuple[str, str]]:
    """The (story, part split off it) pairs of the splits logged by earlier runs."""
    return [
        (str(record["story_id"]), str(record["new_story_id"]))
        for record in store.story_log("split")
    ]

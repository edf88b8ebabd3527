"""The online story clusterer: each new article joins the most similar story or founds one.

:class:`StoryClusterer` is an online single-pass clusterer over small :class:`StoryInput`
records. Each new article is compared with a short list of candidate stories and either joins
the best one or founds a new story; old assignments never move, and a story's id is derived
from its founding article's id, so ids are stable across re-runs and growth.

Similarity of an article to a story mixes three signals, each a cosine against the story's
running sum of member vectors (weights in :class:`ClusterParams`):

- the article's text embedding (WordLlama by default, see :mod:`dateline.link.embed`);
- its salient words (log tf x idf, idf from the documents seen so far);
- its entity keys (canonical names or entity ids, idf-weighted).

The best story reaching ``threshold`` is joined only when one of its latest members
(``members_compared``) is itself similar to the article, by the same weighted similarity
article to article (``min_member_similarity``); otherwise the next story reaching the
threshold is tried, and when none qualifies the article founds a story. A running sum keeps
what its members share, so a story grown from many loosely related reports (a newswire's
daily China diplomacy, its market reports) comes to hold the vocabulary of the beat, which
every further report of the beat matches: on the TempEval-3 silver newswire such sums drew
67 and 76 reports of different happenings into one story each. A report of the same
happening is also close to one earlier report on its own.

Candidate stories come from blocking, so the cost per article depends on how many stories are
*near* it, not on the corpus size: a dated article meets stories with a dated member within
``window_days`` (day buckets) of its date, or within ``stated_slack_days`` of a day or month
its text states (a report years later that names the day of its happening), and every
article meets stories sharing one of its rarest
words or entity keys (an inverted index whose overlong posting lists are ignored). The
candidates are ranked by embedding similarity with one numpy product and only the top
``max_candidates`` are scored in full.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from dateline.link.stories.features import (
    NO_DAY_HIGH,
    NO_DAY_LOW,
    ArticleFeatures,
    Background,
    ClusterParams,
    SparseVector,
    StoryInput,
    arrival_key,
    article_counts,
    article_features,
    day_reach,
    sparse_dot,
    story_id_for,
    years_conflict,
)


@dataclass(slots=True)
class _Story:
    """Running aggregates of one story (mutable, private to the clusterer)."""

    index: int
    id: str
    article_ids: list[str]
    first: dt.date | None = None
    last: dt.date | None = None
    terms: SparseVector = field(default_factory=dict)
    terms_norm2: float = 0.0
    entities: SparseVector = field(default_factory=dict)
    entities_norm2: float = 0.0
    years: Counter[str] = field(default_factory=Counter)
    # the latest members (at most ClusterParams.members_compared) and their embeddings
    members: list[tuple[StoryInput, npt.NDArray[np.float32]]] = field(default_factory=list)


def _add_sparse(total: SparseVector, norm2: float, vector: SparseVector) -> float:
    """Add ``vector`` into ``total`` in place and return the new squared norm."""
    cross = sparse_dot(vector, total)
    for key, value in vector.items():
        total[key] = total.get(key, 0.0) + value
    return norm2 + 2 * cross + sum(value * value for value in vector.values())


def _sparse_cosine(vector: SparseVector, total: SparseVector, norm2: float) -> float:
    if not vector or norm2 <= 0:
        return 0.0
    return sparse_dot(vector, total) / math.sqrt(norm2)


def _pair_similarity(
    params: ClusterParams, embedding: float, first: ArticleFeatures, second: ArticleFeatures
) -> float:
    """The weighted similarity of two articles, on the scale of :meth:`StoryClusterer._score`,
    over the signals both have: an article without entity keys (a store linked before
    annotation, a short report naming no one the recogniser knows) lacks that evidence, which
    is not evidence against the pair, so the other weights are scaled up to the full scale."""
    total = params.embedding_weight + params.term_weight + params.entity_weight
    weight, value = params.embedding_weight, params.embedding_weight * embedding
    if first.terms and second.terms:
        weight += params.term_weight
        value += params.term_weight * sparse_dot(first.terms, second.terms)
    if first.entities and second.entities:
        weight += params.entity_weight
        value += params.entity_weight * sparse_dot(first.entities, second.entities)
    return value * total / weight if weight > 0 else 0.0


class StoryClusterer:
    """Online story clustering with stable ids; see the module docstring for the method."""

    def __init__(self, dim: int, params: ClusterParams | None = None) -> None:
        self.params = params or ClusterParams()
        self.dim = dim
        self.assignments: dict[str, str] = {}
        # article id -> the stories it reached the threshold of but found no close member in
        self.refused: dict[str, list[str]] = {}
        self._stories: list[_Story] = []
        self._by_id: dict[str, _Story] = {}
        # per story index: sum of member vectors, its norm, first and last day (ordinals;
        # an undated story spans all days so the time gate never excludes it)
        self._sums = np.zeros((64, dim), dtype=np.float32)
        self._norms = np.zeros(64, dtype=np.float32)
        self._first_day = np.full(64, NO_DAY_LOW, dtype=np.int64)
        self._last_day = np.full(64, NO_DAY_HIGH, dtype=np.int64)
        self._term_df: Counter[str] = Counter()
        self._entity_df: Counter[str] = Counter()
        self._documents = 0
        self._postings: dict[str, set[int]] = {}
        self._days: dict[int, set[int]] = {}  # day ordinal -> stories with a member that day

    def seed(self, background: Background) -> None:
        """Count the stored articles left out of this run in the idf (incremental runs)."""
        self._term_df.update(background.term_df)
        self._entity_df.update(background.entity_df)
        self._documents += background.documents

    # -- features ---------------------------------------------------------------
    def _features(self, item: StoryInput) -> ArticleFeatures:
        """The article's features, weighed by the idf of the documents seen so far."""
        words, entities = article_counts(item)
        self._documents += 1
        self._term_df.update(words.keys())
        self._entity_df.update(entities.keys())
        return article_features(
            words, entities, self._term_df, self._entity_df, self._documents, self.params
        )

    # -- candidates and scores --------------------------------------------------
    def _candidates(self, item: StoryInput, features: ArticleFeatures) -> npt.NDArray[np.int64]:
        """Story indices sharing a blocking key, or dated near the article, in index order."""
        found: set[int] = set()
        for key in features.blocking:
            posting = self._postings.get(key)
            if posting and len(posting) <= self.params.max_posting:
                found |= posting
        indices = np.fromiter(found, dtype=np.int64, count=len(found))
        if item.published is None:
            return np.sort(indices)
        in_time = np.zeros(len(indices), dtype=bool)
        nearby: set[int] = set()
        for first, last in day_reach(item, self.params):
            in_time |= (self._first_day[indices] <= last) & (first <= self._last_day[indices])
            for near in range(first, last + 1):
                bucket = self._days.get(near)
                if bucket:
                    nearby |= bucket
        near_indices = np.fromiter(nearby, dtype=np.int64, count=len(nearby))
        return np.union1d(indices[in_time], near_indices)

    def _embedding_similarity(
        self, indices: npt.NDArray[np.int64], vector: npt.NDArray[np.float32]
    ) -> npt.NDArray[np.float32]:
        norms = self._norms[indices]
        norms[norms == 0] = 1.0
        similarity: npt.NDArray[np.float32] = (self._sums[indices] @ vector) / norms
        return similarity

    def score(
        self, story: _Story, features: ArticleFeatures, vector: npt.NDArray[np.float32]
    ) -> float:
        """Weighted similarity of an article to one story."""
        embedding = float(self._embedding_similarity(np.array([story.index]), vector)[0])
        return self._score(story, features, embedding)

    def _score(self, story: _Story, features: ArticleFeatures, embedding: float) -> float:
        params = self.params
        terms = _sparse_cosine(features.terms, story.terms, story.terms_norm2)
        entities = _sparse_cosine(features.entities, story.entities, story.entities_norm2)
        return (
            params.embedding_weight * embedding
            + params.term_weight * terms
            + params.entity_weight * entities
            - (params.year_conflict if years_conflict(features.years, story.years) else 0.0)
        )

    def _best_story(
        self, item: StoryInput, features: ArticleFeatures, vector: npt.NDArray[np.float32]
    ) -> _Story | None:
        """The most similar story reaching the threshold that holds a member like the
        article (:meth:`_has_close_member`); None when there is none."""
        candidates = self._candidates(item, features)
        if not len(candidates):
            return None
        similarity = self._embedding_similarity(candidates, vector)
        order = np.argsort(-similarity, kind="stable")[: self.params.max_candidates]
        scored = []
        for rank, position in enumerate(order.tolist()):
            story = self._stories[int(candidates[position])]
            value = self._score(story, features, float(similarity[position]))
            if value >= self.params.threshold:
                scored.append((-value, rank, story))
        for _, _, story in sorted(scored, key=lambda entry: entry[:2]):
            if self._has_close_member(story, features, vector):
                return story
            self.refused.setdefault(item.article_id, []).append(story.id)
        return None

    def _has_close_member(
        self, story: _Story, features: ArticleFeatures, vector: npt.NDArray[np.float32]
    ) -> bool:
        """Whether one of the story's latest members is itself similar to the article.

        The story's running sum holds what its members share; in a story grown from many
        loosely related reports (a wire's daily China diplomacy) that is the vocabulary of the
        beat, which any further report of the beat matches. A report of the same happening
        is also similar to one earlier report on its own: the weighted similarity of the two
        articles reaches ``min_member_similarity``. A story of one article is its sum.
        """
        params = self.params
        if len(story.article_ids) < 2:
            return True
        embeddings = np.stack([member_vector for _, member_vector in story.members]) @ vector
        # the likeliest first: the answer is the same in any order, found sooner
        for position in np.argsort(-embeddings, kind="stable").tolist():
            member = story.members[position][0]
            words, entities = article_counts(member)
            other = article_features(
                words, entities, self._term_df, self._entity_df, self._documents, params
            )
            value = _pair_similarity(params, float(embeddings[position]), features, other)
            if value >= params.min_member_similarity:
                return True
        return False

    # -- updates ----------------------------------------------------------------
    def _found(self, article_id: str) -> _Story:
        story_id = story_id_for(article_id)
        story = _Story(index=len(self._stories), id=story_id, article_ids=[])
        if story.index >= self._sums.shape[0]:
            self._grow()
        self._stories.append(story)
        self._by_id[story_id] = story
        return story

    def _grow(self) -> None:
        size = self._sums.shape[0]
        self._sums = np.concatenate([self._sums, np.zeros((size, self.dim), dtype=np.float32)])
        self._norms = np.concatenate([self._norms, np.zeros(size, dtype=np.float32)])
        self._first_day = np.concatenate(
            [self._first_day, np.full(size, NO_DAY_LOW, dtype=np.int64)]
        )
        self._last_day = np.concatenate(
            [self._last_day, np.full(size, NO_DAY_HIGH, dtype=np.int64)]
        )

    def _join(
        self,
        story: _Story,
        item: StoryInput,
        features: ArticleFeatures,
        vector: npt.NDArray[np.float32],
    ) -> None:
        story.article_ids.append(item.article_id)
        story.members.append((item, vector))
        if len(story.members) > self.params.members_compared:
            del story.members[0]
        self._sums[story.index] += vector
        self._norms[story.index] = np.linalg.norm(self._sums[story.index])
        story.terms_norm2 = _add_sparse(story.terms, story.terms_norm2, features.terms)
        story.entities_norm2 = _add_sparse(story.entities, story.entities_norm2, features.entities)
        story.years.update(features.years)
        for key in features.blocking:
            self._postings.setdefault(key, set()).add(story.index)
        if item.published is not None:
            story.first = min(story.first or item.published, item.published)
            story.last = max(story.last or item.published, item.published)
            self._first_day[story.index] = story.first.toordinal()
            self._last_day[story.index] = story.last.toordinal()
            self._days.setdefault(item.published.toordinal(), set()).add(story.index)
        self.assignments[item.article_id] = story.id

    def _checked_vector(self, vector: npt.NDArray[np.floating]) -> npt.NDArray[np.float32]:
        array = np.asarray(vector, dtype=np.float32).reshape(-1)
        if array.shape[0] != self.dim:
            raise ValueError(f"vector has {array.shape[0]} dimensions, expected {self.dim}")
        return array

    def add(self, item: StoryInput, vector: npt.NDArray[np.floating]) -> str:
        """Assign one new article to a story (joining or founding one); returns the story id."""
        known = self.assignments.get(item.article_id)
        if known is not None:
            return known
        array = self._checked_vector(vector)
        features = self._features(item)
        original = self.assignments.get(item.duplicate_of) if item.duplicate_of else None
        if original is not None:
            story = self._by_id[original]
        else:
            best = self._best_story(item, features, array)
            story = best if best is not None else self._found(item.article_id)
        self._join(story, item, features, array)
        return story.id

    def add_many(
        self, items: Sequence[StoryInput], vectors: npt.NDArray[np.floating]
    ) -> dict[str, str]:
        """Assign articles in a fixed order: by date (undated last), then id; copies last."""
        if len(items) != len(vectors):
            raise ValueError(f"{len(items)} articles but {len(vectors)} vectors")
        batch_ids = {item.article_id for item in items}
        # A copy waits for its original, so that it joins the original's story.
        order = sorted(
            range(len(items)),
            key=lambda i: (items[i].duplicate_of in batch_ids, arrival_key(items[i])),
        )
        return {items[i].article_id: self.add(items[i], vectors[i]) for i in order}

    def restore(
        self,
        items: Sequence[StoryInput],
        vectors: npt.NDArray[np.floating],
        assignments: Mapping[str, str],
    ) -> None:
        """Rebuild the state of earlier runs from their assignments, deciding nothing anew.

        ``items`` must include every article of ``assignments``; the founder of each story is
        its first article in arrival order, whose id the story id was derived from.
        """
        order = sorted(range(len(items)), key=lambda i: arrival_key(items[i]))
        for i in order:
            item = items[i]
            story_id = assignments.get(item.article_id)
            if story_id is None or item.article_id in self.assignments:
                continue
            story = self._by_id.get(story_id)
            if story is None:
                story = self._found(item.article_id)
                if story.id != story_id:  # founded by an article no longer stored
                    del self._by_id[story.id]
                    story.id = story_id
                    self._by_id[story_id] = story
            self._join(story, item, self._features(item), self._checked_vector(vectors[i]))

    def groups(self) -> dict[str, list[str]]:
        """Story id -> its article ids in arrival order."""
        return {story.id: list(story.article_ids) for story in self._stories}

    def spans(self) -> dict[str, tuple[dt.date | None, dt.date | None]]:
        """Story id -> (first, last) publication date of its dated members."""
        return {story.id: (story.first, story.last) for story in self._stories}


def cluster(
    items: Sequence[StoryInput],
    vectors: npt.NDArray[np.floating],
    params: ClusterParams | None = None,
) -> dict[str, str]:
    """One-shot clustering of ``items`` (article id -> story id) with a fresh clusterer."""
    dim = int(np.asarray(vectors).shape[1]) if len(items) else 1
    clusterer = StoryClusterer(dim, params)
    return clusterer.add_many(items, vectors)

"""Fourth pass over stories: an article moves to the story that now clearly fits it better.

The online clusterer (:mod:`dateline.link.stories.online`) decides each article once, against the
stories as they stood when it arrived and with the idf of the documents seen so far; it never
moves an article again. An article that arrived before its own story had formed, or whose
story the splitting pass cut on the other side, is left in a story of the same kind of
happening (a report of the 2008 heist left in the 2013 heist's story). After the splitting
and merging passes, this pass scores every article of a story of at least ``min_story``
articles against its own story *without it* (leave-one-out) and against the candidate stories,
with the online clusterer's own similarity (embedding, words, entities, year conflict, the
weights of :class:`ClusterParams`) but with hindsight: the idf over all articles and the
finished stories. The article moves when another story scores at least ``min_margin`` above
its own.

A report of one sentence (a headline, a one-line alert) that fits another story nearly as
well as its own (``unsure_margin``) is *set aside* instead, a story of its own: its few words
are the event type's and a name, what two happenings of the same kind share, so a near tie
says nothing about which one it reports. :func:`.corpus.cluster_corpus` then lets the merging
pass place it again by its specifics (it joins the story it clearly fits, or stays alone).

All decisions are taken against the stories as they stand before any move (one batch), so
they do not depend on the order of the articles. Articles of smaller stories (fragments) are
the merging pass's business (:mod:`dateline.link.stories.merges`), and the splitting pass's cuts are
not protected here: one article moving across a cut refines it, it does not undo it.

A batch run (:mod:`.incremental`) decides before the stories are finished. An article of a
story founded so recently that the next batches may still grow it is weighed against its own
story as it stands, a few reports of a happening still unfolding; an older story of the same
kind is already large. So such an article does not move to an older story: on the TempEval-3
silver newswire linked by 25 articles, a November 2006 story of China's trade agreements lost
its reports one batch at a time to a story of China's diplomacy a year older, where a full run
keeps them apart. Moves between two stories still forming, and out of older stories, are
decided as in a full run.

Candidates come from blocking, as in the online pass and with its parameters: the stories
sharing one of the article's blocking keys (rarest entity keys, heaviest words; keys of more
than ``max_posting`` stories are ignored) that pass the time gate, ranked by embedding
similarity, the best ``max_candidates`` scored in full. Ids stay stable: a story keeps its
id when an article leaves or joins it, and :meth:`StoryClusterer.restore` rebuilds the
stories from the saved assignments on the next run.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

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
    article_counts,
    article_features,
    sparse_dot,
    story_id_for,
    years_conflict,
)


@dataclass(frozen=True, slots=True)
class ReassignParams:
    """When an article changes story (tuned on the ECB+ train and dev topics only)."""

    min_margin: float = 0.04  # another story's score over the own story's (leave-one-out)
    min_story: int = 4  # articles of smaller stories never move (see the merging pass)
    # a report of one sentence whose own story scores less than this above another story (or
    # below it, by less than min_margin) is set aside, a story of its own, for the merging
    # pass to place again (-min_margin or less: never)
    unsure_margin: float = 0.03


@dataclass(frozen=True, slots=True)
class Move:
    """One move: ``article_id`` left ``from_story`` for ``to_story``."""

    article_id: str
    from_story: str
    to_story: str
    score: float  # the weighted similarity to the story it joined (set aside: the runner-up's)
    own_score: float  # and to the story it left, without the article itself
    aside: bool = False  # set aside as a story of its own: it fitted two stories nearly alike

    def to_json(self) -> dict[str, object]:
        record: dict[str, object] = {
            "article_id": self.article_id,
            "from_story": self.from_story,
            "to_story": self.to_story,
            "score": round(self.score, 4),
            "own_score": round(self.own_score, 4),
        }
        if self.aside:
            record["aside"] = True
        return record


class _Stories:
    """Every story's sums of member features (as the online clusterer keeps them), with an
    inverted index from the members' blocking keys to the stories."""

    def __init__(
        self,
        story_of: Sequence[str | None],
        features: Sequence[ArticleFeatures],
        vectors: npt.NDArray[np.float64],
        days: Sequence[int | None],
    ) -> None:
        self.ids: list[str] = []
        self.index: dict[str, int] = {}
        rows: list[int] = []
        for story_id in story_of:
            if story_id is not None and story_id not in self.index:
                self.index[story_id] = len(self.ids)
                self.ids.append(story_id)
            rows.append(self.index[story_id] if story_id is not None else -1)
        count = len(self.ids)
        self.embeddings = np.zeros((count, vectors.shape[1]))
        self.terms: list[SparseVector] = [{} for _ in range(count)]
        self.entities: list[SparseVector] = [{} for _ in range(count)]
        self.years: list[Counter[str]] = [Counter() for _ in range(count)]
        self.first = np.full(count, NO_DAY_HIGH, dtype=np.int64)
        self.last = np.full(count, NO_DAY_LOW, dtype=np.int64)
        self.postings: dict[str, set[int]] = {}
        for row, story, day in zip(range(len(rows)), rows, days, strict=True):
            if story < 0:
                continue
            self.embeddings[story] += vectors[row]
            for total, part in (
                (self.terms[story], features[row].terms),
                (self.entities[story], features[row].entities),
            ):
                for key, value in part.items():
                    total[key] = total.get(key, 0.0) + value
            self.years[story].update(features[row].years)
            if day is not None:
                self.first[story] = min(self.first[story], day)
                self.last[story] = max(self.last[story], day)
            for key in features[row].blocking:
                self.postings.setdefault(key, set()).add(story)
        undated = self.first > self.last
        self.first[undated], self.last[undated] = NO_DAY_LOW, NO_DAY_HIGH
        self.embedding_norm2 = np.einsum("ij,ij->i", self.embeddings, self.embeddings)
        self.terms_norm2 = [sparse_dot(total, total) for total in self.terms]
        self.entities_norm2 = [sparse_dot(total, total) for total in self.entities]

    def candidates(
        self, features: ArticleFeatures, day: int | None, window: int, max_posting: int
    ) -> npt.NDArray[np.int64]:
        """Stories sharing a blocking key with the article and passing the time gate."""
        found: set[int] = set()
        for key in features.blocking:
            posting = self.postings.get(key)
            if posting and len(posting) <= max_posting:
                found |= posting
        indices = np.fromiter(found, dtype=np.int64, count=len(found))
        if day is None:
            return indices
        return indices[(self.first[indices] - window <= day) & (day <= self.last[indices] + window)]


def _cosine(dot: float, norm2: float, own2: float, leave_out: bool) -> float:
    """Cosine of a vector (squared norm ``own2``, dot product ``dot`` with a sum of squared
    norm ``norm2``) with the sum, or with the sum less the vector itself."""
    if leave_out:
        dot, norm2 = dot - own2, norm2 - 2 * dot + own2
    return dot / math.sqrt(norm2 * own2) if own2 > 0 and norm2 > 1e-12 else 0.0


def _score(
    stories: _Stories,
    story: int,
    features: ArticleFeatures,
    vector: npt.NDArray[np.float64],
    params: ClusterParams,
    leave_out: bool = False,
) -> float:
    """The online clusterer's weighted similarity of an article to a story."""
    embedding = _cosine(
        float(vector @ stories.embeddings[story]),
        float(stories.embedding_norm2[story]),
        float(vector @ vector),
        leave_out,
    )
    # the word and entity vectors are unit vectors (or empty)
    terms = _cosine(
        sparse_dot(features.terms, stories.terms[story]),
        stories.terms_norm2[story],
        1.0 if features.terms else 0.0,
        leave_out,
    )
    entities = _cosine(
        sparse_dot(features.entities, stories.entities[story]),
        stories.entities_norm2[story],
        1.0 if features.entities else 0.0,
        leave_out,
    )
    years: Mapping[str, int] = stories.years[story]
    if leave_out:
        years = stories.years[story] - Counter(features.years)
    return (
        params.embedding_weight * embedding
        + params.term_weight * terms
        + params.entity_weight * entities
        - (params.year_conflict if years_conflict(features.years, years) else 0.0)
    )


def _hindsight_features(
    items: Sequence[StoryInput], params: ClusterParams, background: Background | None = None
) -> list[ArticleFeatures]:
    """Every article's features, weighed by the idf over all of ``items`` (and the stored
    articles of ``background``)."""
    counts = [article_counts(item) for item in items]
    term_df: Counter[str] = Counter(background.term_df if background else {})
    entity_df: Counter[str] = Counter(background.entity_df if background else {})
    for words, entities in counts:
        term_df.update(words.keys())
        entity_df.update(entities.keys())
    documents = len(items) + (background.documents if background else 0)
    return [
        article_features(words, entities, term_df, entity_df, documents, params)
        for words, entities in counts
    ]


def reassign_articles(
    items: Sequence[StoryInput],
    vectors: npt.NDArray[np.floating],
    assignments: Mapping[str, str],
    params: ReassignParams | None = None,
    cluster_params: ClusterParams | None = None,
    story_ids: Iterable[str] | None = None,
    background: Background | None = None,
    forming_since: int | None = None,
) -> tuple[dict[str, str], list[Move]]:
    """Move articles to the story that clearly fits them better; new assignments and moves.

    ``items`` are all articles (the idf and the story sums are computed over them) and
    ``vectors`` their embeddings, row for row. Only the articles of the stories in
    ``story_ids`` may move (all stories when None), to any story. ``forming_since`` (a batch
    run): a story whose earliest dated article is dated that day (an ordinal) or later is
    still forming, and an article of it neither moves to a story that is not, nor is set
    aside for it.
    """
    params = params or ReassignParams()
    cluster_params = cluster_params or ClusterParams()
    refined = dict(assignments)
    examined = None if story_ids is None else set(story_ids)
    story_of = [assignments.get(item.article_id) for item in items]
    sizes = Counter(story_of)
    movable = [
        i
        for i, story_id in enumerate(story_of)
        if story_id is not None
        and sizes[story_id] >= params.min_story
        and (examined is None or story_id in examined)
    ]
    if not movable:
        return refined, []
    features = _hindsight_features(items, cluster_params, background)
    dense = np.asarray(vectors, dtype=np.float64)
    days = [item.published.toordinal() if item.published else None for item in items]
    stories = _Stories(story_of, features, dense, days)
    moves: list[Move] = []
    for i in movable:
        own = stories.index[story_of[i] or ""]
        candidates = stories.candidates(
            features[i], days[i], cluster_params.window_days, cluster_params.max_posting
        )
        candidates = candidates[candidates != own]
        if not len(candidates):
            continue
        similarity = (stories.embeddings[candidates] @ dense[i]) / np.sqrt(
            np.maximum(stories.embedding_norm2[candidates], 1e-12)
        )
        order = np.argsort(-similarity, kind="stable")[: cluster_params.max_candidates]
        best, best_story = max(
            (_score(stories, story, features[i], dense[i], cluster_params), story)
            for story in candidates[order].tolist()
        )
        own_score = _score(stories, own, features[i], dense[i], cluster_params, leave_out=True)
        article_id = items[i].article_id
        if (
            forming_since is not None
            and stories.first[own] >= forming_since > stories.first[best_story]
        ):
            continue
        if best - own_score >= params.min_margin:
            refined[article_id] = stories.ids[best_story]
            moves.append(
                Move(article_id, stories.ids[own], stories.ids[best_story], best, own_score)
            )
        elif own_score - best < params.unsure_margin and _unsure(items[i], stories.ids[own]):
            refined[article_id] = story_id_for(article_id)
            moves.append(
                Move(article_id, stories.ids[own], refined[article_id], best, own_score, True)
            )
    return refined, moves


_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s+(?=[\"'“‘(]*[A-Z0-9])")


def _unsure(item: StoryInput, story_id: str) -> bool:
    """Whether an article that fits another story nearly as well as its own is too short to
    tell which happening it reports: a headline or a single sentence (a one-line wire alert)
    holds the event type's words and a name or two, the very words two happenings of the same
    kind share. It is set aside for the merging pass, whose specifics and ratio rule decide
    again. A story's founder stays (the story's id is derived from it)."""
    if story_id_for(item.article_id) == story_id:
        return False
    body = item.text.strip()
    if item.title and body.startswith(item.title.strip()):
        body = body[len(item.title.strip()) :].strip()
    return not body or len(_SENTENCE_END.findall(body)) == 0

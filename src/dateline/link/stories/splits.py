"""Second pass over stories: split a story whose articles form two tight groups.

The online clusterer (:mod:`dateline.link.stories.online`) joins an article to the story it is most
similar to, so two happenings *of the same kind* (two Paris jewellery heists five years apart)
end up in one story: they share nearly every word but the specifics. This pass looks inside
each story for two groups that disagree on those specifics.

Each article becomes a sparse vector over its content words, the numbers it names (23 pirates,
$85 million), its entity keys, the month-days and the years of its stated dates, weighted
``(1 + log tf) * idf ** idf_power`` with the idf over all articles given: squaring the idf
makes the rare, specific features (a ship's name, an amount) count far more than the generic
vocabulary of the event type. Within a story, the cosine similarities form a graph in which
each article keeps its ``neighbours`` strongest edges (a nearest-neighbour graph: two groups
then share few edges, however similar their vocabulary). Its best two-way cut is the
normalised-cut sweep over the Fiedler vector (spectral bisection), and the story is split when
the graph's algebraic connectivity (the second-smallest eigenvalue of the normalised Laplacian:
0 for two disconnected groups, near 1 for a uniform group) is below ``max_connectivity``. Parts
are split again recursively.

Connectivity alone cannot tell two happenings of the same kind from one happening reported
diversely when the story graph is only loosely knit (connectivity between ``max_connectivity``
and ``max_connectivity_specific``): on the ECB+ train and dev topics, stories holding both
happenings of a topic and single-happening stories both fall there. What tells them apart is
whether the two parts disagree on their *specifics* (entities, numbers, stated dates, years;
not the words of the event type, which both kinds of cut share). A specific is *core* to a
part when at least ``core_share`` of the part's articles (and two of them) have it; each
part's core specifics are weighed by ``idf ** idf_power``, and the part's *exclusive share* is
the weight of its core specifics that at most ``absent_share`` of the other part's articles
have. A single happening's articles share its
people, places and numbers across any cut, so one part's core is mostly present in the other;
two happenings each keep names, places and figures of their own. A loosely knit story is
split when both parts' exclusive shares reach ``min_exclusive``. So is a story whose two parts
are reported over the same days (both have dated articles and their spans overlap), however
low its connectivity: one happening's reports of the same days may form two loosely linked
groups, while two happenings of the same kind reported together keep specifics of their own.

Ids stay stable: the part holding the story's founding article keeps the story id, the other
part gets the id of its own earliest article (:func:`.features.story_id_for`), so that
:meth:`StoryClusterer.restore` rebuilds exactly these stories on the next run.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from dateline.link.stories.features import (
    CorpusFeatures,
    Features,
    StoryInput,
    arrival_key,
    document_frequencies,
    is_specific,
    smoothed_idf,
    story_id_for,
)


@dataclass(frozen=True, slots=True)
class SplitParams:
    """When to split a story (tuned on the ECB+ train and dev topics only)."""

    max_connectivity: float = 0.3  # split when the story graph's lambda_2 is below this
    # or when it is below this and both parts keep specifics of their own (exclusive shares)
    max_connectivity_specific: float = 0.5
    min_exclusive: float = 0.45
    core_share: float = 0.5  # a feature is core to a part that this share of articles has
    absent_share: float = 0.1  # and exclusive when at most this share of the other part has it
    min_story: int = 6  # smaller stories are never split
    min_part: int = 2  # nor into a part smaller than this
    max_story: int = 2000  # bigger stories are left alone (the eigen-solver is cubic)
    idf_power: float = 2.0
    neighbours: int = 6  # each article's strongest edges kept in the story graph (0: all)


@dataclass(frozen=True, slots=True)
class Split:
    """One split: ``moved`` left ``story_id`` to found ``new_story_id``."""

    story_id: str
    new_story_id: str
    moved: tuple[str, ...]
    connectivity: float
    exclusive: float | None = None  # the smaller exclusive share, when it was needed

    def to_json(self) -> dict[str, object]:
        record: dict[str, object] = {
            "story_id": self.story_id,
            "new_story_id": self.new_story_id,
            "moved": list(self.moved),
            "connectivity": round(self.connectivity, 4),
        }
        if self.exclusive is not None:
            record["exclusive"] = round(self.exclusive, 4)
        return record


def similarity_matrix(
    features: Sequence[Features], df: Mapping[str, int], documents: int, idf_power: float
) -> npt.NDArray[np.float64]:
    """Cosine similarities of the articles' weighted feature vectors."""
    columns: dict[str, int] = {}
    for counts in features:
        for key in counts:
            columns.setdefault(key, len(columns))
    matrix = np.zeros((len(features), max(len(columns), 1)))
    for row, counts in enumerate(features):
        for key, count in counts.items():
            idf = smoothed_idf(df.get(key, 0), documents)
            matrix[row, columns[key]] = (1 + math.log(count)) * idf**idf_power
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    matrix /= norms
    similarity: npt.NDArray[np.float64] = matrix @ matrix.T
    return similarity


def nearest_neighbour_graph(
    similarity: npt.NDArray[np.float64], neighbours: int
) -> npt.NDArray[np.float64]:
    """Keep each row's ``neighbours`` strongest edges (symmetrised); 0 keeps all."""
    if neighbours <= 0 or neighbours >= len(similarity) - 1:
        return similarity
    weights = similarity.copy()
    np.fill_diagonal(weights, -np.inf)
    strongest = np.argsort(-weights, axis=1, kind="stable")[:, :neighbours]
    keep = np.zeros_like(weights, dtype=bool)
    np.put_along_axis(keep, strongest, True, axis=1)
    keep |= keep.T
    return np.where(keep, similarity, 0.0)


def bisect(similarity: npt.NDArray[np.float64]) -> tuple[list[int], list[int], float]:
    """Spectral bisection: the best normalised-cut sweep over the Fiedler vector.

    Returns the two parts (row indices) and the algebraic connectivity of the normalised
    Laplacian (small when the graph falls into two groups).
    """
    weights = np.maximum(similarity, 0.0)
    np.fill_diagonal(weights, 0.0)
    degree = weights.sum(axis=1)
    degree[degree <= 0] = 1e-12
    inverse_root = 1.0 / np.sqrt(degree)
    laplacian = np.eye(len(weights)) - inverse_root[:, None] * weights * inverse_root[None, :]
    values, vectors = np.linalg.eigh(laplacian)
    order = np.argsort(vectors[:, 1] * inverse_root, kind="stable")
    ordered = weights[np.ix_(order, order)]
    upper = np.triu(ordered, 1)
    # moving the k-th article of the order from the right part to the left one changes the
    # cut by its weight to the right part minus its weight to the left part
    cuts = np.cumsum(upper.sum(axis=1) - upper.sum(axis=0))[:-1]
    left_volume = np.cumsum(degree[order])[:-1]
    right_volume = degree.sum() - left_volume
    ncut = cuts / np.maximum(left_volume, 1e-12) + cuts / np.maximum(right_volume, 1e-12)
    k = int(np.argmin(ncut)) + 1
    return order[:k].tolist(), order[k:].tolist(), float(values[1])


def exclusive_share(
    part: Sequence[Features],
    other: Sequence[Features],
    df: Mapping[str, int],
    documents: int,
    params: SplitParams,
) -> float:
    """The idf-weighted share of ``part``'s core specifics that ``other`` nearly lacks.

    Only specifics count (:func:`.features.is_specific`: entities, numbers, stated dates,
    years): the words of the event type ("quake", "villages", "injured") are shared by two
    happenings of one kind and by two cuts through one happening alike, so they only dilute
    the share. A specific is core when at least ``core_share`` of the part's articles, and
    two of them, have it; it weighs ``share * idf ** idf_power`` and counts as exclusive when
    at most ``absent_share`` of ``other``'s articles have it. 0 when the part has no core
    specific.
    """
    if not part or not other:
        return 0.0
    in_part = document_frequencies(part)[0]
    in_other = document_frequencies(other)[0]
    core = exclusive = 0.0
    for key, count in in_part.items():
        share = count / len(part)
        if count < 2 or share < params.core_share or not is_specific(key):
            continue
        weight = share * smoothed_idf(df.get(key, 0), documents) ** params.idf_power
        core += weight
        if in_other.get(key, 0) / len(other) <= params.absent_share:
            exclusive += weight
    return exclusive / core if core else 0.0


def _split_story(
    story_id: str,
    members: list[str],
    features: Mapping[str, Features],
    days: Mapping[str, dt.date | None],
    df: Mapping[str, int],
    documents: int,
    params: SplitParams,
) -> list[Split]:
    """Recursively split one story's members (in arrival order); the splits made."""
    if len(members) < params.min_story or len(members) > params.max_story:
        return []
    # articles without any feature cannot be placed: they stay with the founder's part
    placed = [article_id for article_id in members if features[article_id]]
    if len(placed) < params.min_story:
        return []
    rows = [features[article_id] for article_id in placed]
    left, right, connectivity = bisect(
        nearest_neighbour_graph(
            similarity_matrix(rows, df, documents, params.idf_power), params.neighbours
        )
    )
    if min(len(left), len(right)) < params.min_part:
        return []
    exclusive = None
    left_ids, right_ids = [placed[i] for i in left], [placed[i] for i in right]
    # parts reported over the same days are one happening's reports unless their specifics
    # differ: the story graph alone is not enough to split them
    concurrent = _concurrent(left_ids, right_ids, days)
    if connectivity >= params.max_connectivity or concurrent:
        if connectivity >= params.max_connectivity_specific:
            return []
        left_rows, right_rows = [rows[i] for i in left], [rows[i] for i in right]
        exclusive = min(
            exclusive_share(left_rows, right_rows, df, documents, params),
            exclusive_share(right_rows, left_rows, df, documents, params),
        )
        if exclusive < params.min_exclusive:
            return []
    # the story's founder (whose id the story id was derived from) keeps its part in the
    # story; a fragment merged in (dateline.link.stories.merges) may have arrived before it
    founder = next((a for a in members if story_id_for(a) == story_id), members[0])
    moving = {placed[i] for i in (right if founder not in {placed[i] for i in right} else left)}
    moved = [article_id for article_id in members if article_id in moving]
    kept = [article_id for article_id in members if article_id not in moving]
    new_story_id = story_id_for(moved[0])
    return [
        Split(story_id, new_story_id, tuple(moved), connectivity, exclusive),
        *_split_story(story_id, kept, features, days, df, documents, params),
        *_split_story(new_story_id, moved, features, days, df, documents, params),
    ]


def _concurrent(
    first: Sequence[str], second: Sequence[str], days: Mapping[str, dt.date | None]
) -> bool:
    """Both parts have dated articles and their spans of days overlap."""
    spans = []
    for part in (first, second):
        dated = [day for article_id in part if (day := days.get(article_id)) is not None]
        if not dated:
            return False
        spans.append((min(dated), max(dated)))
    (first_start, first_end), (second_start, second_end) = spans
    return first_start <= second_end and second_start <= first_end


def split_stories(
    items: Sequence[StoryInput],
    assignments: Mapping[str, str],
    params: SplitParams | None = None,
    story_ids: Iterable[str] | None = None,
    corpus: CorpusFeatures | None = None,
) -> tuple[dict[str, str], list[Split]]:
    """Split stories whose articles form two tight groups; new assignments and the splits.

    ``items`` are all articles (the idf is computed over them, unless ``corpus`` gives their
    features already); only the stories in ``story_ids`` are examined (all stories when
    None). A story's founder is its earliest article in arrival order
    (:func:`dateline.link.stories.features.arrival_key`).
    """
    params = params or SplitParams()
    items = sorted(items, key=arrival_key)
    members: dict[str, list[str]] = {}
    for item in items:
        story_id = assignments.get(item.article_id)
        if story_id is not None:
            members.setdefault(story_id, []).append(item.article_id)
    examined = set(members) if story_ids is None else set(story_ids) & set(members)
    refined = dict(assignments)
    splits: list[Split] = []
    if not any(len(members[story_id]) >= params.min_story for story_id in examined):
        return refined, splits  # nothing to examine: skip the corpus-wide statistics
    corpus = corpus or CorpusFeatures.of(items)
    days = {item.article_id: item.published for item in items}
    for story_id in sorted(examined):
        for split in _split_story(
            story_id, members[story_id], corpus.features, days, corpus.df, corpus.documents, params
        ):
            splits.append(split)
            refined.update(dict.fromkeys(split.moved, split.new_story_id))
    return refined, splits

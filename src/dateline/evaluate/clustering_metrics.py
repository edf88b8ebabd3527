"""Scores for a predicted clustering against a gold one: B³, pairwise, ARI and V-measure.

Both clusterings are mappings ``item -> label`` over the same items. Every scorer counts from
the contingency table (gold label x predicted label), so each runs in time linear in the
number of items plus the number of non-empty cells.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import TypeVar

Item = TypeVar("Item", bound=Hashable)
Clustering = Mapping[Item, Hashable]


@dataclass(frozen=True, slots=True)
class PRF:
    """Precision, recall and their harmonic mean."""

    precision: float
    recall: float
    f1: float


def _f1(precision: float, recall: float) -> float:
    return 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)


def _contingency(
    gold: Clustering[Item], predicted: Clustering[Item]
) -> tuple[Counter[tuple[Hashable, Hashable]], Counter[Hashable], Counter[Hashable]]:
    if set(gold) != set(predicted):
        missing = len(set(gold) ^ set(predicted))
        raise ValueError(f"gold and predicted clusterings differ on {missing} items")
    cells: Counter[tuple[Hashable, Hashable]] = Counter(
        (gold[item], predicted[item]) for item in gold
    )
    gold_sizes: Counter[Hashable] = Counter(gold.values())
    predicted_sizes: Counter[Hashable] = Counter(predicted.values())
    return cells, gold_sizes, predicted_sizes


def b_cubed(gold: Clustering[Item], predicted: Clustering[Item]) -> PRF:
    """B³ (Bagga & Baldwin 1998): per-item precision and recall of its cluster, averaged."""
    cells, gold_sizes, predicted_sizes = _contingency(gold, predicted)
    n = len(gold)
    if n == 0:
        return PRF(1.0, 1.0, 1.0)
    # An item in cell (g, p) has precision |g∩p|/|p| and recall |g∩p|/|g|; a cell holds
    # |g∩p| such items, hence the squared count.
    precision = sum(c * c / predicted_sizes[p] for (_, p), c in cells.items()) / n
    recall = sum(c * c / gold_sizes[g] for (g, _), c in cells.items()) / n
    return PRF(precision, recall, _f1(precision, recall))


def _pairs(count: int) -> int:
    return count * (count - 1) // 2


def pairwise(gold: Clustering[Item], predicted: Clustering[Item]) -> PRF:
    """Precision and recall over item pairs placed in the same cluster."""
    cells, gold_sizes, predicted_sizes = _contingency(gold, predicted)
    together_both = sum(_pairs(c) for c in cells.values())
    together_predicted = sum(_pairs(c) for c in predicted_sizes.values())
    together_gold = sum(_pairs(c) for c in gold_sizes.values())
    precision = together_both / together_predicted if together_predicted else 1.0
    recall = together_both / together_gold if together_gold else 1.0
    return PRF(precision, recall, _f1(precision, recall))


def adjusted_rand_index(gold: Clustering[Item], predicted: Clustering[Item]) -> float:
    """Hubert & Arabie's adjusted Rand index: 1 for identical clusterings, ~0 for chance."""
    cells, gold_sizes, predicted_sizes = _contingency(gold, predicted)
    index = sum(_pairs(c) for c in cells.values())
    gold_pairs = sum(_pairs(c) for c in gold_sizes.values())
    predicted_pairs = sum(_pairs(c) for c in predicted_sizes.values())
    total_pairs = _pairs(len(gold))
    if total_pairs == 0:
        return 1.0
    expected = gold_pairs * predicted_pairs / total_pairs
    maximum = (gold_pairs + predicted_pairs) / 2
    if maximum == expected:  # both clusterings trivial (all singletons or one cluster)
        return 1.0
    return (index - expected) / (maximum - expected)


def _entropy(sizes: Counter[Hashable], n: int) -> float:
    return -sum(c / n * math.log(c / n) for c in sizes.values() if c)


def v_measure(gold: Clustering[Item], predicted: Clustering[Item]) -> PRF:
    """Rosenberg & Hirschberg's V-measure as (homogeneity, completeness, V)."""
    cells, gold_sizes, predicted_sizes = _contingency(gold, predicted)
    n = len(gold)
    if n == 0:
        return PRF(1.0, 1.0, 1.0)
    gold_entropy = _entropy(gold_sizes, n)
    predicted_entropy = _entropy(predicted_sizes, n)
    # conditional entropies H(gold | predicted) and H(predicted | gold)
    gold_given_predicted = -sum(
        c / n * math.log(c / predicted_sizes[p]) for (_, p), c in cells.items()
    )
    predicted_given_gold = -sum(c / n * math.log(c / gold_sizes[g]) for (g, _), c in cells.items())
    homogeneity = 1.0 if gold_entropy == 0 else 1 - gold_given_predicted / gold_entropy
    completeness = 1.0 if predicted_entropy == 0 else 1 - predicted_given_gold / predicted_entropy
    return PRF(homogeneity, completeness, _f1(homogeneity, completeness))


def score_clustering(gold: Clustering[Item], predicted: Clustering[Item]) -> dict[str, float]:
    """All scores as one flat dictionary (the shape evaluation commands print and record)."""
    b3 = b_cubed(gold, predicted)
    pairs = pairwise(gold, predicted)
    v = v_measure(gold, predicted)
    return {
        "b3_precision": b3.precision,
        "b3_recall": b3.recall,
        "b3_f1": b3.f1,
        "pairwise_precision": pairs.precision,
        "pairwise_recall": pairs.recall,
        "pairwise_f1": pairs.f1,
        "ari": adjusted_rand_index(gold, predicted),
        "homogeneity": v.precision,
        "completeness": v.recall,
        "v_measure": v.f1,
        "gold_clusters": float(len(set(gold.values()))),
        "predicted_clusters": float(len(set(predicted.values()))),
    }

"""The clustering scorers on hand-worked examples and on the published ECB+ baseline."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from dateline.evaluate.clustering_metrics import (
    adjusted_rand_index,
    b_cubed,
    pairwise,
    score_clustering,
    v_measure,
)

# gold {a,b,c} {d,e}; predicted {a,b} {c,d,e}
GOLD = {"a": 1, "b": 1, "c": 1, "d": 2, "e": 2}
PREDICTED = {"a": "x", "b": "x", "c": "y", "d": "y", "e": "y"}


def test_b_cubed_hand_worked() -> None:
    # precision per item: a,b 2/2; c 1/3; d,e 2/3 -> (2 + 1/3 + 4/3) / 5 = 11/15
    # recall per item: a,b 2/3; c 1/3; d,e 2/2 -> (4/3 + 1/3 + 2) / 5 = 11/15
    score = b_cubed(GOLD, PREDICTED)
    assert score.precision == pytest.approx(11 / 15)
    assert score.recall == pytest.approx(11 / 15)
    assert score.f1 == pytest.approx(11 / 15)


def test_pairwise_hand_worked() -> None:
    # predicted pairs: ab, cd, ce, de (4); gold pairs: ab, ac, bc, de (4); shared: ab, de
    score = pairwise(GOLD, PREDICTED)
    assert score.precision == pytest.approx(0.5)
    assert score.recall == pytest.approx(0.5)


def test_adjusted_rand_index_hand_worked() -> None:
    # index 2, expected 4*4/10 = 1.6, max 4 -> (2 - 1.6) / (4 - 1.6) = 1/6
    assert adjusted_rand_index(GOLD, PREDICTED) == pytest.approx(1 / 6)


def test_identical_clusterings_score_one_and_labels_do_not_matter() -> None:
    renamed = {item: f"cluster-{label}" for item, label in GOLD.items()}
    scores = score_clustering(GOLD, renamed)
    for name in ("b3_f1", "pairwise_f1", "ari", "v_measure"):
        assert scores[name] == pytest.approx(1.0)


def test_v_measure_of_all_in_one_cluster_has_full_completeness() -> None:
    one = dict.fromkeys(GOLD, 0)
    score = v_measure(GOLD, one)
    assert score.recall == pytest.approx(1.0)
    assert score.precision == pytest.approx(0.0)


def test_different_items_are_an_error() -> None:
    with pytest.raises(ValueError, match="differ on 1 items"):
        score_clustering(GOLD, {**PREDICTED, "f": "z"})


def test_scores_of_barhom_baseline_match_the_dataset_readme(datasets_dir: Path) -> None:
    """The README reports 96.78 B³ F1, 96.68 pairwise F1, 96.51 ARI, 98.36 V for this file."""
    root = datasets_dir / "ecbplus"
    with (root / "doc_index.tsv").open(encoding="utf-8", newline="") as handle:
        gold_all = {row["doc"]: row["subtopic"] for row in csv.DictReader(handle, delimiter="\t")}
    clusters = json.loads(
        (root / "baselines" / "barhom2019_predicted_test_clusters.json").read_text()
    )
    predicted = {f"{doc}.xml": k for k, docs in enumerate(clusters["clusters"]) for doc in docs}
    gold = {doc: gold_all[doc] for doc in predicted}
    scores = score_clustering(gold, predicted)
    assert scores["b3_f1"] == pytest.approx(0.9678, abs=1e-4)
    assert scores["pairwise_f1"] == pytest.approx(0.9668, abs=1e-4)
    assert scores["ari"] == pytest.approx(0.9651, abs=1e-4)
    assert scores["v_measure"] == pytest.approx(0.9836, abs=1e-4)

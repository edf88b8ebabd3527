"""ECB+ story clustering: the loader, and a quality floor on fixed dev topics."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from dateline.evaluate.ecbplus import DatasetError, evaluate, load_documents, select_documents


def test_loader_reads_every_document_with_its_gold_sub_topic(datasets_dir: Path) -> None:
    documents = load_documents(("train", "dev", "test"), datasets_dir / "ecbplus")
    assert Counter(d.split for d in documents) == {"train": 575, "dev": 197, "test": 210}
    assert len({d.subtopic for d in documents}) == 86
    plus = next(d for d in documents if d.name == "1_10ecbplus.xml")
    assert plus.title == "Lindsay Lohan checks into Betty Ford Center"  # the URL line is dropped
    assert "http" not in plus.text
    assert "Betty Ford" in plus.text


def test_topics_are_a_split_or_topic_numbers(datasets_dir: Path) -> None:
    root = datasets_dir / "ecbplus"
    assert {d.topic for d in select_documents("2,5", root)} == {"2", "5"}
    with pytest.raises(ValueError, match="topic numbers"):
        select_documents("holdout", root)
    with pytest.raises(ValueError, match="no ECB"):
        select_documents("99", root)


def test_missing_dataset_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="index not found"):
        load_documents(("dev",), tmp_path)


def test_story_clustering_floor_on_dev_topics(datasets_dir: Path) -> None:
    """Five dev topics (127 documents, 10 sub-topics) mixed, number of stories not given.

    Online pass, splitting pass, merging pass: measured 1.0 on every score (without the
    merging pass 0.987 B³ F1, recall 0.975: one fragment of topic 5; the online pass alone:
    0.886 B³ F1; docs/stories.md). The splitting pass's exclusive-share rule changes nothing
    here (1.0 without it too): no story of these topics is loosely knit with two parts of
    their own specifics, so a floor of 0.98 also guards against it cutting a single happening
    (at ``min_exclusive`` 0.3 it cuts both of topic 18's: B³ F1 0.954; test_splits.py checks the
    stories it does split, on train topics 16 and 30).
    """
    scores = evaluate("2,5,12,18,21", root=datasets_dir / "ecbplus")
    assert scores["documents"] == 127
    assert scores["b3_f1"] >= 0.98
    assert scores["b3_precision"] >= 0.98
    assert scores["b3_recall"] >= 0.98
    assert scores["pairwise_f1"] >= 0.98
    assert scores["v_measure"] >= 0.98
    assert scores["ari"] >= 0.98


def test_story_clustering_floor_on_the_train_split(datasets_dir: Path) -> None:
    """All 575 train documents (50 sub-topics) mixed, number of stories not given: measured
    B³ F1 0.957 (P 0.956 / R 0.957), pairwise F1 0.939, with the online, splitting, merging
    and reassigning passes.
    Topics 10 and 20 stay mixed (docs/stories.md), so this floor sits below the dev one."""
    scores = evaluate("train", root=datasets_dir / "ecbplus")
    assert scores["documents"] == 575
    assert scores["b3_f1"] >= 0.95
    assert scores["pairwise_f1"] >= 0.93

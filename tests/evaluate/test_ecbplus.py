"""ECB+ story clustering: the loader, and a quality floor on fixed dev topics."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from dateline.evaluate.ecbplus import (
    DatasetError,
    article_records,
    evaluate,
    load_documents,
    select_documents,
)


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


def test_records_are_the_products_input_format(datasets_dir: Path) -> None:
    documents = select_documents("5", datasets_dir / "ecbplus")
    text_only = article_records(documents, "text")
    dated = article_records(documents, "dates")
    assert all("published" not in record for record in text_only)
    given = [d for d in documents if d.published is not None]
    assert given and sum("published" in record for record in dated) == len(given)
    assert all(record["text"].startswith(record["title"]) for record in text_only)
    with pytest.raises(ValueError, match="input mode"):
        article_records(documents, "gold")


# The floors below run the product (ingest, annotate, link in a fresh corpus) over whole
# splits; figures in docs/stories.md ("The product path").


def test_story_clustering_floor_on_dev_text_only(datasets_dir: Path) -> None:
    """All 197 dev documents (16 sub-topics) as title and text: measured B³ F1 1.000."""
    scores = evaluate("dev", root=datasets_dir / "ecbplus", mode="text")
    assert scores["documents"] == 197 and scores["dated_inputs"] == 0
    assert scores["b3_f1"] >= 0.99
    assert scores["pairwise_f1"] >= 0.99


def test_story_clustering_floor_on_dev_with_dates(datasets_dir: Path) -> None:
    """The same with the 52 dates the dataset gives: measured B³ F1 0.991. 0.995 before a
    join needed a close report: "Agent says Sixers to sign Dalembert to six-year deal"
    (5_9ecbplus, two months after the coach's firing, which gold puts it with) has none in
    that story now and stands apart. 1.000 while a month stated a year back opened the time
    gate: a verdict naming only the shooting's month, 18_6ecbplus, stands apart now; 0.991
    before a report stating its happening's day could meet that story's dates."""
    scores = evaluate("dev", root=datasets_dir / "ecbplus", mode="dates")
    assert scores["dated_inputs"] == 52
    assert scores["b3_f1"] >= 0.985
    assert scores["pairwise_f1"] >= 0.985


def test_story_clustering_floor_on_train_topics(datasets_dir: Path) -> None:
    """Train topics 1, 3, 4, 6, 7, 8, 9, 11, 13, 16, 20, 24, 30 (298 documents; the whole train
    split takes about two minutes per mode on 2 cores): measured B³ F1 0.956 text only and
    0.952 with the dataset's dates (P 0.976, R 0.936 / 0.930). 0.961 both ways before a join
    needed a close report (docs/stories.md, "A close report, not only a close sum"): topic
    16's one-sentence report of the arrests fits both murders, and with dates the later
    murder's memorial page is refused and stays alone; 0.948 before the specifics-only
    exclusive share, the reassigning margin of 0.04 and setting aside one-sentence reports
    that fit two stories nearly alike. These topics hold most of train's mixed stories: topic
    1's rehab check-in reported over two days, topic 16's verdict two years after the
    shooting it names, topic 20's two quakes on one island, the one-sentence reports of topics
    9, 11 and 24 that fit both happenings (docs/stories.md)."""
    topics = "1,3,4,6,7,8,9,11,13,16,20,24,30"
    text = evaluate(topics, root=datasets_dir / "ecbplus", mode="text")
    dates = evaluate(topics, root=datasets_dir / "ecbplus", mode="dates")
    assert text["documents"] == 298
    assert text["b3_f1"] >= 0.95
    assert dates["b3_f1"] >= 0.947
    assert text["b3_precision"] >= 0.97

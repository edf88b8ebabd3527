from __future__ import annotations

from pathlib import Path

import pytest

from dateline.evaluate.ecbplus_entities import evaluate_participants, load_participants


@pytest.fixture(scope="module")
def ecbplus(datasets_dir: Path) -> Path:
    return datasets_dir / "ecbplus"


def test_participant_names_are_read_from_scored_sentences(ecbplus: Path) -> None:
    articles, documents = load_participants(("dev",), ecbplus, limit=5)
    assert [a.id for a in articles] == [d.doc_id for d in documents]
    for article, document in zip(articles, documents, strict=True):
        assert article.text == document.text and article.text.startswith(article.title)
        for mention in document.mentions:
            assert 0 <= mention.first_token < mention.end_token <= len(document.token_spans)
    assert any(m.named for d in documents for m in d.mentions)


def test_the_held_out_topics_are_refused(ecbplus: Path) -> None:
    with pytest.raises(ValueError, match="held out"):
        load_participants(("test",), ecbplus)


def test_participant_score_floor_on_dev(ecbplus: Path) -> None:
    """The 197 dev documents through the product (about a minute). Measured: CoNLL F1 0.751,
    cross-document pairwise precision 0.996, recall 0.597."""
    report = evaluate_participants(("dev",), ecbplus)
    assert report.key_mentions > 400
    assert report.dateline.conll_f1 >= 0.74
    assert report.dateline.conll_f1 > report.baseline.conll_f1
    cross = report.dateline.cross_document
    assert cross is not None and cross.precision >= 0.97 and cross.recall >= 0.58

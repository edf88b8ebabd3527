from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from dateline.annotate.nlp import load_pipeline
from dateline.annotate.token_arrays import indices_with, line_breaks
from dateline.evaluate.timeml import iter_timeml
from tests.conftest import SEEDS


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline(parse=True)


def seed_docs(nlp: Language) -> list[Doc]:
    return list(nlp.pipe(path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))))


def assert_same_as_token_by_token(doc: Doc) -> None:
    assert line_breaks(doc) == ["\n" in token.text_with_ws for token in doc]
    assert indices_with(doc, lowers=("the", "said"), tags=("POS", "NNP")) == [
        token.i for token in doc if token.lower_ in ("the", "said") or token.tag_ in ("POS", "NNP")
    ]


def test_line_breaks(nlp: Language) -> None:
    doc = nlp("Headline Here\nThe minister said so.\n\n  Another line, with Japan's bank.")
    assert [token.text for token, found in zip(doc, line_breaks(doc), strict=True) if found] == [
        "\n",
        "\n\n  ",
    ]
    assert_same_as_token_by_token(doc)


def test_a_document_without_tokens_or_breaks(nlp: Language) -> None:
    assert line_breaks(nlp("")) == []
    assert indices_with(nlp(""), lowers=("the",)) == []
    doc = nlp("One line only.")
    assert line_breaks(doc) == [False] * len(doc)
    assert indices_with(doc) == []


def test_read_once_per_document(nlp: Language) -> None:
    doc = nlp("A line.\nAnother.")
    assert line_breaks(doc) is line_breaks(doc)


def test_same_as_reading_each_token_on_the_seeds(nlp: Language) -> None:
    for doc in seed_docs(nlp):
        assert_same_as_token_by_token(doc)


def test_same_as_reading_each_token_on_silver_articles(nlp: Language, datasets_dir: Path) -> None:
    silver = datasets_dir / "tempeval3" / "Training" / "TE3-Silver-data-0"
    documents = list(iter_timeml(silver, 80))
    if not documents:
        pytest.skip("no TempEval-3 silver documents")
    for doc in nlp.pipe(document.text for document in documents):
        assert_same_as_token_by_token(doc)

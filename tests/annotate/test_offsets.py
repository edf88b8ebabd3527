"""Span and token lookups agree with a plain scan on the seed articles."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.attrs import IDX, POS
from spacy.language import Language
from spacy.tokens import Doc

from dateline.annotate.nlp import load_pipeline
from dateline.annotate.offsets import (
    SpanIndex,
    TokenWords,
    capitalised_words_outside_entities,
    indices_with,
    line_breaks,
    lower_case_words,
    token_column,
)
from dateline.annotate.quotes import find_quoted_spans
from dateline.evaluate.timeml import iter_timeml
from tests.conftest import SEED_2014, SEED_2019, SEEDS


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load_pipeline(parse=True)  # cached: one model load per test session


def test_span_index_answers_as_a_scan_over_the_quotes_of_a_seed() -> None:
    text = SEED_2019.read_text(encoding="utf-8")
    spans = [(q.start, q.end) for q in find_quoted_spans(text)]
    assert spans
    index = SpanIndex(spans)
    for offset in range(len(text) + 1):
        assert index.strictly_inside(offset) == any(s < offset < e for s, e in spans)
        end = offset + 7
        assert index.overlaps(offset, end) == any(s < end and offset < e for s, e in spans)


def test_span_index_handles_nested_and_unordered_spans() -> None:
    index = SpanIndex([(10, 40), (0, 5), (12, 15)])
    assert index.strictly_inside(20)  # inside the long span only, after the short one ended
    assert not index.strictly_inside(5)
    assert not index.strictly_inside(10)
    assert index.overlaps(39, 50)
    assert not index.overlaps(40, 50)
    assert not SpanIndex([]).strictly_inside(3)


def test_token_words_find_what_the_tokens_say(nlp: Language) -> None:
    doc = nlp(SEED_2014.read_text(encoding="utf-8"))
    words = TokenWords(doc)
    assert words.offsets == [token.idx for token in doc]
    for word in ("say", "said", "according", "invite", "putin"):
        expected = [t.i for t in doc if t.lower_ == word or t.lemma_.lower() == word]
        assert expected
        assert words.matching(word, 0, len(doc)) == expected
    assert words.matching("say", 10, 20) == [
        t.i for t in doc[10:20] if t.lower_ == "say" or t.lemma_.lower() == "say"
    ]


def test_token_columns_are_the_token_attributes(nlp: Language) -> None:
    doc = nlp(SEED_2019.read_text(encoding="utf-8"))
    assert token_column(doc, POS) == [token.pos for token in doc]
    assert token_column(doc, IDX) == [token.idx for token in doc]
    assert token_column(nlp(""), POS) == []


def seed_docs(nlp: Language) -> list[Doc]:
    return list(nlp.pipe(path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))))


def assert_same_as_token_by_token(doc: Doc) -> None:
    assert capitalised_words_outside_entities(doc) == [
        token.i
        for token in doc
        if not token.ent_type_ and token.is_alpha and not token.is_stop and not token.is_lower
    ]
    assert indices_with(doc, shapes=("Xddd", "Xdddx")) == [
        token.i for token in doc if token.shape_ in ("Xddd", "Xdddx")
    ]
    assert lower_case_words(doc) == {token.lower_ for token in doc if token.is_lower}
    assert line_breaks(doc) == ["\n" in token.text_with_ws for token in doc]
    assert indices_with(doc, lowers=("the", "said"), tags=("POS", "NNP")) == [
        token.i for token in doc if token.lower_ in ("the", "said") or token.tag_ in ("POS", "NNP")
    ]


def test_line_breaks(nlp: Language) -> None:
    doc = nlp(
        "Headline Here\nThe minister said so.\n\n  Another line, with Japan's bank and its A380s."
    )
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

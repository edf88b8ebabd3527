"""Span and token lookups agree with a plain scan on the seed articles."""

from __future__ import annotations

import pytest
from spacy.attrs import IDX, POS
from spacy.language import Language

from dateline.annotate.nlp import load_pipeline
from dateline.annotate.offsets import SpanIndex, TokenWords, token_column
from dateline.annotate.quotes import find_quoted_spans
from tests.conftest import SEED_2014, SEED_2019


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

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest
import spacy
from spacy.attrs import DEP, HEAD, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from dateline.annotate import DEFAULT_MODEL
from dateline.annotate.dependency_parser import (
    GreedyDependencyParser,
    greedy_dependency_parser_for,
)
from dateline.annotate.nlp import (
    DEPENDENCY_PARSER,
    ENTITY_RECOGNISER,
    TOKEN_ATTRIBUTES,
    load_pipeline,
    parse_texts,
)

PARSE_COLUMNS = [HEAD, DEP, SENT_START]


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline(parse=True)


def unparsed(nlp: Language, texts: Sequence[str]) -> list[Doc]:
    """``texts`` through the pipeline up to the parser: embedded, tagged, blank lines broken."""
    with nlp.select_pipes(disable=[DEPENDENCY_PARSER, TOKEN_ATTRIBUTES, ENTITY_RECOGNISER]):
        return list(nlp.pipe(texts))


def parse_arrays(docs: Sequence[Doc]) -> list[np.ndarray]:
    return [doc.to_array(PARSE_COLUMNS) for doc in docs]


def by_spacy(nlp: Language, docs: Sequence[Doc]) -> list[np.ndarray]:
    """The parse spaCy's own decoder sets on copies of unparsed ``docs``."""
    copies = [Doc(doc.vocab).from_bytes(doc.to_bytes()) for doc in docs]
    parser = nlp.get_pipe("parser")
    parser.set_annotations(copies, parser.predict(copies))
    return parse_arrays(copies)


def test_parses_are_spacys_on_real_news(nlp: Language, news_texts: list[str]) -> None:
    assert DEPENDENCY_PARSER in nlp.pipe_names and "parser" not in nlp.pipe_names
    parsed = parse_arrays(list(parse_texts(news_texts, nlp)))
    before = unparsed(nlp, news_texts)
    assert sum(len(doc) for doc in before) > 50_000
    for start in range(0, len(before), 32):  # spaCy's decoder over the same batches
        batch = before[start : start + 32]
        for mine, spacys in zip(parsed[start : start + 32], by_spacy(nlp, batch), strict=True):
            assert np.array_equal(mine, spacys)


def test_short_and_empty_documents_in_one_batch(nlp: Language) -> None:
    texts = ["", "Putin", " ", "Kim Jong-un met Putin in Moscow.", "\n\n", "Moscow\n\nPyongyang"]
    docs = unparsed(nlp, texts)
    expected = by_spacy(nlp, docs)
    nlp.get_pipe(DEPENDENCY_PARSER).annotate(docs)
    assert [doc.text for doc in docs] == texts
    for mine, spacys in zip(parse_arrays(docs), expected, strict=True):
        assert np.array_equal(mine, spacys)
    assert [t.dep_ for t in docs[3] if t.text == "Kim"] == ["compound"]


def test_an_empty_batch_is_left_alone(nlp: Language) -> None:
    docs = unparsed(nlp, ["", " "])
    nlp.get_pipe(DEPENDENCY_PARSER).annotate(docs)
    assert [len(doc) for doc in docs] == [0, 1]


def test_unseen_classes_are_never_preferred(news_texts: list[str]) -> None:
    nlp = load_pipeline(parse=True)
    parser = nlp.get_pipe("parser")
    subjects = [
        i for i in range(parser.moves.n_moves) if parser.moves.get_class_name(i) == "L-nsubj"
    ]
    assert subjects
    docs = unparsed(nlp, news_texts[:40])
    parser.model.attrs["unseen_classes"] = set(subjects)
    try:
        ours = greedy_dependency_parser_for(parser)
        assert isinstance(ours, GreedyDependencyParser)
        expected = by_spacy(nlp, docs)  # one batch, as ours: unseen moves score its least
        ours.annotate(docs)
    finally:
        parser.model.attrs["unseen_classes"] = set()
    for mine, spacys in zip(parse_arrays(docs), expected, strict=True):
        assert np.array_equal(mine, spacys)


def test_only_a_greedy_arc_eager_parser_is_scored_in_arrays() -> None:
    nlp = spacy.load(DEFAULT_MODEL)
    assert greedy_dependency_parser_for(nlp.get_pipe("ner")) is None
    parser = nlp.get_pipe("parser")
    assert greedy_dependency_parser_for(parser) is not None
    parser.cfg["beam_width"] = 4
    assert greedy_dependency_parser_for(parser) is None

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest
import spacy
from spacy.attrs import ENT_IOB, ENT_KB_ID, ENT_TYPE
from spacy.language import Language
from spacy.tokens import Doc, Span

from dateline.annotate import DEFAULT_MODEL
from dateline.annotate.entity_recogniser import (
    GreedyEntityRecogniser,
    greedy_entity_recogniser_for,
)
from dateline.annotate.nlp import ENTITY_RECOGNISER, load_pipeline, parse_texts

ENTITY_COLUMNS = [ENT_IOB, ENT_TYPE, ENT_KB_ID]


def entity_arrays(docs: Sequence[Doc]) -> list[np.ndarray]:
    return [doc.to_array(ENTITY_COLUMNS) for doc in docs]


def by_spacy(nlp: Language, docs: Sequence[Doc]) -> list[np.ndarray]:
    """The entity columns spaCy's own decoder sets on fresh copies of ``docs``."""
    copies = [Doc(doc.vocab).from_bytes(doc.to_bytes()) for doc in docs]
    for copy in copies:
        copy.set_ents([], default="missing")
    recogniser = nlp.get_pipe("ner")
    recogniser.set_annotations(copies, recogniser.predict(copies))
    return entity_arrays(copies)


@pytest.mark.parametrize("parse", [True, False], ids=["parse", "entities only"])
def test_entities_are_spacys_on_real_news(news_texts: list[str], parse: bool) -> None:
    nlp = load_pipeline(parse=parse)
    assert ENTITY_RECOGNISER in nlp.pipe_names and "ner" not in nlp.pipe_names
    docs = list(parse_texts(news_texts, nlp))
    assert sum(len(doc.ents) for doc in docs) > 3000
    ours = entity_arrays(docs)
    for start in range(0, len(docs), 32):  # spaCy's decoder over the same batches
        batch = docs[start : start + 32]
        for mine, spacys in zip(ours[start : start + 32], by_spacy(nlp, batch), strict=True):
            assert np.array_equal(mine, spacys)


def test_entities_stay_inside_sentences_and_off_spaces() -> None:
    nlp = load_pipeline(parse=True)
    doc = nlp("He met John\n\nSmith at the White House in Washington on Friday.\n\n")
    assert all(not doc[e.start].is_space for e in doc.ents)
    assert all(e.sent == doc[e.start].sent for e in doc.ents)
    assert not any("John" in e.text and "Smith" in e.text for e in doc.ents)  # a blank line
    assert ("the White House", "FAC") in {(e.text, e.label_) for e in doc.ents}
    (expected,) = by_spacy(nlp, [doc])
    assert np.array_equal(doc.to_array(ENTITY_COLUMNS), expected)


def test_short_and_empty_documents_in_one_batch() -> None:
    nlp = load_pipeline(parse=True)
    texts = ["", "Putin", " ", "Kim Jong-un met Putin.", "\n\n", "Moscow"]
    docs = list(parse_texts(texts, nlp, batch_size=len(texts)))
    assert [doc.text for doc in docs] == texts
    for mine, spacys in zip(entity_arrays(docs), by_spacy(nlp, docs), strict=True):
        assert np.array_equal(mine, spacys)


def test_documents_with_preset_entities_follow_spacys_rules() -> None:
    nlp = load_pipeline(parse=True)
    recogniser = nlp.get_pipe(ENTITY_RECOGNISER)
    doc = nlp.make_doc("Kremlin aide Yuri Ushakov told reporters in Moscow on Friday.")
    doc.set_ents([Span(doc, 0, 1, label="ORG")], default="missing")  # preset, as a ruler would
    expected = Doc(doc.vocab).from_bytes(doc.to_bytes())
    ner = nlp.get_pipe("ner")
    ner.set_annotations([expected], ner.predict([expected]))
    recogniser(doc)
    assert np.array_equal(doc.to_array(ENTITY_COLUMNS), expected.to_array(ENTITY_COLUMNS))
    assert (doc.ents[0].text, doc.ents[0].label_) == ("Kremlin", "ORG")


def test_unseen_classes_are_never_preferred(news_texts: list[str]) -> None:
    nlp = spacy.load(DEFAULT_MODEL, exclude=["tagger", "parser", "lemmatizer"])
    ner = nlp.get_pipe("ner")
    person = [
        i for i in range(ner.moves.n_moves) if ner.moves.get_class_name(i).endswith("-PERSON")
    ]
    ner.model.attrs["unseen_classes"] = set(person)
    recogniser = greedy_entity_recogniser_for(ner)
    assert isinstance(recogniser, GreedyEntityRecogniser)
    docs = [nlp.make_doc(text) for text in news_texts[:40]]
    for doc in docs:
        doc.set_ents([], default="missing")
    expected = by_spacy(nlp, docs)
    recogniser.annotate(docs)  # one batch, as spaCy's: unseen moves score the batch's least
    assert all(e.label_ != "PERSON" for doc in docs for e in doc.ents)
    for mine, spacys in zip(entity_arrays(docs), expected, strict=True):
        assert np.array_equal(mine, spacys)


def test_only_a_greedy_bilou_recogniser_is_decoded_in_arrays() -> None:
    nlp = spacy.load(DEFAULT_MODEL)
    assert greedy_entity_recogniser_for(nlp.get_pipe("parser")) is None
    ner = nlp.get_pipe("ner")
    assert greedy_entity_recogniser_for(ner) is not None
    ner.cfg["beam_width"] = 4
    assert greedy_entity_recogniser_for(ner) is None

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

from dateline.annotate import DEFAULT_MODEL
from dateline.annotate.nlp import TOKEN_ATTRIBUTES, load_pipeline
from dateline.annotate.token_attributes import compile_ruler, token_attributes_for
from dateline.evaluate.timeml import iter_timeml
from tests.conftest import SEEDS


@pytest.fixture(scope="module")
def full() -> Language:
    """The model as shipped: spaCy's own attribute ruler and lemmatizer."""
    return spacy.load(DEFAULT_MODEL)


def texts_to_compare(datasets_dir: Path) -> list[str]:
    silver = datasets_dir / "tempeval3" / "Training" / "TE3-Silver-data-0"
    texts = [document.text for document in iter_timeml(silver, 60)]
    return texts + [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]


def token_view(doc: Doc) -> list[tuple[str, str, str, str, str, int, bool | None]]:
    return [
        (t.pos_, str(t.morph), t.lemma_, t.tag_, t.dep_, t.head.i, t.is_sent_start) for t in doc
    ]


def test_same_attributes_as_spacy_components(full: Language, datasets_dir: Path) -> None:
    compiled = token_attributes_for(full)
    assert compiled is not None
    texts = texts_to_compare(datasets_dir)
    with full.select_pipes(disable=["attribute_ruler", "lemmatizer"]):
        bare = list(full.pipe(texts))
    ruler, lemmatizer = full.get_pipe("attribute_ruler"), full.get_pipe("lemmatizer")
    tokens = 0
    for doc in bare:
        by_spacy = lemmatizer(ruler(Doc(full.vocab).from_bytes(doc.to_bytes())))
        by_us = compiled(Doc(full.vocab).from_bytes(doc.to_bytes()))
        assert token_view(by_us) == token_view(by_spacy)
        tokens += len(doc)
    assert tokens > 15_000


def test_parse_pipeline_uses_the_compiled_component() -> None:
    nlp = load_pipeline(parse=True)
    assert TOKEN_ATTRIBUTES in nlp.pipe_names
    assert not {"attribute_ruler", "lemmatizer"} & set(nlp.pipe_names)
    doc = nlp("Vladimir Putin has invited Kim Jong-un, who got an invitation to Moscow.")
    assert [(t.text, t.pos_, t.lemma_) for t in doc if t.text in ("has", "invited", "got")] == [
        ("has", "AUX", "have"),
        ("invited", "VERB", "invite"),
        ("got", "VERB", "get"),
    ]


def test_an_uncompilable_pattern_keeps_spacy_components(full: Language) -> None:
    ruler = spacy.blank("en").add_pipe("attribute_ruler")
    assert isinstance(ruler, AttributeRuler)
    ruler.add([[{"LOWER": "new"}, {"IS_TITLE": True, "OP": "+"}]], {"POS": "PROPN"})
    assert compile_ruler(ruler) is None
    shipped = full.get_pipe("attribute_ruler")
    assert isinstance(shipped, AttributeRuler)
    assert compile_ruler(shipped) is not None

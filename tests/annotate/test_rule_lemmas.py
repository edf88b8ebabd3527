from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.pipeline import Lemmatizer

from dateline.annotate import DEFAULT_MODEL
from dateline.annotate.rule_lemmas import RuleLemmas
from dateline.evaluate.timeml import iter_timeml
from tests.conftest import SEEDS


@pytest.fixture(scope="module")
def full() -> Language:
    return spacy.load(DEFAULT_MODEL)


def test_same_lemmas_as_spacy_on_real_text(full: Language, datasets_dir: Path) -> None:
    silver = datasets_dir / "tempeval3" / "Training" / "TE3-Silver-data-1"
    texts = [document.text for document in iter_timeml(silver, 60)]
    texts += [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    lemmatizer = full.get_pipe("lemmatizer")
    assert isinstance(lemmatizer, Lemmatizer)
    rule_lemmas = RuleLemmas(lemmatizer)
    compared = 0
    with full.select_pipes(disable=["lemmatizer"]):
        for doc in full.pipe(texts):
            for token in doc:
                lemmatizer.cache.clear()
                assert rule_lemmas(token) == lemmatizer.rule_lemmatize(token), token.text
                compared += 1
    assert compared > 15_000


def test_rules_index_and_exceptions(full: Language) -> None:
    lemmatizer = full.get_pipe("lemmatizer")
    assert isinstance(lemmatizer, Lemmatizer)
    rule_lemmas = RuleLemmas(lemmatizer)
    doc = full("Envoys met; the talks went better than the summits.")
    assert [rule_lemmas(token)[0] for token in doc] == [
        "envoy", "meet", ";", "the", "talk", "go", "well", "than", "the", "summit", ".",
    ]  # fmt: skip

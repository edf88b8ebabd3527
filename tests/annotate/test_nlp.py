from __future__ import annotations

import sys
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc
from thinc.api import Model, NumpyOps
from threadpoolctl import threadpool_info

from dateline.annotate import DEFAULT_MODEL
from dateline.annotate.nlp import (
    DEPENDENCY_PARSER,
    ENTITY_RECOGNISER,
    PARAGRAPH_BREAKS,
    ModelNotInstalledError,
    load_pipeline,
    parse_texts,
)
from dateline.evaluate.timeml import iter_timeml
from tests.conftest import SEED_2014, SEED_2019, SEEDS


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load_pipeline()


def test_ner_pipeline_runs_only_what_ner_needs(nlp: Language) -> None:
    assert nlp.pipe_names == [ENTITY_RECOGNISER]  # spaCy's ner, decoded in arrays
    assert not {"tagger", "parser", "lemmatizer", "attribute_ruler"} & set(nlp.pipe_names)


def test_parse_pipeline_has_dependencies_and_lemmas() -> None:
    parsed = load_pipeline(parse=True)
    assert {"tagger", DEPENDENCY_PARSER, ENTITY_RECOGNISER} <= set(parsed.pipe_names)
    doc = parsed("Kremlin spokesman Dmitry Peskov said the invitation was sent.")
    assert any(token.dep_ == "nsubj" for token in doc)
    assert [token.lemma_ for token in doc if token.text in ("said", "was")] == ["say", "be"]


def test_pipelines_are_cached_per_model_and_mode(nlp: Language) -> None:
    assert load_pipeline(DEFAULT_MODEL) is nlp
    assert load_pipeline(parse=True) is not nlp


def test_entities_match_the_full_pipeline(nlp: Language) -> None:
    text = SEED_2019.read_text(encoding="utf-8")
    full = spacy.load(DEFAULT_MODEL)
    assert [(e.start_char, e.label_) for e in nlp(text).ents] == [
        (e.start_char, e.label_) for e in full(text).ents
    ]


def test_parse_texts_keeps_order_and_count(nlp: Language) -> None:
    texts = [SEED_2014.read_text(encoding="utf-8"), "", SEED_2019.read_text(encoding="utf-8")]
    docs = list(parse_texts(texts, nlp, batch_size=2))
    assert [doc.text for doc in docs] == texts


def test_missing_model_names_the_pip_package() -> None:
    with pytest.raises(ModelNotInstalledError, match="pip install xx-no-such-model"):
        load_pipeline("xx_no_such_model")


def analysis(doc: Doc) -> tuple[list[tuple[int, int, str]], list[tuple[str, str, int]]]:
    entities = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
    return entities, [(t.tag_, t.dep_, t.head.i) for t in doc]


def test_numpy_blas_gives_what_blis_gives(datasets_dir: Path) -> None:
    silver = datasets_dir / "tempeval3" / "Training" / "TE3-Silver-data-0"
    texts = [document.text for document in iter_timeml(silver, 80)]
    texts += [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    ours = load_pipeline(parse=True)
    stock = spacy.load(DEFAULT_MODEL)  # thinc's default ops: matrices through BLIS
    stock.add_pipe(PARAGRAPH_BREAKS, before="parser")  # (ours too: a blank line ends a sentence)
    layers = [
        layer
        for _, pipe in [
            *ours.pipeline,
            ("parser", ours.get_pipe("parser")),  # run by dateline_parser
            ("ner", ours.get_pipe("ner")),  # run by dateline_ner
        ]
        if isinstance(getattr(pipe, "model", None), Model)
        for layer in pipe.model.walk()
    ]
    assert all(isinstance(layer.ops, NumpyOps) and not layer.ops.use_blis for layer in layers)
    for by_us, by_blis in zip(parse_texts(texts, ours), stock.pipe(texts), strict=True):
        assert analysis(by_us) == analysis(by_blis)


def test_parsing_holds_blas_to_one_thread(nlp: Language) -> None:
    texts = ["Putin invited Kim to Moscow.", "The summit is in Vladivostok."]
    parsing = parse_texts(texts, nlp)
    next(parsing)
    blas = [pool for pool in threadpool_info() if pool["user_api"] == "blas"]
    assert blas and all(pool["num_threads"] == 1 for pool in blas)
    list(parsing)


def test_a_blank_line_ends_a_sentence() -> None:
    nlp = load_pipeline(parse=True)
    doc = nlp("April 01, 2009\n\nGeneral Motors announced on Wednesday that it saw a drop.")
    first = next(iter(doc.sents))
    assert first.text.strip() == "April 01, 2009"
    (announced,) = [token for token in doc if token.text == "announced"]
    assert [c.text for c in announced.children if c.dep_ == "nsubj"] == ["Motors"]


def test_parsing_processes_keep_freed_memory_on_glibc() -> None:
    import platform

    from dateline.annotate.nlp import reuse_freed_memory

    on_glibc = sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"
    assert reuse_freed_memory() is on_glibc
    assert reuse_freed_memory() is on_glibc  # once per process, the same answer

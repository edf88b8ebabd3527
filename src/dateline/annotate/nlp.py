"""Loading spaCy pipelines once per process and running them in batches.

With ``parse=False`` only what the entity recogniser needs runs (``ner``, plus the shared
``tok2vec`` when ``ner`` listens to it);
``parse=True`` adds the tagger, parser, attribute ruler and lemmatizer for the stages that
need dependencies (quotes, events) or tense (times). Where the pipeline's attribute ruler and
rule lemmatizer can be compiled, :mod:`dateline.annotate.token_attributes` stands in for both
(the same attributes, several times faster).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from dateline.annotate import DEFAULT_MODEL
from dateline.annotate.token_attributes import TokenAttributes, token_attributes_for

NER_COMPONENTS = ("tok2vec", "ner")
PARSE_COMPONENTS = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")
TOKEN_ATTRIBUTES = "dateline_token_attributes"


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
    if {"parser", "attribute_ruler", "lemmatizer"} <= enabled and token_attributes_for(nlp):
        nlp.add_pipe(TOKEN_ATTRIBUTES, after="lemmatizer")
        nlp.disable_pipe("attribute_ruler")
        nlp.disable_pipe("lemmatizer")
    return nlp


@Language.factory(TOKEN_ATTRIBUTES)
def make_token_attributes(nlp: Language, name: str) -> TokenAttributes:
    """The compiled stand-in for ``nlp``'s attribute ruler and lemmatizer."""
    attributes = token_attributes_for(nlp)
    if attributes is None:
        raise ValueError(
            f"{name}: this pipeline's attribute ruler or lemmatizer cannot be compiled"
        )
    return attributes


def shared_embedding_needed(nlp: Language, enabled: set[str]) -> bool:
    """Whether an enabled component listens to the pipeline's shared ``tok2vec``."""
    tok2vec = nlp.get_pipe("tok2vec")
    listeners = set(getattr(tok2vec, "listening_components", ()))
    return bool(listeners & (enabled - {"tok2vec"}))


def parse_texts(texts: Iterable[str], nlp: Language, batch_size: int = 64) -> Iterator[Doc]:
    """Run ``nlp`` over ``texts`` in batches, yielding one ``Doc`` per text, in order."""
    yield from nlp.pipe(texts, batch_size=batch_size)

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
import spacy
from thinc.api import LayerNorm, Maxout, Model
from thinc.types import Floats2d

from dateline.annotate import DEFAULT_MODEL
from dateline.annotate.inference_layers import (
    inference_layer_norm_forward,
    inference_maxout_forward,
    largest_pieces,
    use_inference_layers,
)
from dateline.annotate.nlp import load_pipeline, use_numpy_blas


def test_embeddings_are_thincs_on_real_news(news_texts: list[str]) -> None:
    ours = load_pipeline(parse=True)
    thincs = spacy.load(DEFAULT_MODEL)
    use_numpy_blas(thincs)  # the same matrix products, thinc's own maxout and layer norm
    embeddings = [
        (ours.get_pipe("tok2vec").model, thincs.get_pipe("tok2vec").model),
        (ours.get_pipe("ner").model.layers[0], thincs.get_pipe("ner").model.layers[0]),
    ]
    for start in range(0, len(news_texts), 32):
        docs = [ours.make_doc(text) for text in news_texts[start : start + 32]]
        for mine, theirs in embeddings:
            for a, b in zip(mine.predict(docs), theirs.predict(docs), strict=True):
                assert np.array_equal(a, b)


@pytest.mark.parametrize("pieces", [1, 2, 3, 4])
def test_largest_pieces_takes_each_units_largest(pieces: int) -> None:
    unmaxed = np.random.default_rng(pieces).standard_normal((7, 5 * pieces)).astype(np.float32)
    expected = unmaxed.reshape(7, 5, pieces).max(axis=2)
    assert np.array_equal(largest_pieces(unmaxed, pieces), expected)


def random_layer_norm() -> Model[Floats2d, Floats2d]:
    layer: Model[Floats2d, Floats2d] = LayerNorm(nI=6)
    layer.initialize()
    rng = np.random.default_rng(3)
    layer.set_param("G", rng.standard_normal(6).astype(np.float32))
    layer.set_param("b", rng.standard_normal(6).astype(np.float32))
    return layer


def random_maxout() -> Model[Floats2d, Floats2d]:
    layer: Model[Floats2d, Floats2d] = Maxout(nO=4, nI=6, nP=3)
    layer.initialize()
    return layer


@pytest.mark.parametrize(
    ("make", "forward"),
    [(random_maxout, inference_maxout_forward), (random_layer_norm, inference_layer_norm_forward)],
    ids=["maxout", "layer norm"],
)
def test_inference_gives_thincs_numbers_and_training_takes_thincs_pass(
    make: Callable[[], Model[Floats2d, Floats2d]],
    forward: Callable[..., tuple[Floats2d, Callable[[Floats2d], Floats2d]]],
) -> None:
    rows = (np.random.default_rng(0).standard_normal((50, 6)) * 4 + 2).astype(np.float32)
    layer = make()
    expected = layer.predict(rows)
    layer.replace_callbacks(forward, init=layer.init)
    assert np.array_equal(layer.predict(rows), expected)
    trained, backprop = layer.begin_update(rows)
    assert np.array_equal(trained, expected)
    assert backprop(np.ones_like(trained)).shape == rows.shape  # thinc's gradient
    _, no_gradient = forward(layer, rows, False)
    with pytest.raises(RuntimeError, match="no gradient"):
        no_gradient(expected)


def test_every_maxout_and_layer_norm_is_replaced_once() -> None:
    nlp = spacy.load(DEFAULT_MODEL)
    assert use_inference_layers(nlp) >= 4  # each embedding's maxouts and layer norms
    assert use_inference_layers(nlp) == 0

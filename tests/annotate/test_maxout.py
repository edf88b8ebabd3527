from __future__ import annotations

import numpy as np
import pytest
import spacy
from thinc.api import Maxout, NumpyOps

from dateline.annotate import DEFAULT_MODEL
from dateline.annotate.maxout import (
    inference_maxout_forward,
    largest_pieces,
    use_inference_maxout,
)
from dateline.annotate.nlp import load_pipeline, use_numpy_blas


def test_embeddings_are_thincs_on_real_news(news_texts: list[str]) -> None:
    ours = load_pipeline(parse=True)
    thincs = spacy.load(DEFAULT_MODEL)
    use_numpy_blas(thincs)  # the same matrix products, thinc's own maxout
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


def test_training_still_takes_thincs_pass() -> None:
    layer = Maxout(nO=4, nI=6, nP=3)
    layer.initialize()
    layer.replace_callbacks(inference_maxout_forward, init=layer.init)
    X = np.random.default_rng(0).standard_normal((5, 6)).astype(np.float32)
    predicted = layer.predict(X)
    trained, backprop = layer.begin_update(X)
    assert np.array_equal(predicted, trained)
    assert backprop(np.ones_like(trained)).shape == X.shape  # thinc's gradient
    _, no_gradient = inference_maxout_forward(layer, X, is_train=False)
    with pytest.raises(RuntimeError, match="no gradient"):
        no_gradient(predicted)


def test_every_maxout_layer_is_replaced_once() -> None:
    nlp = spacy.load(DEFAULT_MODEL)
    assert use_inference_maxout(nlp) >= 2  # the embeddings' maxouts, at least one each
    assert use_inference_maxout(nlp) == 0
    assert isinstance(nlp.get_pipe("tok2vec").model.ops, NumpyOps)

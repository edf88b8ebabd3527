"""Forward passes for thinc's maxout and layer-norm layers that do only what inference needs.

thinc's layers compute, on the way forward, what their gradient will need:
- ``Maxout`` records which piece won, in a compiled kernel that costs about as much as the
  layer's matrix product;
- ``LayerNorm`` takes each row's mean twice (``var`` takes its own) and centres the rows
  twice.

Inference never takes the gradient. :func:`use_inference_layers` gives a pipeline's maxout and
layer-norm layers forward passes that skip that work. The arithmetic is the same operations in
the same order, so the outputs are the same numbers (``tests/annotate/test_inference_layers.py``).
Training would still take thinc's own passes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

import numpy as np
import numpy.typing as npt
from spacy.language import Language
from thinc.api import Model
from thinc.layers import layernorm as thinc_layer_norm
from thinc.layers import maxout as thinc_maxout
from thinc.types import Floats2d

FloatArray = npt.NDArray[np.float32]
Forward = Callable[
    [Model[Floats2d, Floats2d], Floats2d, bool],
    tuple[Floats2d, Callable[[Floats2d], Floats2d]],
]


def largest_pieces(unmaxed: FloatArray, pieces: int) -> FloatArray:
    """The largest of each unit's ``pieces`` consecutive values, for each row."""
    if pieces == 1:
        return unmaxed.copy()
    best: FloatArray = np.maximum(unmaxed[:, 0::pieces], unmaxed[:, 1::pieces])
    for piece in range(2, pieces):
        np.maximum(best, unmaxed[:, piece::pieces], out=best)
    return best


def inference_maxout_forward(
    model: Model[Floats2d, Floats2d], X: Floats2d, is_train: bool
) -> tuple[Floats2d, Callable[[Floats2d], Floats2d]]:
    """thinc's maxout forward pass without the record of winning pieces (inference only)."""
    if is_train:
        return thinc_maxout.forward(model, X, is_train)
    n_out, pieces, n_in = (model.get_dim(name) for name in ("nO", "nP", "nI"))
    weights = model.ops.reshape2f(model.get_param("W"), n_out * pieces, n_in)
    unmaxed = model.ops.gemm(X, weights, trans2=True)
    unmaxed += model.ops.reshape1f(model.get_param("b"), n_out * pieces)
    best = largest_pieces(cast(FloatArray, unmaxed), pieces)
    return cast(Floats2d, best), _no_gradient


def inference_layer_norm_forward(
    model: Model[Floats2d, Floats2d], X: Floats2d, is_train: bool
) -> tuple[Floats2d, Callable[[Floats2d], Floats2d]]:
    """thinc's layer norm with each row's mean taken and subtracted once (inference only).

    ``numpy.var`` is the mean of the squared deviations from the mean, taken as ``mean`` takes
    it; here those deviations are kept and rescaled in place."""
    if is_train:
        return thinc_layer_norm.forward(model, X, is_train)
    rows = cast(FloatArray, X)
    mean = rows.mean(axis=1, keepdims=True)
    centred = rows - mean
    variance = np.add.reduce(centred * centred, axis=1, keepdims=True)
    np.true_divide(variance, rows.shape[1], out=variance, casting="unsafe")
    variance += 1e-08
    centred *= variance ** (-1.0 / 2.0)
    centred *= model.get_param("G")
    centred += model.get_param("b")
    return cast(Floats2d, centred), _no_gradient


def _no_gradient(d_output: Floats2d) -> Floats2d:
    raise RuntimeError("a layer run for inference has no gradient")


INFERENCE_FORWARDS: dict[object, Forward] = {
    thinc_maxout.forward: inference_maxout_forward,
    thinc_layer_norm.forward: inference_layer_norm_forward,
}


def use_inference_layers(nlp: Language) -> int:
    """Give every thinc maxout and layer-norm layer of ``nlp``'s components its inference
    forward pass; the number of layers changed is returned."""
    changed = 0
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if not isinstance(model, Model):
            continue
        for layer in model.walk():
            # thinc keeps a layer's forward pass in ``_func``: only its own layers are replaced
            forward = INFERENCE_FORWARDS.get(getattr(layer, "_func", None))
            if forward is not None:
                layer.replace_callbacks(forward, init=layer.init)
                changed += 1
    return changed

"""The maxout activation as inference needs it: each unit's largest piece, and nothing else.

thinc's ``Maxout`` layer also records which piece won, for the gradient, in a compiled kernel
that costs about as much as the layer's matrix product. Inference never reads that record.
:func:`use_inference_maxout` gives a pipeline's maxout layers a forward pass that keeps only
the largest values, with the same matrix product and bias first, so the outputs are the same
numbers (``tests/annotate/test_maxout.py``). Training would still take thinc's own pass.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

import numpy as np
import numpy.typing as npt
from spacy.language import Language
from thinc.api import Model
from thinc.layers import maxout as thinc_maxout
from thinc.types import Floats2d

FloatArray = npt.NDArray[np.float32]


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


def _no_gradient(d_best: Floats2d) -> Floats2d:
    raise RuntimeError("a maxout layer run for inference has no gradient")


def use_inference_maxout(nlp: Language) -> int:
    """Give every thinc maxout layer of ``nlp``'s components the inference forward pass;
    the number of layers changed is returned."""
    changed = 0
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if not isinstance(model, Model):
            continue
        for layer in model.walk():
            # thinc keeps a layer's forward pass in ``_func``: only its own Maxout is replaced
            if getattr(layer, "_func", None) is thinc_maxout.forward:
                layer.replace_callbacks(inference_maxout_forward, init=layer.init)
                changed += 1
    return changed

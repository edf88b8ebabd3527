"""The output layer of spaCy's transition models, as their greedy decoders apply it.

The parser and the entity recogniser end in the same layer: one matrix product and a bias
from the hidden layer to a score for every move. Moves the model never saw in training score
the least of the step, for every state, as in spaCy's own decoder.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

import numpy as np
import numpy.typing as npt
from thinc.api import Model

FloatArray = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.intp]


@dataclass(frozen=True)
class MoveScorer:
    """Scores every move of a transition model for a batch of states."""

    weights: FloatArray  # hidden units by moves, contiguous for the product
    bias: FloatArray
    unseen: IntArray  # moves the model never saw

    @classmethod
    def of(cls, model: Model[Any, Any]) -> MoveScorer:
        """The scorer of a spaCy transition model (its ``upper`` layer)."""
        upper = model.get_ref("upper")
        unseen = sorted(model.attrs.get("unseen_classes") or ())
        return cls(
            weights=np.ascontiguousarray(upper.get_param("W").T),
            bias=cast(FloatArray, upper.get_param("b")),
            unseen=np.array(unseen, dtype=np.intp),
        )

    def __call__(self, hidden: FloatArray) -> FloatArray:
        """Every move's score for each state (rows of ``hidden``)."""
        scores: FloatArray = hidden @ self.weights
        scores += self.bias
        if len(self.unseen):
            scores[:, self.unseen] = scores.min()
        return scores

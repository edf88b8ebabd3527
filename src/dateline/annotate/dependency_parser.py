"""spaCy's dependency parser, with the moves of a whole batch scored at once in arrays.

spaCy's ``parser`` is a greedy arc-eager transition system. At each step every unfinished
document's state is scored:
- take the state's eight context tokens (stack, buffer and their children);
- sum the feature rows the model precomputed for them, then apply the maxout;
- score every move (shift, reduce, left or right arc with each label, break);
- take the best valid move.

spaCy's compiled loop does this one state at a time. spaCy also has a step-by-step path,
where the features and hidden layer of all of a batch's states come out of one call; over
news articles that path is the faster one. This component takes it. Each step it runs:
- spaCy's step model for the context tokens and the hidden layer, all states in one call;
- one matrix product for the scores (:class:`~dateline.annotate.move_scores.MoveScorer`, shared
  with the entity recogniser);
- spaCy's ``transition_states``, which keeps the valid moves, takes the first best and
  applies it.

The states, the move rules and the annotations stay spaCy's own, and so does the arithmetic
up to the output layer, whose matrix product is numpy's, as every other layer's is here
(``nlp.use_numpy_blas``). The heads, labels and sentence starts are spaCy's decoder's on all
2,452 TempEval-3 silver articles, and ``tests/annotate/test_dependency_parser.py`` compares 200
and the seeds. The parser costs 2.5 CPU ms an article this way, 5.2 through spaCy's loop (one
process, the silver articles in batches of 32). A parser of another kind (beam search, no
output layer, another model) is left to spaCy.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import Any

from spacy.pipeline import DependencyParser
from spacy.pipeline._parser_internals.stateclass import StateClass
from spacy.tokens import Doc
from thinc.api import NumpyOps

from dateline.annotate.move_scores import MoveScorer


class GreedyDependencyParser:
    """A pipeline component that sets the parse ``parser`` would set, faster."""

    def __init__(self, parser: DependencyParser) -> None:
        self.parser = parser
        self.scores = MoveScorer.of(parser.model)

    def __call__(self, doc: Doc) -> Doc:
        self.annotate([doc])
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 32) -> Iterator[Doc]:
        stream = iter(docs)
        while batch := list(islice(stream, batch_size)):
            self.annotate(batch)
            yield from batch

    def annotate(self, docs: Sequence[Doc]) -> None:
        """Set each document's heads, dependency labels and sentence starts."""
        self.parser.set_annotations(docs, self.predict(docs))

    def predict(self, docs: Sequence[Doc]) -> list[StateClass]:
        """Each document's final parse state (spaCy's ``Parser.predict``)."""
        states: list[StateClass] = self.parser.moves.init_batch(docs)
        if not any(len(doc) for doc in docs):
            return states
        steps = self.parser.model.predict(list(docs))  # embedding and precomputed features
        try:
            running = [state for state in states if not state.is_final()]
            while running:
                hidden = steps.state2vec.predict(steps.get_token_ids(running))
                running = self.parser.transition_states(running, self.scores(hidden))
        finally:
            steps.clear_memory()
        return states


def greedy_dependency_parser_for(component: Any) -> GreedyDependencyParser | None:
    """The batched scorer for ``component``, or None where it would not parse alike."""
    if not isinstance(component, DependencyParser):
        return None
    model = component.model
    if component.cfg.get("beam_width", 1) != 1 or model.name != "parser_model":
        return None
    if not model.attrs.get("has_upper") or not isinstance(model.ops, NumpyOps):
        return None
    if model.get_ref("upper").get_dim("nO") != component.moves.n_moves:
        return None
    return GreedyDependencyParser(component)

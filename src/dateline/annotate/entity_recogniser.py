"""spaCy's entity recogniser, decoded a whole batch at a time with array operations.

spaCy's ``ner`` is a greedy transition system. For each token it scores every BILUO move
(begin, in, last, unit or out, one per label), keeps the moves valid in the current state and
takes the best one. spaCy runs that loop in compiled code, but state by state and move by
move through function pointers. Over news articles the loop costs about twice what the
model's own embedding does: about 10 of the recogniser's 16 CPU ms an article.

Every BILUO move consumes exactly one token, so all the states of a batch advance together:
at step ``t`` each document still running is at its token ``t``. One step can therefore be
taken for the whole batch with a few array operations:

- gather the three feature rows the model precomputed (the token, the first token of the
  open entity, the token before);
- apply the maxout;
- score the moves with one matrix product;
- mask the invalid moves with a table indexed by the state;
- take the first best move.

These are the model's own weights, features and validity rules, and the same first-best
choice, so the output is spaCy's own. It is checked against spaCy's decoder on every
TempEval-3 silver article and the seeds (``tests/annotate/test_entity_recogniser.py``).

What this does not cover falls back to spaCy's decoder:
- documents that already carry entity annotations (spaCy's rules for preset entities);
- a recogniser this module does not recognise: beam search, another feature set, no output
  layer, moves other than BILUO.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any

import numpy as np
import numpy.typing as npt
from spacy.attrs import ENT_IOB, IS_SPACE, SENT_START
from spacy.pipeline import EntityRecognizer
from spacy.tokens import Doc, Span
from thinc.api import NumpyOps

from dateline.annotate.inference_layers import largest_pieces
from dateline.annotate.move_scores import MoveScorer

BEGIN, IN, LAST, UNIT, OUT = 1, 2, 3, 4, 5
MOVE_CODES = {"B": BEGIN, "I": IN, "L": LAST, "U": UNIT, "O": OUT}
# The recogniser's state features: the next token, the open entity's first token, and the
# token before the next one while an entity is open (spaCy's ``set_context_tokens`` for 3).
ENTITY_FEATURES = 3
# State codes below this are closed states (can begin?, can be a unit?); from it, an open
# state is 2 * its label's index + (can go on?).
OPEN_CODES = 4

Entity = tuple[int, int, int]  # token start, token end, label hash
IntArray = npt.NDArray[np.intp]
BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float32]


@dataclass(frozen=True)
class BiluoMoves:
    """The recogniser's moves by class index: what each does, and to which label."""

    move: IntArray  # BEGIN ... OUT for each class
    label: IntArray  # index into ``label_hashes`` for each class
    label_hashes: tuple[int, ...]  # 0 for the empty label ("U-", "O")

    @classmethod
    def of(cls, recogniser: EntityRecognizer) -> BiluoMoves | None:
        moves = recogniser.moves
        names = [moves.get_class_name(i) for i in range(moves.n_moves)]
        labels: list[str] = []
        move_codes: list[int] = []
        label_indices: list[int] = []
        for name in names:
            letter, _, label = name.partition("-")
            if letter not in MOVE_CODES:
                return None
            if label not in labels:
                labels.append(label)
            move_codes.append(MOVE_CODES[letter])
            label_indices.append(labels.index(label))
        strings = recogniser.vocab.strings
        return cls(
            move=np.array(move_codes, dtype=np.intp),
            label=np.array(label_indices, dtype=np.intp),
            label_hashes=tuple(strings.add(label) if label else 0 for label in labels),
        )

    def valid_moves(self) -> BoolArray:
        """Which classes are valid, by state code (rows) and class (columns).

        spaCy's BILUO rules for documents without preset entities: a closed state may begin
        an entity when the token is not a space and the next token is in the same sentence,
        may make a one-token entity of any token but a space, and may always go out; an open
        state may go on in the same label while the next token is in the same sentence, and
        may always end. No move has the empty label but out.
        """
        labelled = np.array([self.label_hashes[i] != 0 for i in self.label])
        table = np.zeros((OPEN_CODES + 2 * len(self.label_hashes), len(self.move)), dtype=bool)
        for can_begin in (0, 1):
            for can_be_unit in (0, 1):
                row = table[2 * can_begin + can_be_unit]
                row |= self.move == OUT
                if can_begin:
                    row |= (self.move == BEGIN) & labelled
                if can_be_unit:
                    row |= (self.move == UNIT) & labelled
        for label in range(len(self.label_hashes)):
            same = (self.label == label) & labelled
            for can_go_on in (0, 1):
                row = table[OPEN_CODES + 2 * label + can_go_on]
                row |= (self.move == LAST) & same
                if can_go_on:
                    row |= (self.move == IN) & same
        return table


class GreedyEntityRecogniser:
    """A pipeline component that sets the entities ``recogniser`` would set, faster."""

    def __init__(self, recogniser: EntityRecognizer, moves: BiluoMoves) -> None:
        self.recogniser = recogniser
        self.moves = moves
        self.valid = moves.valid_moves()
        embed, lower, _ = recogniser.model.layers
        self.embed = embed
        self.lower = lower
        self.scores = MoveScorer.of(recogniser.model)
        self.pieces = int(lower.get_dim("nP"))

    def __call__(self, doc: Doc) -> Doc:
        self.annotate([doc])
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        stream = iter(docs)
        while batch := list(islice(stream, batch_size)):
            self.annotate(batch)
            yield from batch

    def annotate(self, docs: Sequence[Doc]) -> None:
        """Set each document's entities; every other token is outside an entity."""
        if any(has_entity_annotations(doc) for doc in docs):
            states = self.recogniser.predict(docs)  # spaCy's rules for preset entities
            self.recogniser.set_annotations(docs, states)
            return
        for doc, entities in zip(docs, self.predict(docs), strict=True):
            spans = [Span(doc, start, end, label=label) for start, end, label in entities]
            doc.set_ents(spans, default="outside")

    def predict(self, docs: Sequence[Doc]) -> list[list[Entity]]:
        """The entities of each document, as (token start, token end, label hash)."""
        lengths = np.array([len(doc) for doc in docs], dtype=np.intp)
        if not lengths.any():
            return [[] for _ in docs]
        actions = self.decode(docs, lengths)
        return [self.entities_of(actions[i, : lengths[i]]) for i in range(len(docs))]

    def decode(self, docs: Sequence[Doc], lengths: IntArray) -> IntArray:
        """The class taken at each token of each document (documents by rows)."""
        moves = self.moves
        # Row 0 is the model's padding; token k of the batch is row k + 1.
        precomputed = self.lower.predict(self.embed.predict(list(docs)))
        features = precomputed.reshape(precomputed.shape[0], ENTITY_FEATURES, -1)
        feature_bias = self.lower.get_param("b").reshape(-1)
        starts = np.concatenate(([0], np.cumsum(lengths)[:-1])).astype(np.intp)
        closed_code, open_code = state_codes(docs, lengths, starts)

        order = np.argsort(-lengths, kind="stable")  # the documents still running: a prefix
        first = starts[order]
        running_for = lengths[order]
        batch = len(docs)
        is_open = np.zeros(batch, dtype=bool)
        open_label = np.zeros(batch, dtype=np.intp)
        open_start = np.zeros(batch, dtype=np.intp)
        steps = int(running_for[0])
        taken = np.zeros((batch, steps), dtype=np.intp)  # rows in ``order``
        invalid = np.float32(-np.inf)
        running = batch
        for t in range(steps):
            while running_for[running - 1] <= t:
                running -= 1
            token = first[:running] + t
            opened = is_open[:running]
            entity_row = np.where(opened, first[:running] + open_start[:running] + 1, 0)
            before_row = np.where(opened, token, 0)
            unmaxed = features[token + 1, 0] + features[entity_row, 1]
            unmaxed += features[before_row, 2]
            unmaxed += feature_bias
            hidden = largest_pieces(unmaxed, self.pieces)
            scores = self.scores(hidden)
            codes = np.where(
                opened, open_code[token] + 2 * open_label[:running], closed_code[token]
            )
            best = np.where(self.valid[codes], scores, invalid).argmax(axis=1)
            taken[:running, t] = best
            move = moves.move[best]
            begins = move == BEGIN
            is_open[:running] = (opened & (move != LAST)) | begins
            open_label[:running] = np.where(begins, moves.label[best], open_label[:running])
            open_start[:running] = np.where(begins, t, open_start[:running])
        by_document = np.empty_like(taken)
        by_document[order] = taken
        return by_document

    def entities_of(self, classes: IntArray) -> list[Entity]:
        """The entities a document's classes make: each opens at a begin or unit move and
        closes at the next last or unit move (a state never leaves an entity open)."""
        move = self.moves.move[classes]
        starts = np.flatnonzero((move == BEGIN) | (move == UNIT))
        ends = np.flatnonzero((move == LAST) | (move == UNIT)) + 1
        labels = self.moves.label[classes[starts]]
        hashes = self.moves.label_hashes
        return [
            (int(start), int(end), hashes[label])
            for start, end, label in zip(
                starts.tolist(), ends.tolist(), labels.tolist(), strict=True
            )
        ]


def state_codes(
    docs: Sequence[Doc], lengths: IntArray, starts: IntArray
) -> tuple[IntArray, IntArray]:
    """For each token of the batch, the code of a closed state there, and the code of a
    state open in the first label there (add twice the open label's index)."""
    present = [doc for doc in docs if len(doc)]
    space = np.concatenate([doc.to_array(IS_SPACE) for doc in present]).astype(bool)
    sentence_start = np.concatenate([doc.to_array(SENT_START) for doc in present])
    position = np.arange(len(space)) - np.repeat(starts, lengths)
    has_next = position + 1 < np.repeat(lengths, lengths)
    next_starts_sentence = np.zeros(len(space), dtype=bool)
    next_starts_sentence[:-1] = sentence_start[1:] == 1
    can_go_on = has_next & ~next_starts_sentence
    can_begin = can_go_on & ~space
    closed_code = 2 * can_begin.astype(np.intp) + ~space
    open_code = OPEN_CODES + can_go_on.astype(np.intp)
    return closed_code, open_code


def has_entity_annotations(doc: Doc) -> bool:
    """Whether any token of ``doc`` is already marked in or out of an entity."""
    return bool(len(doc)) and bool(doc.to_array(ENT_IOB).any())


def greedy_entity_recogniser_for(component: Any) -> GreedyEntityRecogniser | None:
    """The array decoder for ``component``, or None where it would not decode alike."""
    if not isinstance(component, EntityRecognizer):
        return None
    model = component.model
    if component.cfg.get("beam_width", 1) != 1 or not model.attrs.get("has_upper"):
        return None
    if len(model.layers) != 3 or not isinstance(model.ops, NumpyOps):
        return None
    lower = model.layers[1]
    if lower.get_dim("nF") != ENTITY_FEATURES:
        return None
    moves = BiluoMoves.of(component)
    if moves is None or model.layers[2].get_dim("nO") != len(moves.move):
        return None
    return GreedyEntityRecogniser(component, moves)

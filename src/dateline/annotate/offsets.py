"""Per-document lookups without walking the spaCy document again and again.

:class:`SpanIndex` answers "is this offset inside one of these spans" by bisection instead of a
scan; :func:`token_column` reads one attribute of every token in one call, and
:class:`TokenWords` the offsets, lower-case forms and lemmas a scan for a word needs.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from itertools import accumulate
from typing import TYPE_CHECKING

from spacy.attrs import IDX, LEMMA, LOWER

if TYPE_CHECKING:
    from spacy.tokens import Doc


class SpanIndex:
    """``(start, end)`` character spans (in any order, overlapping or not) indexed by start."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [start for start, _ in ordered]
        # the furthest end among the spans up to each one (in start order)
        self._reach = list(accumulate((end for _, end in ordered), max))

    def _reach_before(self, offset: int) -> int | None:
        """The furthest end among the spans that start before ``offset``."""
        count = bisect_left(self._starts, offset)
        return self._reach[count - 1] if count else None

    def strictly_inside(self, offset: int) -> bool:
        """Whether some span has ``start < offset < end``."""
        reach = self._reach_before(offset)
        return reach is not None and reach > offset

    def overlaps(self, start: int, end: int) -> bool:
        """Whether some span shares a character with ``[start, end)``
        (``span.start < end and start < span.end``)."""
        reach = self._reach_before(end)
        return reach is not None and reach > start


def token_column(doc: Doc, attribute: int) -> list[int]:
    """One attribute (a ``spacy.attrs`` id: POS, IDX, LOWER...) of every token, as Python ints,
    read in one call instead of through a ``Token`` object per word."""
    column: list[int] = doc.to_array(attribute).tolist()
    return column


class TokenWords:
    """Offsets, lower-case forms and lemmas of a document's tokens, read in one call, so that
    scanning a window of tokens for a word creates no ``Token`` objects."""

    def __init__(self, doc: Doc) -> None:
        self._strings = doc.vocab.strings
        self.offsets = token_column(doc, IDX)
        self._lowers = token_column(doc, LOWER)
        self._lemmas = token_column(doc, LEMMA)
        self._lowered_lemmas: dict[int, str] = {}

    def matching(self, word: str, start: int, end: int) -> list[int]:
        """Indices in ``[start, end)`` of the tokens whose ``lower_`` or ``lemma_.lower()`` is
        ``word`` (a lower-case word)."""
        key = self._strings[word]  # the store's id of ``word``, which ``lower_`` is looked up by
        lowers, lemmas, lowered = self._lowers, self._lemmas, self._lowered_lemmas
        found = []
        for index in range(start, end):
            if lowers[index] != key:
                lemma = lowered.get(lemmas[index])
                if lemma is None:
                    lemma = lowered[lemmas[index]] = self._strings[lemmas[index]].lower()
                if lemma != word:
                    continue
            found.append(index)
        return found

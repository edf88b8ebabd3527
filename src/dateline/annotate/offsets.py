"""Per-document lookups without walking the spaCy document again and again.

:class:`SpanIndex` answers "is this offset inside one of these spans" by bisection instead of a
scan; :func:`token_column` reads one attribute of every token in one call, and
:class:`TokenWords` the offsets, lower-case forms and lemmas a scan for a word needs.
:func:`line_breaks` (kept with the document, for every extractor that asks) and
:func:`indices_with` find tokens the same way. Each ``doc[i]`` makes a new spaCy ``Token``
(about half a microsecond), so a scan token by token pays for every token it passes.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from itertools import accumulate
from typing import TYPE_CHECKING

import numpy as np
from spacy.attrs import (
    ENT_TYPE,
    IDX,
    IS_ALPHA,
    IS_LOWER,
    IS_STOP,
    LEMMA,
    LOWER,
    ORTH,
    SHAPE,
    TAG,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc

_LINE_BREAKS = "dateline_line_breaks"  # the key of :func:`line_breaks` in ``doc.user_data``
_TEXT = "dateline_text"  # the key of :func:`document_text` in ``doc.user_data``


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


def line_breaks(doc: Doc) -> list[bool]:
    """Whether each token's text or the whitespace after it holds a line break.

    The whitespace spaCy keeps after a token is one space at most, so a line break is always
    in some token's own text: the distinct token texts are looked up once each, and
    ``doc.text`` (rebuilt from every token on each access) is not needed.
    """
    cached = doc.user_data.get(_LINE_BREAKS)
    if isinstance(cached, list) and len(cached) == len(doc):
        return cached
    orths = token_column(doc, ORTH)
    strings = doc.vocab.strings
    with_break = {orth for orth in set(orths) if "\n" in strings[orth]}
    breaks = [orth in with_break for orth in orths] if with_break else [False] * len(doc)
    doc.user_data[_LINE_BREAKS] = breaks
    return breaks


def document_text(doc: Doc) -> str:
    """``doc.text``, built once per document (spaCy rebuilds it from every token on each
    access)."""
    cached = doc.user_data.get(_TEXT)
    if isinstance(cached, str):
        return cached
    text: str = doc.text
    doc.user_data[_TEXT] = text
    return text


def indices_with(
    doc: Doc, lowers: Iterable[str] = (), tags: Iterable[str] = (), shapes: Iterable[str] = ()
) -> list[int]:
    """The indices of the tokens whose lower-case form is one of ``lowers``, whose
    fine-grained tag is one of ``tags`` or whose shape (``Xddd``) is one of ``shapes``, in
    order."""
    strings = doc.vocab.strings
    # uint64 both sides: against int64 numpy would compare the hashes as floats
    wanted_values = [
        np.array([strings[value] for value in values], dtype=np.uint64)
        for values in (lowers, tags, shapes)
    ]
    if not len(doc) or not any(values.size for values in wanted_values):
        return []
    columns = doc.to_array([LOWER, TAG, SHAPE])
    wanted = np.zeros(len(doc), dtype=bool)
    for column, values in enumerate(wanted_values):
        wanted |= np.isin(columns[:, column], values)
    found: list[int] = np.flatnonzero(wanted).tolist()
    return found


def lower_case_words(doc: Doc) -> set[str]:
    """The words the document writes in lower case (``token.lower_`` of each ``is_lower``)."""
    values = doc.to_array([LOWER, IS_LOWER])
    keys: set[int] = set(values[values[:, 1] == 1, 0].tolist())
    strings = doc.vocab.strings
    return {strings[key] for key in keys}


def capitalised_words_outside_entities(doc: Doc) -> list[int]:
    """The indices of the alphabetic tokens outside any entity that are no stop word and not
    written in lower case, in order."""
    if not len(doc):
        return []
    values = doc.to_array([ENT_TYPE, IS_ALPHA, IS_STOP, IS_LOWER])
    wanted = (values[:, 0] == 0) & (values[:, 1] == 1) & (values[:, 2] == 0) & (values[:, 3] == 0)
    found: list[int] = np.flatnonzero(wanted).tolist()
    return found

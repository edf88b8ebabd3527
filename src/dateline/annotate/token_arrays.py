"""Facts about every token of a parsed document, read once and shared by the extractors.

Each ``doc[i]`` makes a new spaCy ``Token`` object (about half a microsecond), so an extractor
that walks the document token by token to find a few tokens pays for all of them, and each
extractor walked it again. These read the document's arrays in one call instead and keep what
they found in ``doc.user_data``, so the next extractor asking gets it for free.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

import numpy as np
from spacy.attrs import IDX, LOWER, TAG
from spacy.tokens import Doc

_LINE_BREAKS = "dateline_line_breaks"


def line_breaks(doc: Doc) -> list[bool]:
    """Whether each token's text or the whitespace after it holds a line break.

    A token's text and its whitespace are the document's text from its start to the next
    token's start, so the breaks are found in the text and placed by the tokens' offsets.
    """
    cached = doc.user_data.get(_LINE_BREAKS)
    if isinstance(cached, list) and len(cached) == len(doc):
        return cached
    breaks = [False] * len(doc)
    text = doc.text
    if len(doc) and "\n" in text:
        starts = doc.to_array(IDX).tolist()
        at = text.find("\n")
        while at != -1:
            breaks[bisect_right(starts, at) - 1] = True
            at = text.find("\n", at + 1)
    doc.user_data[_LINE_BREAKS] = breaks
    return breaks


def indices_with(doc: Doc, lowers: Iterable[str] = (), tags: Iterable[str] = ()) -> list[int]:
    """The indices of the tokens whose lower-case form is one of ``lowers`` or whose
    fine-grained tag is one of ``tags``, in order."""
    strings = doc.vocab.strings
    # uint64 both sides: against int64 numpy would compare the hashes as floats
    lower_hashes = np.array([strings[word] for word in lowers], dtype=np.uint64)
    tag_hashes = np.array([strings[tag] for tag in tags], dtype=np.uint64)
    if not len(doc) or not (lower_hashes.size or tag_hashes.size):
        return []
    values = doc.to_array([LOWER, TAG])
    wanted = np.isin(values[:, 0], lower_hashes) | np.isin(values[:, 1], tag_hashes)
    found: list[int] = np.flatnonzero(wanted).tolist()
    return found

"""Quotation marks paired into quoted spans: curly, straight, guillemets, the two-apostrophe
``''`` some newspapers use, single marks outside double ones, and quotes that run over several
paragraphs. See docs/events.md (Quotes, step 1)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from dateline.annotate.offsets import SpanIndex

OPENING_MARKS = "“„«"
CLOSING_MARKS = "”»"
NEUTRAL_MARKS = '"'
ALL_MARKS = OPENING_MARKS + CLOSING_MARKS + NEUTRAL_MARKS
MAX_QUOTE_CHARS = 2000

_MARK_OR_BREAK = re.compile(f"''|``|[\n{re.escape(ALL_MARKS)}]")


@dataclass(frozen=True, slots=True)
class QuotedSpan:
    """Characters between a pair of quotation marks; ``start``/``end`` include the marks.

    ``open_width``/``close_width`` are the marks' lengths (2 for the ``''`` some newspapers
    use); ``close_width`` is 0 for a quote left open at the end of a paragraph whose next
    paragraph opens with a quotation mark (the quote goes on there, ``continues``).
    """

    start: int
    end: int
    open_width: int = 1
    close_width: int = 1
    continues: bool = False

    @property
    def inner_start(self) -> int:
        return self.start + self.open_width

    @property
    def inner_end(self) -> int:
        return self.end - self.close_width


def find_quoted_spans(text: str) -> list[QuotedSpan]:
    """Pair quotation marks into spans.

    A mark opens when it is followed by a non-space character; while a quote is open, any mark
    that does not look like an opener closes it (so an opening mark misused as a closer works).
    A quote still open at a line break is dropped as unbalanced, unless the next paragraph
    opens with a quotation mark: then the speaker goes on (a quote of several paragraphs).
    Single marks (‘…’) outside double ones are quotes too (headlines, British style).
    """
    spans: list[QuotedSpan] = []
    open_at: int | None = None
    open_width = 1
    continuing = False
    for mark in _MARK_OR_BREAK.finditer(text):
        index, char = mark.start(), mark.group()
        width = len(char)
        if char == "\n":
            if open_at is not None and _next_paragraph_opens_quote(text, index):
                end = len(text[:index].rstrip())
                if end - open_at > open_width:
                    spans.append(QuotedSpan(open_at, end, open_width, 0, continuing))
                continuing = True
            elif open_at is not None or text[:index].rstrip(" \t")[-1:] not in ("\n", ""):
                continuing = False  # a blank line between paragraphs changes nothing
            open_at = None
            continue
        looks_opening = _looks_opening(text, index, width)
        if open_at is None:
            if char in CLOSING_MARKS and not looks_opening:
                continue
            if looks_opening:
                open_at, open_width = index, width
            continue
        if char in OPENING_MARKS and looks_opening and text[index - 1 : index].isspace():
            open_at, open_width = index, width  # the earlier mark was never closed
            continue
        if index - open_at > MAX_QUOTE_CHARS:
            open_at = index if looks_opening else None
            open_width = width
            continue
        if index - open_at > open_width:
            spans.append(QuotedSpan(open_at, index + width, open_width, width, continuing))
        open_at, continuing = None, False
    return sorted(spans + _single_quoted(text, spans), key=lambda q: q.start)


def _next_paragraph_opens_quote(text: str, index: int) -> bool:
    following = text[index:].lstrip()
    return bool(following) and (
        following[0] in OPENING_MARKS + NEUTRAL_MARKS or following.startswith("''")
    )


SINGLE_QUOTED = re.compile(r"(?<![\w‘’'])‘(?=\S)((?:[^‘’\n]|’(?=\w))+?)(?<=\S)’(?!\w)")


def _single_quoted(text: str, double: Sequence[QuotedSpan]) -> list[QuotedSpan]:
    """‘…’ spans that are not inside a double-quoted span (nested quotes stay in theirs)."""
    if "‘" not in text:
        return []
    inside = SpanIndex((q.start, q.end) for q in double)
    return [
        QuotedSpan(m.start(), m.end())
        for m in SINGLE_QUOTED.finditer(text)
        if not inside.overlaps(m.start(), m.end())
    ]


def _looks_opening(text: str, index: int, width: int = 1) -> bool:
    after = text[index + width : index + width + 1]
    before = text[index - 1 : index] if index else ""
    if not after or after.isspace() or after in ",.;:!?)":
        return False
    return not before or before.isspace() or before in "([{—–-:/" or before in ALL_MARKS


def is_heading(text: str, span: QuotedSpan) -> bool:
    """A quoted span that is a whole line by itself is a title or heading, not a quote
    (unless it is a paragraph of a quote that runs over several, or the line before ends
    with a colon: "He said:")."""
    if span.continues or span.close_width == 0:
        return False
    if text[: span.start].rstrip().endswith(":"):
        return False  # a block quote the paragraph before introduces ("He said:")
    line_start = text.rfind("\n", 0, span.start) + 1
    line_end = text.find("\n", span.end)
    line_end = len(text) if line_end == -1 else line_end
    return not text[line_start : span.start].strip() and not text[span.end : line_end].strip(" .")

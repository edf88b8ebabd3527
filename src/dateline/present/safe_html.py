"""Safe HTML for untrusted article text: escape each piece first, then wrap it.

Nothing here ever marks text up and escapes afterwards; every string that came from an
article passes through :func:`markupsafe.escape` before any tag is put around it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from markupsafe import Markup, escape

from dateline.records import Annotations
from dateline.store.interface import HIT_END, HIT_START

_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def strip_controls(text: str) -> str:
    """Text without C0 control characters (not valid in HTML or XML); tabs and newlines stay."""
    return _CONTROLS.sub("", text)


def display(value: object) -> object:
    """Jinja ``finalize``: plain strings lose control characters; Markup is left as built."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return strip_controls(value)
    return value


def highlight_snippet(snippet: str) -> Markup:
    """A search snippet as HTML: the text escaped, the hit markers turned into ``<mark>``.

    Markers are matched pairwise, so a stray or unbalanced marker cannot leave a tag open.
    """
    parts: list[str] = []
    inside = False
    for piece in _split_markers(snippet):
        if piece == HIT_START:
            if not inside:
                parts.append("<mark>")
                inside = True
        elif piece == HIT_END:
            if inside:
                parts.append("</mark>")
                inside = False
        else:
            parts.append(str(escape(strip_controls(piece))))
    if inside:
        parts.append("</mark>")
    return Markup("".join(parts))


def _split_markers(text: str) -> list[str]:
    pieces: list[str] = []
    current: list[str] = []
    for char in text:
        if char in (HIT_START, HIT_END):
            if current:
                pieces.append("".join(current))
                current = []
            pieces.append(char)
        else:
            current.append(char)
    if current:
        pieces.append("".join(current))
    return pieces


@dataclass(frozen=True, slots=True)
class Span:
    """A marked stretch of article text: offsets, CSS class, optional link and tooltip."""

    start: int
    end: int
    css: str
    href: str | None = None
    title: str = ""
    layer: int = 1  # 0: quotes (outer), 1: mentions and times (inner)


def _disjoint(spans: Sequence[Span], length: int) -> list[Span]:
    """Spans of one layer, clipped to the text, overlapping ones dropped (first wins)."""
    kept: list[Span] = []
    end = -1
    for span in sorted(spans, key=lambda s: (s.start, -(s.end - s.start))):
        if span.start < 0 or span.end > length or span.start >= span.end:
            continue
        if span.start >= end:
            kept.append(span)
            end = span.end
    return kept


def _open(span: Span) -> str:
    title = f' title="{escape(span.title)}"' if span.title else ""
    if span.href:
        return f'<a class="{escape(span.css)}" href="{escape(span.href)}"{title}>'
    return f'<span class="{escape(span.css)}"{title}>'


def _close(span: Span) -> str:
    return "</a>" if span.href else "</span>"


def mark_text(text: str, spans: Sequence[Span]) -> Markup:
    """``text`` as HTML with each span wrapped; two layers nest (quotes around names).

    The text is cut at every span boundary; each piece is escaped and then wrapped in the
    spans covering it, so the output is always well-formed whatever the offsets are.
    """
    layers = [_disjoint([s for s in spans if s.layer == n], len(text)) for n in (0, 1)]
    cuts = {0, len(text)}
    for layer in layers:
        for span in layer:
            cuts.update((span.start, span.end))
    bounds = sorted(cuts)
    out: list[str] = []
    cursors = [0, 0]
    for left, right in pairwise(bounds):
        covering: list[Span] = []
        for n, layer in enumerate(layers):
            while cursors[n] < len(layer) and layer[cursors[n]].end <= left:
                cursors[n] += 1
            if cursors[n] < len(layer) and layer[cursors[n]].start <= left:
                covering.append(layer[cursors[n]])
        piece = str(escape(strip_controls(text[left:right])))
        for span in reversed(covering):
            piece = _open(span) + piece + _close(span)
        out.append(piece)
    return Markup("".join(out))


def annotation_spans(
    annotations: Annotations,
    entity_href: Callable[[str], str],
    entity_names: dict[str, str] | None = None,
) -> list[Span]:
    """Spans for an article's mentions (linked to dossiers), time expressions and quotes."""
    names = entity_names or {}
    spans: list[Span] = []
    for quote in annotations.quotes:
        who = quote.speaker_text or "unknown speaker"
        spans.append(Span(quote.start, quote.end, f"quote quote-{quote.kind}", None, who, 0))
    for mention in annotations.mentions:
        label = mention.label.lower()
        if mention.entity_id:
            name = names.get(mention.entity_id, mention.canonical or mention.text)
            spans.append(
                Span(
                    mention.start,
                    mention.end,
                    f"mention ent-{label}",
                    entity_href(mention.entity_id),
                    f"{name} ({mention.label})",
                )
            )
        else:
            spans.append(
                Span(mention.start, mention.end, f"mention ent-{label}", None, mention.label)
            )
    for timex in annotations.times:
        spans.append(Span(timex.start, timex.end, "timex", None, f"{timex.type} {timex.value}"))
    return spans

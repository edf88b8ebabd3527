"""Read TimeML 1.2.1 documents (TempEval-3) into plain text, a creation date and gold TIMEX3s.

Only the ``<TEXT>`` element is annotated by systems; its tags are stripped and every TIMEX3 is
kept as character offsets into the stripped text. The ``<DCT>`` TIMEX3 is the document's
reference date.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

_TEXT = re.compile(r"<TEXT>(.*?)</TEXT>", re.S)
_DCT = re.compile(r"<DCT>[^<]*<TIMEX3([^>]*)>", re.S)
_TAG = re.compile(r"<(/?)([A-Za-z0-9_]+)([^>]*?)(/?)>", re.S)
_ATTR = re.compile(r'([A-Za-z_]+)="([^"]*)"')


class TimeMLError(ValueError):
    """A TimeML file that cannot be read (no TEXT element, no usable DCT, broken tags)."""


@dataclass(frozen=True, slots=True)
class GoldTimex:
    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass(frozen=True, slots=True)
class TimeMLDocument:
    name: str
    text: str
    dct: dt.date
    timexes: tuple[GoldTimex, ...]


def parse_timeml(source: str, name: str = "") -> TimeMLDocument:
    """Parse one TimeML document; raises :class:`TimeMLError` on a file without TEXT or DCT."""
    text_match = _TEXT.search(source)
    if text_match is None:
        raise TimeMLError(f"{name}: no <TEXT> element")
    dct_match = _DCT.search(source)
    if dct_match is None:
        raise TimeMLError(f"{name}: no <DCT> TIMEX3")
    dct_value = dict(_ATTR.findall(dct_match.group(1))).get("value", "")
    try:
        dct = dt.date.fromisoformat(dct_value[:10])
    except ValueError as exc:
        raise TimeMLError(f"{name}: DCT value {dct_value!r} is not a date") from exc
    plain, timexes = _strip_tags(text_match.group(1), name)
    return TimeMLDocument(name=name, text=plain, dct=dct, timexes=tuple(timexes))


def _strip_tags(markup: str, name: str) -> tuple[str, list[GoldTimex]]:
    pieces: list[str] = []
    length = 0
    open_timex: tuple[int, dict[str, str]] | None = None
    timexes: list[GoldTimex] = []
    cursor = 0
    for tag in _TAG.finditer(markup):
        chunk = html.unescape(markup[cursor : tag.start()])
        pieces.append(chunk)
        length += len(chunk)
        cursor = tag.end()
        closing, tag_name = tag.group(1) == "/", tag.group(2)
        if tag_name != "TIMEX3":
            continue
        if not closing and tag.group(4) != "/":
            open_timex = (length, dict(_ATTR.findall(tag.group(3))))
        elif closing:
            if open_timex is None:
                raise TimeMLError(f"{name}: </TIMEX3> without an opening tag")
            start, attrs = open_timex
            text = "".join(pieces)[start:length]
            timexes.append(
                GoldTimex(start, length, text, attrs.get("type", ""), attrs.get("value", ""))
            )
            open_timex = None
    pieces.append(html.unescape(markup[cursor:]))
    return "".join(pieces), timexes


def read_timeml(path: Path) -> TimeMLDocument:
    return parse_timeml(path.read_text(encoding="utf-8"), name=path.name)


def iter_timeml(directory: Path, limit: int | None = None) -> Iterator[TimeMLDocument]:
    """The ``*.tml`` documents under ``directory`` in name order (at most ``limit``)."""
    paths = sorted(directory.rglob("*.tml"))
    for path in paths[:limit] if limit is not None else paths:
        yield read_timeml(path)

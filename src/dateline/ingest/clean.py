"""Clean the plain text of one news article without touching its sentences.

What happens, in order (docs/ingest.md lists every pattern):

1. Unicode NFC; newlines unified; inside a line, runs of spaces (also no-break and other
   Unicode spaces) become one space; zero-width and control characters go.
2. Whole lines that are page furniture go: rating, comment, share/print/e-mail widgets
   ("User Rating: 5.0 (1 votes)", "No Comments", "Share | Print | Email"). A rating widget
   glued to the end of a paragraph is cut off it.
3. Byline, source and category lines ("- By : Panama Now", "- Category : ...") are lifted
   into metadata instead of staying in the text.
4. The title is the one the reader found, else the first line when it looks like a title.
   A copy of the title at the start of the body (also glued to the first sentence, as in
   "...to MoscowVladimir Putin has invited") is dropped.
5. Paragraphs are separated by exactly one blank line. A block of lines is one paragraph per
   line, unless it looks hard-wrapped (then its lines are joined with spaces).

Only whole lines matching the patterns, the glued widgets and the repeated title are ever
removed; each removal is listed in ``CleanedText.removed``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u0000-\u0008\u000e-\u001f\u007f-\u009f\u200b-\u200d\u2060\ufeff]")
_LINE_BREAKS = re.compile(r"\r\n|[\r\u000b\u000c\u0085\u2028]")

_RATING = re.compile(
    r"\s*User\s+Rating\s*:\s*\d+(?:[.,]\d+)?\s*(?:/\s*\d+\s*)?\(\s*\d+\s+votes?\s*\)\s*",
    re.IGNORECASE,
)
_TRAILING_COMMENTS = re.compile(r"(?<=[.!?\"”’)])\s*(?:No|\d+)\s+Comments?\s*$", re.IGNORECASE)

_WIDGET_LINES = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"(?:no|\d+|view|show|hide)\s+comments?(?:\s+so\s+far)?\.?",
        r"comments?\s*[:(]\s*\d+\s*\)?",
        r"(?:leave|post|add|write|submit)\s+an?\s+(?:comment|reply)\.?",
        r"(?:be\s+the\s+first\s+to\s+comment|click\s+here\s+to\s+comment)\.?",
        r"(?:comments\s+are\s+closed|you\s+must\s+be\s+logged\s+in\s+to\s+post\s+a\s+comment)\.?",
        r"(?:rate\s+this(?:\s+article|\s+post)?|your\s+rating|average\s+rating)\s*:?[^a-z]{0,20}",
        r"(?:click\s+to\s+)?share\s+(?:this(?:\s+(?:article|story|post|page))?|on\s+\w+)\s*:?",
        r"(?:print|e-?mail)\s+this(?:\s+article|\s+story|\s+page|\s+post)?",
        r"print\s+friendly(?:,?\s+pdf\s*(?:&|and)\s*e-?mail)?",
        r"(?:related|recommended|popular|latest)\s+(?:articles|stories|posts|news|content)\s*:?",
        r"(?:you\s+may\s+also\s+like|read\s+more|continue\s+reading|read\s+the\s+full\s+story)"
        r"\s*[:.…]*",
        r"(?:advertisement|sponsored(?:\s+content)?|skip\s+to\s+(?:main\s+)?content|back\s+to\s+top)",
        r"(?:subscribe|sign\s+up)(?:\s+(?:now|today|to\s+our\s+newsletter))?\s*[.!]?",
        r"(?:follow\s+us|like\s+us)\s+on\s+\w+(?:\s*(?:,|and|&)\s*\w+)*",
    )
)
_WIDGET_WORDS = frozenset(
    [
        "share",
        "shares",
        "print",
        "email",
        "e-mail",
        "mail",
        "tweet",
        "comment",
        "comments",
        "like",
        "facebook",
        "twitter",
        "x",
        "linkedin",
        "whatsapp",
        "reddit",
        "pinterest",
        "telegram",
        "save",
        "bookmark",
        "pdf",
        "rss",
        "font",
        "size",
        "a+",
        "a-",
        "copy",
        "link",
    ]
)
_WIDGET_SEPARATORS = re.compile(r"[\s|•·/,]+")

_LABEL = r"^[-–—•*·]?\s*"
_BYLINE = re.compile(
    _LABEL + r"(?:by|author|written\s+by|posted\s+by|reporter)\s*:\s*(?P<value>.{1,80})$",
    re.IGNORECASE,
)
_SOURCE = re.compile(
    _LABEL + r"(?:source|publisher|published\s+by)\s*:\s*(?P<value>.{1,80})$", re.IGNORECASE
)
_CATEGORY = re.compile(
    _LABEL + r"(?:categor(?:y|ies)|filed\s+under|section|tags?|topics?)\s*:\s*(?P<value>.{1,200})$",
    re.IGNORECASE,
)
_NAME_WORD = r"(?:[A-Z][\w.'’-]*|and|de|van|von|der|la|le|da|di|del|bin|al)"
_PLAIN_BYLINE = re.compile(rf"^By\s+(?P<value>[A-Z][\w.'’-]*(?:\s+{_NAME_WORD}){{0,5}})(?<!\.)$")
_PLAIN_BYLINE_LINES = 3
# "By :" and "Source :" lines are lifted only near the start or end of the text; in the middle
# a "Source:" line usually credits a table or a figure, not the article.
_HEAD_LINES, _TAIL_LINES = 5, 2

_TERMINAL = tuple('.!?:;"”’»)…')
_TITLE_MAX_WORDS = 30
_TITLE_MAX_CHARS = 250
_GLUED_TITLE_MIN_WORDS = 3
_WRAP_MIN, _WRAP_MAX = 40, 100


@dataclass(frozen=True, slots=True)
class CleanedText:
    """The cleaned body and what cleaning found or removed."""

    text: str
    title: str = ""
    source: str | None = None
    author: str | None = None
    categories: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()


def normalise_line(line: str) -> str:
    """One line with invisible characters dropped and spaces collapsed (NFC assumed)."""
    return _SPACES.sub(" ", _INVISIBLE.sub("", line)).strip()


def normalise_text(text: str) -> str:
    """NFC, unified newlines and per-line whitespace normalisation; line structure kept."""
    text = unicodedata.normalize("NFC", text).replace("\u2029", "\n\n")
    return "\n".join(normalise_line(line) for line in _LINE_BREAKS.sub("\n", text).split("\n"))


def is_widget_line(line: str) -> bool:
    """Whether a whole line is page furniture (comments, rating, share/print widgets)."""
    if any(pattern.fullmatch(line) for pattern in _WIDGET_LINES):
        return True
    if len(line) > 80:
        return False
    words = [word for word in _WIDGET_SEPARATORS.split(line.lower()) if word]
    return bool(words) and all(word in _WIDGET_WORDS for word in words)


def looks_like_title(line: str) -> bool:
    """A short line that does not end like a sentence (a question or exclamation may)."""
    words = line.split()
    if not 1 <= len(words) <= _TITLE_MAX_WORDS or len(line) > _TITLE_MAX_CHARS:
        return False
    return not line.endswith((".", ",", ";", ":"))


def _split_categories(value: str) -> tuple[str, ...]:
    parts = (part.strip().strip("\"'“”‘’").strip() for part in value.split(","))
    return tuple(part for part in parts if part)


@dataclass(slots=True)
class _Found:
    source: str | None = None
    author: str | None = None
    byline: str | None = None
    categories: tuple[str, ...] = ()


def _strip_line(line: str, index: int, total: int, found: _Found, removed: list[str]) -> str | None:
    """The line with widgets cut off, or None when the whole line is lifted or removed."""
    if _RATING.search(line):
        removed.extend(f"widget: {widget.group().strip()}" for widget in _RATING.finditer(line))
        line = _RATING.sub(" ", line).strip()
        if not line:
            return None
    if is_widget_line(line):
        removed.append(f"widget: {line}")
        return None
    at_edge = index < _HEAD_LINES or index >= total - _TAIL_LINES
    if at_edge and (match := _BYLINE.match(line)):
        found.byline = found.byline or match["value"].strip()
        removed.append(f"byline: {line}")
        return None
    if at_edge and (match := _SOURCE.match(line)):
        found.source = found.source or match["value"].strip()
        removed.append(f"source: {line}")
        return None
    if match := _CATEGORY.match(line):
        found.categories += _split_categories(match["value"])
        removed.append(f"category: {line}")
        return None
    if index < _PLAIN_BYLINE_LINES and (match := _PLAIN_BYLINE.match(line)):
        found.author = found.author or match["value"].strip()
        removed.append(f"byline: {line}")
        return None
    return line


def _strip_trailing_comments(lines: list[str | None], removed: list[str]) -> None:
    for index in range(len(lines) - 1, -1, -1):
        line = lines[index]
        if line is None:
            continue
        if match := _TRAILING_COMMENTS.search(line):
            removed.append(f"widget: {match.group().strip()}")
            lines[index] = line[: match.start()].rstrip()
        return


def _first_content(lines: list[str | None]) -> int | None:
    return next((index for index, line in enumerate(lines) if line), None)


def _block_at(lines: list[str | None], start: int) -> list[str]:
    """The consecutive non-empty lines from ``start`` on."""
    block: list[str] = []
    for line in lines[start:]:
        if not line:
            break
        block.append(line)
    return block


def _take_title(lines: list[str | None], given: str) -> str:
    """The given title, or the first line when it looks like one (removed from ``lines``)."""
    first = _first_content(lines)
    if given or first is None:
        return given
    line = lines[first]
    has_more = any(lines[first + 1 :])
    block = _block_at(lines, first)
    if line is not None and has_more and looks_like_title(line) and not _is_hard_wrapped(block):
        lines[first] = None
        return line
    return ""


def _drop_repeated_title(lines: list[str | None], title: str, removed: list[str]) -> None:
    """Drop a copy of ``title`` that starts the body, also when glued to the first sentence."""
    first = _first_content(lines)
    if not title or first is None:
        return
    line = lines[first]
    assert line is not None
    if line.casefold() == title.casefold():
        if not any(lines[first + 1 :]):
            return  # the headline is the whole article (a news flash): keep it
        lines[first] = None
        removed.append(f"repeated title: {line}")
        return
    rest = line[len(title) :]
    glued = rest[:1].isupper() or rest[:1] in ("“", '"', "‘", "«")
    if (
        line.startswith(title)
        and glued
        and len(title.split()) >= _GLUED_TITLE_MIN_WORDS
        and title[-1:].isalnum()
    ):
        lines[first] = rest
        removed.append(f"repeated title: {title}")


def _is_hard_wrapped(block: list[str]) -> bool:
    body = block[:-1]
    if len(block) < 3 or not all(_WRAP_MIN <= len(line) <= _WRAP_MAX for line in body):
        return False
    open_ended = sum(1 for line in body if not line.endswith(_TERMINAL))
    return open_ended * 2 >= len(body)


def _paragraphs(lines: list[str | None]) -> list[str]:
    paragraphs: list[str] = []
    block: list[str] = []
    for line in [*lines, None]:
        if line:
            block.append(line)
            continue
        if block:
            paragraphs.extend([" ".join(block)] if _is_hard_wrapped(block) else block)
            block = []
    return paragraphs


def clean_text(text: str, title: str = "") -> CleanedText:
    """Clean one article's text; ``title`` is the title a reader already found, if any."""
    removed: list[str] = []
    found = _Found()
    lines: list[str | None] = []
    normalised = normalise_text(text).split("\n")
    total = sum(1 for line in normalised if line)
    content_index = 0
    for line in normalised:
        if not line:
            lines.append(None)
            continue
        lines.append(_strip_line(line, content_index, total, found, removed))
        content_index += 1
    _strip_trailing_comments(lines, removed)
    title = _take_title(lines, normalise_line(unicodedata.normalize("NFC", title)))
    _drop_repeated_title(lines, title, removed)
    author = found.author or found.byline
    return CleanedText(
        text="\n\n".join(_paragraphs(lines)),
        title=title,
        source=found.source or found.byline,
        author=author,
        categories=found.categories,
        removed=tuple(removed),
    )

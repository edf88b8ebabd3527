"""Text from a corpus or a file system, made safe to print on a terminal.

File names, titles, sources, authors, URLs and article text are untrusted: a terminal escape
in one (``ESC [2J`` clears the screen, ``ESC ]0;`` sets the window title) must not reach the
terminal, and a newline in a file name must not split a report line. Every command prints such
values through :func:`printable` (one line) or :func:`printable_text` (a body of text, newlines
kept); both also escape Rich markup. :class:`SafeConsole` is the backstop: whatever string it
is given to print, it never passes a control character other than newline and tab through.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.markup import escape
from rich.text import Text

if TYPE_CHECKING:
    from rich.table import Table

# C0 and C1 controls, DEL, and the bidirectional overrides that can reorder what a line shows.
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CONTROLS_BUT_LINES = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_controls(value: object) -> str:
    """``value`` as one line: every control character written as a visible escape."""
    return _CONTROLS.sub(_visible, str(value))


def printable(value: object, limit: int | None = None) -> str:
    """``value`` ready for ``console.print``: one line, controls escaped, markup escaped; cut
    to ``limit`` characters (then ``…``) when given."""
    text = str(value)
    if limit is not None and len(text) > limit:
        text = text[: max(0, limit - 1)] + "…"
    return escape(escape_controls(text))


def printable_text(value: object) -> str:
    """A body of text for ``console.print``: newlines and tabs kept, other controls escaped."""
    return escape(_CONTROLS_BUT_LINES.sub(_visible, str(value)))


class SafeConsole(Console):
    """A console that escapes control characters (but newline and tab) in every string it
    renders, markup and table cells included."""

    def render_str(self, text: str, **kwargs: Any) -> Text:
        return super().render_str(_CONTROLS_BUT_LINES.sub(_visible, text), **kwargs)


def new_table(*args: Any, **kwargs: Any) -> Table:
    """A Rich table (``rich.table.Table``), its module imported only by a command that prints
    one: a query command's start-up does without it."""
    from rich.table import Table

    return Table(*args, **kwargs)

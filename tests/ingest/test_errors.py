"""Reasons are short and escaped whatever the input (issue 14, item 1)."""

from __future__ import annotations

from dateline.ingest import errors
from dateline.ingest.errors import IngestError, excerpt


def test_an_excerpt_is_short_and_escapes_control_characters() -> None:
    assert excerpt(bytes(10**6)) == "\\x00" * errors.EXCERPT_CHARS + "..."
    assert excerpt("naïve café \x1b[2J\n\u202e") == "naïve café \\x1b[2J\\x0a\\u202e"
    assert excerpt(b"caf\xc3\xa9 \xff") == "café \\xff"
    assert excerpt("short") == "short"


def test_every_reason_is_bounded_however_it_was_built() -> None:
    huge = "x" * 10**6 + "\x1b]0;title\x07"
    line = errors.skipped("file.txt", errors.BAD_JSON, huge)
    assert len(line.reason) <= errors.REASON_CHARS + 3
    assert IngestError(errors.BAD_JSON, huge).reason == line.reason
    assert "\x1b" not in errors.skipped("f", errors.BAD_JSON, "a\x1b]0;b").reason


def test_every_code_has_a_description() -> None:
    codes = [
        value
        for name, value in vars(errors).items()
        if name.isupper() and isinstance(value, str) and value[:1] in "EW" and value[1:].isdigit()
    ]
    assert set(codes) == set(errors.DESCRIPTIONS)

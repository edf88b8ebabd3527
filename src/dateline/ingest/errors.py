"""Stable codes for inputs that are skipped (E...) or ingested with a warning (W...).

The codes are a public interface: the report, the CLI and docs/ingest.md use them.
"""

from __future__ import annotations

from dateline.records import SkippedInput

BINARY = "E101"
ENCODING = "E102"
EMPTY_FILE = "E103"
TOO_LARGE = "E104"
UNREADABLE = "E105"
UNSUPPORTED = "E106"
NOT_FOUND = "E107"
SPECIAL_FILE = "E108"
LINK_NOT_FOLLOWED = "E109"
BROKEN_LINK = "E110"
BAD_JSON = "E111"
NOT_AN_OBJECT = "E112"
MISSING_COLUMN = "E113"
EMPTY_TEXT = "E114"
BAD_CSV = "E115"
TOO_MANY_BAD_RECORDS = "E116"
NO_MAIN_TEXT = "E121"
BAD_FEED = "E122"
PAGE_TOO_COSTLY = "E123"
TRUNCATED_WARC = "E131"
BOMB = "E132"
NO_PAGES = "E133"
ONLY_BOILERPLATE = "E141"
INTERNAL = "E199"
IMPOSSIBLE_DATE = "W201"
REPLACED_BYTES = "W210"
RESIGNED_SIGNATURES = "W202"
DATE_OUTSIDE_WINDOW = "W203"

DESCRIPTIONS: dict[str, str] = {
    BINARY: "binary file (NUL bytes or a known binary signature)",
    ENCODING: "text whose encoding cannot be determined",
    EMPTY_FILE: "empty file",
    TOO_LARGE: "file or record larger than IngestOptions.max_bytes",
    UNREADABLE: "file cannot be opened or read",
    UNSUPPORTED: "unsupported file type",
    NOT_FOUND: "path does not exist",
    SPECIAL_FILE: "not a regular file (a FIFO, socket or device): never opened",
    LINK_NOT_FOLLOWED: "symbolic link out of the given folder, not followed (--follow-links)",
    BROKEN_LINK: "dangling symbolic link or symbolic link loop",
    BAD_JSON: "malformed JSON line",
    NOT_AN_OBJECT: "JSON line that is not an object",
    MISSING_COLUMN: "CSV file without the required text column",
    EMPTY_TEXT: "record or item with empty text",
    BAD_CSV: "malformed CSV",
    TOO_MANY_BAD_RECORDS: "too many bad records in one file: the rest of the file is skipped",
    NO_MAIN_TEXT: "HTML page without extractable main text",
    BAD_FEED: "malformed RSS/Atom feed",
    PAGE_TOO_COSTLY: "HTML page too large to extract its main text within the work bound",
    TRUNCATED_WARC: "truncated or corrupt WARC file (records before the break are kept)",
    BOMB: "compressed data that expands past its bound (a decompression bomb)",
    NO_PAGES: "WARC file without any HTML page (2xx response or resource record)",
    ONLY_BOILERPLATE: "nothing left after removing boilerplate",
    INTERNAL: "unexpected error while reading (a bug: please report it)",
    IMPOSSIBLE_DATE: "impossible publication date or date range (dropped, article kept)",
    REPLACED_BYTES: "UTF-8 text with invalid bytes, replaced by U+FFFD (article kept)",
    RESIGNED_SIGNATURES: "stored near-duplicate signatures re-computed with this run's settings",
    DATE_OUTSIDE_WINDOW: "date outside the given window or after the capture (dropped)",
}


#: the most characters of input a reason quotes
EXCERPT_CHARS = 80
#: the most characters of a whole reason (a safety net: quotes are excerpts already)
REASON_CHARS = 500


def _escaped(char: str) -> str:
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def excerpt(value: object, limit: int = EXCERPT_CHARS) -> str:
    """A short, escaped quote of input for a reason: at most ``limit`` characters of ``value``
    (bytes or text), control and other unprintable characters escaped, ``...`` when it was cut.

    Every reason that quotes input goes through here, so no input can make a reason long or
    put a terminal escape in it.
    """
    if isinstance(value, (bytes, bytearray, memoryview)):
        head = bytes(value[: limit + 1]).decode("utf-8", "backslashreplace")
    else:
        head = str(value)[: limit + 1]
    shown = "".join(char if char.isprintable() else _escaped(char) for char in head[:limit])
    return shown + ("..." if len(head) > limit else "")


def describe(exc: BaseException) -> str:
    """An exception as a short reason: its type and an excerpt of its message."""
    return f"{type(exc).__name__}: {excerpt(str(exc), 200)}"


class IngestError(Exception):
    """A document that cannot become an article; carries its stable code."""

    def __init__(self, code: str, reason: str) -> None:
        reason = excerpt(reason, REASON_CHARS)
        super().__init__(reason)
        self.code = code
        self.reason = reason

    def at(self, location: str) -> SkippedInput:
        return SkippedInput(location=location, reason=self.reason, code=self.code)


def skipped(location: str, code: str, reason: str) -> SkippedInput:
    """The report line of an input skipped (or warned about) with ``code``; the reason is
    bounded and escaped however it was built."""
    return SkippedInput(location=location, reason=excerpt(reason, REASON_CHARS), code=code)

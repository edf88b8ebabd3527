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
BAD_JSON = "E111"
NOT_AN_OBJECT = "E112"
MISSING_COLUMN = "E113"
EMPTY_TEXT = "E114"
BAD_CSV = "E115"
NO_MAIN_TEXT = "E121"
BAD_FEED = "E122"
TRUNCATED_WARC = "E131"
ONLY_BOILERPLATE = "E141"
INTERNAL = "E199"
IMPOSSIBLE_DATE = "W201"
#: W202 (stored signatures re-computed) is defined in dateline.ingest.run
DATE_OUTSIDE_WINDOW = "W203"

DESCRIPTIONS: dict[str, str] = {
    BINARY: "binary file (NUL bytes or a known binary signature)",
    ENCODING: "text whose encoding cannot be determined",
    EMPTY_FILE: "empty file",
    TOO_LARGE: "file or record larger than IngestOptions.max_bytes",
    UNREADABLE: "file cannot be opened or read",
    UNSUPPORTED: "unsupported file type",
    NOT_FOUND: "path does not exist",
    BAD_JSON: "malformed JSON line",
    NOT_AN_OBJECT: "JSON line that is not an object",
    MISSING_COLUMN: "CSV file without the required text column",
    EMPTY_TEXT: "record or item with empty text",
    BAD_CSV: "malformed CSV",
    NO_MAIN_TEXT: "HTML page without extractable main text",
    BAD_FEED: "malformed RSS/Atom feed",
    TRUNCATED_WARC: "truncated or corrupt WARC file (records before the break are kept)",
    ONLY_BOILERPLATE: "nothing left after removing boilerplate",
    INTERNAL: "unexpected error while reading (a bug: please report it)",
    IMPOSSIBLE_DATE: "impossible publication date or date range (dropped, article kept)",
    "W202": "stored near-duplicate signatures re-computed with this run's settings",
    DATE_OUTSIDE_WINDOW: "date outside the given window or after the capture (dropped)",
}


class IngestError(Exception):
    """A document that cannot become an article; carries its stable code."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason

    def at(self, location: str) -> SkippedInput:
        return SkippedInput(location=location, reason=self.reason, code=self.code)


def skipped(location: str, code: str, reason: str) -> SkippedInput:
    return SkippedInput(location=location, reason=reason, code=code)

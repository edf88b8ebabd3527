"""An article's date from every real source ingest has, before any inference from its text.

In order: the user's ``--date`` (basis ``user``), the input's metadata (``metadata``: page meta
tags, a feed item's date, a record's date field), a date in its URL (``url``), a date in its
file or folder names (``path``, single-document files only: a dump's file name says when it
was made, not when each record was written; a year alone in a file name, ``summit-2019.txt``,
gives that year). A date coarser than a day is refined by the annotate stage when the text
pins a day inside it. Every window bounds the date: the user's
``--date-range``, a record's ``date_range`` field and an archive's capture date (a page is
published before it is captured). A date outside a window is dropped with a warning (W203)
and the article is left undated inside the window for the annotate stage to date.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from dateline.ingest import errors
from dateline.ingest.dates import (
    EARLIEST_YEAR,
    date_in_path,
    date_in_url,
    intersect,
    year_in_file_name,
)
from dateline.ingest.options import IngestOptions
from dateline.ingest.raw import RawDocument
from dateline.records import PublishedBasis, SkippedInput
from dateline.timevalues import calendar_span

#: input formats whose file holds one article, so that its name can date it
_SINGLE_DOCUMENT_FORMATS = frozenset({"text", "markdown", "html"})
#: the first day of a window open at the start (one bounded only by a capture date)
OPEN_START = f"{EARLIEST_YEAR}-01-01"
#: dates in page metadata are often local times a day ahead of a UTC capture date
_CAPTURE_SLACK = dt.timedelta(days=1)


def _period(value: str) -> tuple[str, str]:
    """First and last day of an ISO date, month (``2019-04``) or year (``2019``)."""
    span = calendar_span(value)
    if span is None:  # evidence is checked before it gets here: keep its day as written
        return value[:10], value[:10]
    return span[0].isoformat(), span[1].isoformat()


def _window(raw: RawDocument, options: IngestOptions) -> tuple[tuple[str, str] | None, str]:
    """The window the user, the record and the capture allow, and what it came from."""
    window = options.date_range
    said = "the --date-range" if window else ""
    if raw.date_range is not None:
        try:
            window = intersect(window, raw.date_range)
        except ValueError:
            window = options.date_range  # the user's window over the record's
        said = "the date range"
    if raw.captured:
        captured = (dt.date.fromisoformat(raw.captured[:10]) + _CAPTURE_SLACK).isoformat()
        try:
            window = intersect(window, (OPEN_START, captured))
            said = f"{said} and the capture date" if said else "the capture date"
        except ValueError:
            pass  # a window wholly after the capture: the user's word stands
    return window, said


def _evidence(raw: RawDocument, options: IngestOptions) -> tuple[str | None, PublishedBasis]:
    if options.date:
        return options.date, "user"
    if raw.published:
        return raw.published, "metadata"
    if found := date_in_url(raw.url):
        return found, "url"
    if raw.input_format in _SINGLE_DOCUMENT_FORMATS and (
        found := date_in_path(raw.path) or year_in_file_name(raw.path)
    ):
        return found, "path"
    return None, "undated"


def date_raw_document(raw: RawDocument, options: IngestOptions) -> RawDocument:
    """``raw`` with ``published``, its basis and its range set from the sources above."""
    window, said = _window(raw, options)
    published, basis = _evidence(raw, options)
    warnings: tuple[SkippedInput, ...] = ()
    if published is not None and window is not None:
        first, last = _period(published)
        if last < window[0] or first > window[1]:
            reason = (
                f"{basis} date {published} is outside {said} {window[0]}..{window[1]}: "
                "dropped, the article is dated inside the window"
            )
            warnings = (errors.skipped(raw.location, errors.DATE_OUTSIDE_WINDOW, reason),)
            published = None
    if published is None:
        return dataclasses.replace(
            raw,
            published=None,
            published_basis=None,
            published_range=window,
            warnings=raw.warnings + warnings,
        )
    first, last = _period(published)
    if window is not None:
        first, last = max(first, window[0]), min(last, window[1])
    return dataclasses.replace(
        raw,
        published=published,
        published_basis=basis,
        published_range=(first, last),
        warnings=raw.warnings + warnings,
    )

"""The record a reader produces: one document's payload and metadata, before cleaning."""

from __future__ import annotations

from dataclasses import dataclass

from dateline.records import PublishedBasis, SkippedInput


@dataclass(frozen=True, slots=True)
class RawDocument:
    """One document as read from its input, not yet cleaned.

    ``text`` is plain text; readers of HTML, feeds and WARC extract it themselves. ``html`` is
    for callers that hand over a page whose main text is still to be extracted (used when
    ``text`` is empty). ``published`` is an ISO 8601 date or datetime taken from metadata only.
    ``location`` says where the document came from, e.g. ``"dump.jsonl:17"``. ``date_range``
    is a window the input gives for the date (a record's ``date_range`` field), ``captured``
    when an archive fetched the page (WARC-Date): the page was published before it.
    ``published_basis`` and ``published_range`` are set by :mod:`dateline.ingest.dating`.
    """

    location: str
    input_format: str
    text: str = ""
    html: str | None = None
    title: str = ""
    url: str | None = None
    path: str | None = None
    source: str | None = None
    author: str | None = None
    categories: tuple[str, ...] = ()
    published: str | None = None
    language: str | None = None
    record_id: str | None = None
    warnings: tuple[SkippedInput, ...] = ()
    date_range: tuple[str, str] | None = None
    captured: str | None = None
    published_basis: PublishedBasis | None = None
    published_range: tuple[str, str] | None = None

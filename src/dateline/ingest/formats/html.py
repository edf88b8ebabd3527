"""HTML pages: main text and metadata through trafilatura."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

from dateline.ingest import errors
from dateline.ingest.dates import parse_published
from dateline.ingest.errors import IngestError
from dateline.ingest.formats.common import decoding_warnings, read_text
from dateline.ingest.markup import extract_page
from dateline.ingest.options import IngestOptions
from dateline.ingest.raw import RawDocument
from dateline.records import SkippedInput


def page_document(
    html: str, location: str, input_format: str, url: str | None = None, path: str | None = None
) -> RawDocument | SkippedInput:
    """One RawDocument from a page's HTML; E121 when it has no main text, E123 when its markup
    is over the extraction bound."""
    try:
        page = extract_page(html, url)
    except IngestError as error:
        return error.at(location)
    if page is None:
        return errors.skipped(location, errors.NO_MAIN_TEXT, "HTML page without main text")
    # the date the page declares, checked as written: the extractor's reading of it would
    # turn an impossible 2019-02-30 into 2019-02-01 and drop a year 0001 without a word
    published, warning = parse_published(page.declared_date or page.date, location)
    if published and page.declared_date:
        published = published[:10]  # the day, as the extractor gives it
    return RawDocument(
        location=location,
        input_format=input_format,
        text=page.text,
        title=page.title,
        url=page.url,
        path=path,
        source=page.sitename,
        author=page.author,
        categories=page.categories,
        published=published,
        language=page.language,
        warnings=(warning,) if warning else (),
    )


def read_html_file(path: Path, options: IngestOptions) -> Iterator[RawDocument | SkippedInput]:
    location = str(path)
    try:
        decoded = read_text(path, options)
    except IngestError as error:
        yield error.at(location)
        return
    document = page_document(decoded.text, location, "html", path=str(path))
    warnings = decoding_warnings(decoded, location)
    if isinstance(document, RawDocument) and warnings:
        document = dataclasses.replace(document, warnings=warnings + document.warnings)
    yield document

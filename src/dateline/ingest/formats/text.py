"""Plain text and Markdown files: one article per file."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from dateline.ingest.errors import IngestError
from dateline.ingest.formats.common import decoding_warnings, read_text
from dateline.ingest.options import IngestOptions
from dateline.ingest.raw import RawDocument
from dateline.records import SkippedInput

_ATX_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$", re.MULTILINE)
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)


def markdown_to_text(markdown: str) -> str:
    """Plain text of a Markdown article: headings lose their ``#`` marks, front matter goes."""
    text = _FRONT_MATTER.sub("", markdown.replace("\r\n", "\n"), count=1)
    return _ATX_HEADING.sub(r"\1", text)


def read_text_file(
    path: Path, options: IngestOptions, markdown: bool = False
) -> Iterator[RawDocument | SkippedInput]:
    location = str(path)
    try:
        decoded = read_text(path, options)
    except IngestError as error:
        yield error.at(location)
        return
    text = decoded.text
    yield RawDocument(
        location=location,
        input_format="markdown" if markdown else "text",
        text=markdown_to_text(text) if markdown else text,
        path=str(path),
        warnings=decoding_warnings(decoded, location),
    )

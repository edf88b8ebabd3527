"""RSS and Atom feed files: one article per item, its HTML content stripped to text."""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import feedparser

from dateline.ingest import errors
from dateline.ingest.dates import parse_published
from dateline.ingest.errors import IngestError
from dateline.ingest.formats.common import clean_field, read_bytes
from dateline.ingest.markup import fragment_to_text
from dateline.ingest.options import IngestOptions
from dateline.ingest.raw import RawDocument
from dateline.records import SkippedInput

#: feedparser holds a whole feed and all its items in memory (about 2 KB an item), so a feed
#: file is bounded below ``max_bytes``
MAX_FEED_BYTES = 16 * 1024 * 1024
_EMAIL_AND_NAME = re.compile(r"^\S+@\S+\s*\((?P<name>[^)]*)\)$")
_ISO_SHAPED = re.compile(r"^\s*[+-]?\d{4,}-")


def looks_like_feed(head: bytes) -> bool:
    """Whether the start of an XML file is an RSS, RDF or Atom document."""
    lowered = head[:4096].lower()
    return any(marker in lowered for marker in (b"<rss", b"<feed", b"<rdf:rdf"))


def _entry_text(entry: Mapping[str, Any]) -> str:
    contents = [str(item.get("value") or "") for item in entry.get("content") or []]
    html = max(contents, key=len) if any(contents) else str(entry.get("summary") or "")
    return fragment_to_text(html)


def _entry_published(entry: Mapping[str, Any], location: str) -> tuple[str | None, Any]:
    # Asking feedparser for a missing "updated_parsed" triggers a deprecation warning.
    key = "published" if "published" in entry else "updated" if "updated" in entry else None
    if key is None:
        return None, None
    published, warning = parse_published(entry.get(key), location)
    parsed = entry.get(f"{key}_parsed")
    written = str(entry.get(key) or "")
    if (
        published is None
        and warning is not None
        and isinstance(parsed, time.struct_time)
        and not _ISO_SHAPED.match(written)  # an impossible ISO date: feedparser would move it
    ):
        # A date feedparser understood in a form we do not parse ourselves.
        moment = dt.datetime(*parsed[:6], tzinfo=dt.UTC)
        checked, _ = parse_published(moment.isoformat(timespec="seconds"), location)
        if checked is not None:
            return checked, None
    return published, warning


def _entry_author(entry: Mapping[str, Any]) -> str | None:
    author = clean_field(entry.get("author"))
    # RSS puts "e-mail (Name)" in <author>; the name is what we want.
    if author and (match := _EMAIL_AND_NAME.match(author)):
        return match["name"].strip() or None
    detail = entry.get("author_detail") or {}
    return clean_field(detail.get("name")) or author


def read_feed_file(path: Path, options: IngestOptions) -> Iterator[RawDocument | SkippedInput]:
    try:
        data = read_bytes(path, options, MAX_FEED_BYTES, "feeds are at most 16 MiB")
    except IngestError as error:
        yield error.at(str(path))
        return
    parsed = feedparser.parse(data)
    version = str(parsed.get("version") or "")
    entries = parsed.get("entries") or []
    if not version and not entries:
        problem = parsed.get("bozo_exception")
        reason = f"not a readable RSS/Atom feed ({problem})" if problem else "not an RSS/Atom feed"
        yield errors.skipped(str(path), errors.BAD_FEED, reason)
        return
    input_format = "atom" if version.startswith("atom") else "rss"
    source = clean_field(parsed.get("feed", {}).get("title"))
    for number, entry in enumerate(entries, start=1):
        location = f"{path}:{number}"
        text = _entry_text(entry)
        if not text.strip():
            yield errors.skipped(location, errors.EMPTY_TEXT, "feed item without content")
            continue
        published, warning = _entry_published(entry, location)
        tags = entry.get("tags") or []
        categories = tuple(term for tag in tags if (term := clean_field(tag.get("term"))))
        yield RawDocument(
            location=location,
            input_format=input_format,
            text=text,
            title=fragment_to_text(str(entry.get("title") or "")).strip(),
            url=clean_field(entry.get("link")),
            path=str(path),
            source=source,
            author=_entry_author(entry),
            categories=categories,
            published=published,
            warnings=(warning,) if warning else (),
        )

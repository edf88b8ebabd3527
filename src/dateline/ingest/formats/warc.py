"""WARC files (.warc, .warc.gz): HTML response and resource records become articles.

The record's WARC-Target-URI is kept as the article url. Records that are not HTML, or
responses without a 2xx status, are passed over without a report: they are not articles. A
truncated or corrupt file keeps the records before the break and reports E131 for the record
where it breaks (a record holding fewer bytes than its Content-Length is cut off).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator

from dateline.ingest import errors
from dateline.ingest.decode import decode_text
from dateline.ingest.errors import IngestError
from dateline.ingest.formats.html import page_document
from dateline.ingest.options import IngestOptions
from dateline.ingest.raw import RawDocument
from dateline.records import SkippedInput

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def _content_type(record: Any) -> str:
    if record.rec_type == "response":
        if record.http_headers is None:
            return ""
        status = str(record.http_headers.get_statuscode() or "")
        if not status.startswith("2"):
            return ""
        return str(record.http_headers.get_header("Content-Type") or "").lower()
    return str(record.rec_headers.get_header("Content-Type") or "").lower()


def _declared_charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.strip() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def _decode_payload(payload: bytes, content_type: str) -> str:
    charset = _declared_charset(content_type)
    if charset:
        try:
            return payload.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_text(payload)[0]


def _record_document(
    record: Any, location: str, path: Path, options: IngestOptions
) -> RawDocument | SkippedInput | None:
    if record.rec_type not in ("response", "resource"):
        return None
    content_type = _content_type(record)
    if not content_type.startswith(_HTML_TYPES):
        return None
    payload = record.content_stream().read(options.max_bytes + 1)
    if len(payload) > options.max_bytes:
        reason = f"record payload over max_bytes {options.max_bytes:,}"
        return errors.skipped(location, errors.TOO_LARGE, reason)
    if not payload.strip():
        return errors.skipped(location, errors.EMPTY_TEXT, "HTML record with an empty payload")
    try:
        html = _decode_payload(payload, content_type)
    except IngestError as error:
        return error.at(location)
    target = record.rec_headers.get_header("WARC-Target-URI")
    try:
        document = page_document(html, location, "warc", url=target, path=str(path))
    except Exception as exc:  # an extractor bug on one page must not end the archive
        return errors.skipped(location, errors.INTERNAL, f"{type(exc).__name__}: {exc}")
    if isinstance(document, RawDocument):
        captured = _capture_day(record)
        if target:
            document = dataclasses.replace(document, url=str(target))
        if captured:
            document = dataclasses.replace(document, captured=captured)
    return document


def _capture_day(record: Any) -> str | None:
    """The day of the record's WARC-Date: the page was published before it."""
    value = str(record.rec_headers.get_header("WARC-Date") or "")
    try:
        return dt.date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        return None


def file_cut_off(path: Path) -> bool:
    """Whether a WARC file ends in the middle of a record (every record ends with CRLF CRLF)."""
    with path.open("rb") as stream:
        if stream.read(2) == b"\x1f\x8b":
            return gzip_cut_off(path)
        stream.seek(-4, 2)
        return stream.read(4) != b"\r\n\r\n"


def _missing_bytes(record: Any) -> int:
    """How many bytes of the record's declared Content-Length the file does not hold."""
    stream = record.raw_stream
    while stream.read(65536):
        pass
    return int(getattr(stream, "limit", 0) or 0)


def gzip_cut_off(path: Path) -> bool:
    """Whether the last gzip member of a file ends before its end-of-stream marker.

    warcio ends quietly when the last member of a .warc.gz is cut off before a full record
    header; this check tells such a file apart from a complete one.
    """
    decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
    pending = False
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 16):
            data = chunk
            while data:
                pending = True
                decompressor.decompress(data, 1 << 20)
                while decompressor.unconsumed_tail and not decompressor.eof:
                    decompressor.decompress(decompressor.unconsumed_tail, 1 << 20)
                if not decompressor.eof:
                    break
                data = decompressor.unused_data
                decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
                pending = False
    return pending


def read_warc_file(path: Path, options: IngestOptions) -> Iterator[RawDocument | SkippedInput]:
    try:
        stream = path.open("rb")
        empty = path.stat().st_size == 0
    except OSError as exc:
        yield errors.skipped(str(path), errors.UNREADABLE, f"cannot read file: {exc}")
        return
    with stream:
        if empty:
            yield errors.skipped(str(path), errors.EMPTY_FILE, "empty file")
            return
        number = 0
        try:
            for number, record in enumerate(ArchiveIterator(stream), start=1):
                location = f"{path}:{number}"
                if record.rec_type is None:
                    reason = f"truncated WARC: record {number} has no header"
                    yield errors.skipped(location, errors.TRUNCATED_WARC, reason)
                    return
                document = _record_document(record, location, path, options)
                missing = _missing_bytes(record)
                if missing:
                    reason = f"truncated WARC: record {number} lacks {missing:,} bytes"
                    yield errors.skipped(location, errors.TRUNCATED_WARC, reason)
                    return
                if document is not None:
                    yield document
            if file_cut_off(path):
                reason = f"truncated WARC: the file ends inside record {number + 1}"
                yield errors.skipped(f"{path}:{number + 1}", errors.TRUNCATED_WARC, reason)
        except Exception as exc:  # warcio reports a broken archive with many exception types
            reason = (
                f"truncated or corrupt WARC at record {number + 1}: {type(exc).__name__}: {exc}"
            )
            yield errors.skipped(f"{path}:{number + 1}", errors.TRUNCATED_WARC, reason)

"""WARC files (.warc, .warc.gz): HTML response and resource records become articles.

The record's WARC-Target-URI is kept as the article url. Records that are not HTML, or
responses without a 2xx status, are passed over without a report: they are not articles (a
file with no HTML page at all gets one line, E133). A
truncated or corrupt file keeps the records before the break and reports E131 for the record
where it breaks (a record holding fewer bytes than its Content-Length is cut off).

Everything is read with bounds (``BoundedReader``): a header line is at most 64 KiB, a record
has at most 256 header lines, an HTML payload at most ``max_bytes`` (after undoing chunked
and gzip/deflate transfer coding), and a gzip-compressed file expands to at most
``max(max_bytes, max_expansion * its size)`` bytes (else E132). Payloads that are not wanted
are skipped without being kept.
"""

from __future__ import annotations

import datetime as dt
import os
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from dateline.ingest import errors
from dateline.ingest.bounded import GZIP_MAGIC, BoundedReader, LineTooLong
from dateline.ingest.decode import Decoded, decode_bytes
from dateline.ingest.errors import IngestError
from dateline.ingest.formats.common import decoding_warnings, open_regular
from dateline.ingest.formats.html import page_document
from dateline.ingest.options import IngestOptions
from dateline.ingest.raw import RawDocument
from dateline.records import SkippedInput

_HTML_TYPES = ("text/html", "application/xhtml+xml")
MAX_LINE = 64 * 1024
MAX_HEADERS = 256
#: blank lines allowed between two records (writers put two)
_MAX_BLANK_LINES = 16


class _Broken(Exception):
    """The file breaks here: the records before are kept, the rest is not read."""


@dataclass(slots=True)
class _Block:
    """A record's block: at most ``remaining`` more bytes of the reader."""

    reader: BoundedReader
    remaining: int

    def readline(self) -> bytes:
        if self.remaining <= 0:
            return b""
        line = self.reader.readline(min(MAX_LINE, self.remaining))
        self.remaining -= len(line)
        return line

    def read(self, size: int) -> bytes:
        data = self.reader.read(min(size, self.remaining))
        self.remaining -= len(data)
        return data

    def skip_rest(self) -> int:
        """Skip what is left of the block; how many bytes of it the file lacks."""
        missing = self.remaining - self.reader.skip(self.remaining)
        self.remaining = 0
        return missing


def _headers(read_line: Callable[[], bytes], what: str) -> dict[str, str]:
    """Header lines up to a blank line, names lowercased; _Broken when they do not end."""
    headers: dict[str, str] = {}
    for _ in range(MAX_HEADERS):
        line = read_line()
        if not line:
            raise _Broken(f"the file ends inside {what}")
        if not line.strip():
            return headers
        name, colon, value = line.decode("utf-8", "replace").partition(":")
        if colon:
            headers[name.strip().lower()] = value.strip()
    raise _Broken(f"{what} has more than {MAX_HEADERS} lines")


def _declared_charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.strip() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def _decode_payload(payload: bytes, content_type: str) -> Decoded:
    charset = _declared_charset(content_type)
    if charset:
        try:
            return Decoded(payload.decode(charset), charset)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_bytes(payload)


def _dechunk(body: bytes) -> bytes:
    """The body of a chunked HTTP message (RFC 9112 7.1); IngestError when it is malformed."""
    out = bytearray()
    position = 0
    while True:
        end = body.find(b"\n", position)
        if end < 0 or end - position > 1024:
            raise IngestError(errors.TRUNCATED_WARC, "malformed chunked HTTP payload")
        size_text = body[position:end].split(b";", 1)[0].strip()
        try:
            size = int(size_text, 16)
        except ValueError as exc:
            reason = f"malformed chunk size {errors.excerpt(size_text)} in an HTTP payload"
            raise IngestError(errors.TRUNCATED_WARC, reason) from exc
        if size == 0:
            return bytes(out)
        out += body[end + 1 : end + 1 + size]
        position = end + 1 + size
        if position > len(body):
            return bytes(out)  # the last chunk is cut off: keep what is there
        position = body.find(b"\n", position) + 1 or len(body)


def _undo_content_coding(body: bytes, coding: str, limit: int) -> bytes:
    """``body`` without gzip/deflate content coding, at most ``limit`` bytes (else E132)."""
    if coding in ("", "identity"):
        return body
    if coding not in ("gzip", "x-gzip", "deflate"):
        raise IngestError(errors.UNSUPPORTED, f"unsupported HTTP content coding {coding!r}")
    wbits = 16 + zlib.MAX_WBITS if "gzip" in coding else zlib.MAX_WBITS
    decompressor = zlib.decompressobj(wbits)
    try:
        out = decompressor.decompress(body, limit + 1)
    except zlib.error as exc:
        reason = f"corrupt {coding} HTTP payload: {errors.describe(exc)}"
        raise IngestError(errors.TRUNCATED_WARC, reason) from exc
    if len(out) > limit:
        reason = f"{coding} HTTP payload expands past max_bytes {limit:,} (a decompression bomb?)"
        raise IngestError(errors.BOMB, reason)
    return out


def _html_payload(
    block: _Block, warc: dict[str, str], options: IngestOptions
) -> tuple[bytes, str] | None:
    """The HTML payload of a record and its content type; None when it is not an HTML page."""
    kind = warc.get("warc-type", "").lower()
    if kind == "resource":
        content_type = warc.get("content-type", "").lower()
        http: dict[str, str] = {}
    elif kind == "response" and warc.get("content-type", "").lower().startswith("application/http"):
        status = block.readline().split()
        if len(status) < 2 or not status[1].startswith(b"2"):
            return None
        http = _headers(block.readline, "the HTTP headers")
        content_type = http.get("content-type", "").lower()
    else:
        return None
    if not content_type.startswith(_HTML_TYPES):
        return None
    body = block.read(options.max_bytes + 1)
    if len(body) > options.max_bytes:
        reason = f"record payload over max_bytes {options.max_bytes:,}"
        raise IngestError(errors.TOO_LARGE, reason)
    if "chunked" in http.get("transfer-encoding", "").lower():
        body = _dechunk(body)
    coding = http.get("content-encoding", "").strip().lower()
    return _undo_content_coding(body, coding, options.max_bytes), content_type


def _record_document(
    block: _Block, warc: dict[str, str], location: str, path: Path, options: IngestOptions
) -> RawDocument | SkippedInput | None:
    """The document of one record, the block read whole or skipped; _Broken when cut off."""
    number = location.rsplit(":", 1)[-1]
    try:
        found: tuple[bytes, str] | SkippedInput | None = _html_payload(block, warc, options)
    except IngestError as error:
        found = error.at(location)
    except (LineTooLong, _Broken) as error:  # the block's length still says where it ends
        reason = f"record {number} has a malformed HTTP header ({_problem(error)})"
        found = errors.skipped(location, errors.TRUNCATED_WARC, reason)
    missing = block.skip_rest()
    if missing:
        raise _Broken(f"record {number} lacks {missing:,} bytes")
    if found is None or isinstance(found, SkippedInput):
        return found
    payload, content_type = found
    if not payload.strip():
        return errors.skipped(location, errors.EMPTY_TEXT, "HTML record with an empty payload")
    try:
        decoded = _decode_payload(payload, content_type)
    except IngestError as error:
        return error.at(location)
    target = warc.get("warc-target-uri") or None
    try:
        document = page_document(decoded.text, location, "warc", url=target, path=str(path))
    except Exception as exc:  # an extractor bug on one page must not end the archive
        return errors.skipped(location, errors.INTERNAL, errors.describe(exc))
    if isinstance(document, RawDocument):
        warnings = decoding_warnings(decoded, location) + document.warnings
        document = replace(
            document,
            url=target or document.url,
            warnings=warnings,
            captured=_capture_day(warc) or document.captured,
        )
    return document


def _capture_day(warc: dict[str, str]) -> str | None:
    """The day of the record's WARC-Date: the page was published before it."""
    try:
        return dt.date.fromisoformat(warc.get("warc-date", "")[:10]).isoformat()
    except ValueError:
        return None


def _next_header(reader: BoundedReader, number: int, line: bytes) -> dict[str, str] | None:
    """The WARC headers of the next record, whose first line may be ``line`` already read;
    None at the end of the file."""
    for _ in range(_MAX_BLANK_LINES + 1):
        if line.strip():
            break
        line = reader.readline(MAX_LINE)
        if not line:
            return None
    else:
        raise _Broken(f"more than {_MAX_BLANK_LINES} blank lines before record {number}")
    if not line.startswith(b"WARC/"):
        raise _Broken(f"record {number} does not start with a WARC version line")
    return _headers(lambda: reader.readline(MAX_LINE), f"the header of record {number}")


def _records(
    reader: BoundedReader, path: Path, options: IngestOptions
) -> Iterator[RawDocument | SkippedInput]:
    number = 0
    reported = False
    line = b""  # a line read past the end of a record: the next record's first
    while True:
        number += 1
        location = f"{path}:{number}"
        try:
            warc = _next_header(reader, number, line)
            if warc is None:
                break
            try:
                length = int(warc.get("content-length", ""))
            except ValueError:
                raise _Broken(f"record {number} has no valid Content-Length") from None
            block = _Block(reader, max(length, 0))
            document = _record_document(block, warc, location, path, options)
            line = reader.readline(MAX_LINE)
            if not line:  # a record ends with two blank lines
                raise _Broken(f"the file ends inside record {number}")
        except (LineTooLong, _Broken) as error:
            reason = f"truncated or corrupt WARC: {_problem(error)}"
            yield errors.skipped(location, errors.TRUNCATED_WARC, reason)
            return
        if document is not None:
            reported = True
            yield document
    if reader.cut_off:
        reason = f"truncated WARC: the file ends inside record {number}"
        yield errors.skipped(f"{path}:{number}", errors.TRUNCATED_WARC, reason)
    elif not reported:  # say so rather than pass a whole file over in silence
        reason = f"no HTML page among its {number - 1:,} records (2xx responses and resources)"
        yield errors.skipped(str(path), errors.NO_PAGES, reason)


def _problem(error: LineTooLong | _Broken) -> str:
    if isinstance(error, LineTooLong):
        start = error.args[0] if error.args else b""
        return f"a line over {MAX_LINE:,} bytes starting {errors.excerpt(start, 40)}"
    return str(error)


def read_warc_file(path: Path, options: IngestOptions) -> Iterator[RawDocument | SkippedInput]:
    try:
        stream = open_regular(path)
    except IngestError as error:
        yield error.at(str(path))
        return
    with stream:
        size = os.fstat(stream.fileno()).st_size
        if size == 0:
            yield errors.skipped(str(path), errors.EMPTY_FILE, "empty file")
            return
        gzip = stream.read(2) == GZIP_MAGIC
        stream.seek(0)
        limit = max(options.max_bytes, size * options.max_expansion) if gzip else None
        reader = BoundedReader(stream, gzip=gzip, limit=limit)
        try:
            yield from _records(reader, path, options)
        except IngestError as error:  # corrupt gzip data or a decompression bomb
            yield error.at(str(path))

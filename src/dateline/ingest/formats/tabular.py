"""JSON Lines and CSV dumps: one article per record, field names set by ``IngestOptions.fields``.

Both are streamed record by record; a bad record is skipped (with its ``file:line``) and the
others are read. A line is read with a bound: one longer than ``max_bytes`` is refused (E104)
as soon as the bound is passed and skipped without being kept, and a JSON line with a NUL byte
is refused alone (E101), while a file that is mostly NUL bytes or starts with a binary
signature is refused whole.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import BinaryIO, TextIO

from dateline.ingest import errors
from dateline.ingest.dates import parse_published, parse_record_range
from dateline.ingest.decode import NUL_BYTES, SNIFF_BYTES, binary_kind, bom_encoding, decode_text
from dateline.ingest.errors import IngestError
from dateline.ingest.formats.common import clean_field, open_regular
from dateline.ingest.options import FieldNames, IngestOptions
from dateline.ingest.raw import RawDocument
from dateline.records import SkippedInput

_CSV_DELIMITERS = ",;\t|"
#: a head with more NUL bytes than this share is binary; fewer are stray bytes in some lines
_NUL_SHARE = 0.01
_SKIP_CHUNK = 1 << 20


def record_document(
    record: Mapping[str, object],
    location: str,
    input_format: str,
    fields: FieldNames,
    path: str,
) -> RawDocument | SkippedInput:
    """One RawDocument from a JSON object or CSV row, or E114 when it has no text."""
    text = record.get(fields.text)
    if isinstance(text, (dict, list)):
        return errors.skipped(location, errors.EMPTY_TEXT, f"field {fields.text!r} is not text")
    if text is None or not str(text).strip():
        return errors.skipped(location, errors.EMPTY_TEXT, f"record without {fields.text!r}")
    published, warning = parse_published(clean_field(record.get(fields.published)), location)
    warnings: tuple[SkippedInput, ...] = (warning,) if warning else ()
    date_range, range_warning = parse_record_range(record.get(fields.date_range), location)
    warnings += (range_warning,) if range_warning else ()
    return RawDocument(
        location=location,
        input_format=input_format,
        text=str(text),
        title=clean_field(record.get(fields.title)) or "",
        url=clean_field(record.get(fields.url)),
        path=path,
        source=clean_field(record.get(fields.source)),
        author=clean_field(record.get(fields.author)),
        published=published,
        language=clean_field(record.get(fields.language)),
        record_id=clean_field(record.get(fields.id)),
        warnings=warnings,
        date_range=date_range,
    )


def _sniff_head(handle: BinaryIO) -> bytes:
    """The first bytes of a dump, the handle rewound; E101 when it is binary, E103 empty."""
    try:
        head = handle.read(SNIFF_BYTES * 8)
        handle.seek(0)
    except OSError as exc:
        raise IngestError(errors.UNREADABLE, f"cannot read file: {exc.strerror or exc}") from exc
    if not head.strip():
        raise IngestError(errors.EMPTY_FILE, "empty file")
    kind = binary_kind(head)
    sniffed = head[:SNIFF_BYTES]
    if kind is not None and (kind != NUL_BYTES or _mostly_nul(sniffed)):
        raise IngestError(errors.BINARY, f"binary file: {kind}")
    return head


def _mostly_nul(head: bytes) -> bool:
    return head.count(0) > _NUL_SHARE * len(head)


def _bounded_lines(handle: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | int]]:
    """(line number, line) for each line of ``handle``; for a line over ``limit`` bytes, its
    size instead, the line read past without being kept."""
    number = 0
    while line := handle.readline(limit + 1):
        number += 1
        if len(line) <= limit or line.endswith(b"\n"):
            yield number, line
            continue
        size = len(line)
        del line
        while chunk := handle.readline(_SKIP_CHUNK):
            size += len(chunk)
            if chunk.endswith(b"\n"):
                break
        yield number, size


def _decode_line(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return decode_text(raw)[0]


def read_jsonl_file(path: Path, options: IngestOptions) -> Iterator[RawDocument | SkippedInput]:
    try:
        handle = open_regular(path)
    except IngestError as error:
        yield error.at(str(path))
        return
    with handle:
        try:
            _sniff_head(handle)
        except IngestError as error:
            yield error.at(str(path))
            return
        for number, raw in _bounded_lines(handle, options.max_bytes):
            location = f"{path}:{number}"
            if isinstance(raw, int):
                reason = f"line is {raw:,} bytes, over max_bytes {options.max_bytes:,}"
                yield errors.skipped(location, errors.TOO_LARGE, reason)
                continue
            if number == 1 and raw.startswith(codecs.BOM_UTF8):
                raw = raw[len(codecs.BOM_UTF8) :]
            if not raw.strip():
                continue
            if b"\x00" in raw:
                reason = "NUL byte in the line (binary data): line skipped"
                yield errors.skipped(location, errors.BINARY, reason)
                continue
            try:
                record = json.loads(_decode_line(raw))
            except IngestError as error:
                yield error.at(location)
                continue
            except json.JSONDecodeError as exc:
                reason = f"malformed JSON: {exc.msg} at column {exc.colno}"
                yield errors.skipped(location, errors.BAD_JSON, reason)
                continue
            if not isinstance(record, dict):
                kind = type(record).__name__
                yield errors.skipped(location, errors.NOT_AN_OBJECT, f"JSON {kind}, not an object")
                continue
            yield record_document(record, location, "jsonl", options.fields, str(path))


def _csv_encoding(head: bytes) -> str:
    bom = bom_encoding(head)
    if bom is not None:
        return bom
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        return decode_text(head)[1]


def _csv_delimiter(head: bytes, encoding: str) -> str:
    first_line = head.decode(encoding, errors="replace").split("\n", 1)[0]
    counts = {delimiter: first_line.count(delimiter) for delimiter in _CSV_DELIMITERS}
    best = max(counts, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


class _CsvLineTooLong(Exception):
    """A CSV line longer than max_bytes: the rest of the file cannot be read reliably."""


def _bounded_text_lines(handle: TextIO, limit: int) -> Iterator[str]:
    while line := handle.readline(limit + 1):
        if len(line) > limit and not line.endswith(("\n", "\r")):
            raise _CsvLineTooLong
        yield line


def read_csv_file(path: Path, options: IngestOptions) -> Iterator[RawDocument | SkippedInput]:
    try:
        raw = open_regular(path)
    except IngestError as error:
        yield error.at(str(path))
        return
    try:
        head = _sniff_head(raw)
        encoding = _csv_encoding(head)
    except IngestError as error:
        raw.close()
        yield error.at(str(path))
        return
    # The csv module's default field limit (128 KiB) is below a long article's text.
    csv.field_size_limit(max(csv.field_size_limit(), options.max_bytes))
    with io.TextIOWrapper(raw, encoding=encoding, newline="", errors="strict") as handle:
        yield from _csv_rows(handle, head, encoding, path, options)


def _csv_rows(
    handle: TextIO, head: bytes, encoding: str, path: Path, options: IngestOptions
) -> Iterator[RawDocument | SkippedInput]:
    lines = _bounded_text_lines(handle, options.max_bytes)
    reader = csv.DictReader(lines, delimiter=_csv_delimiter(head, encoding))
    try:
        columns = reader.fieldnames
    except (csv.Error, UnicodeDecodeError, _CsvLineTooLong) as exc:
        reason = f"unreadable CSV header: {errors.describe(exc)}"
        yield errors.skipped(str(path), errors.BAD_CSV, reason)
        return
    if not columns:
        yield errors.skipped(str(path), errors.EMPTY_FILE, "CSV file without a header")
        return
    if options.fields.text not in columns:
        shown = ", ".join(repr(column) for column in columns[:12])
        reason = f"CSV has no {options.fields.text!r} column (columns: {shown})"
        yield errors.skipped(str(path), errors.MISSING_COLUMN, reason)
        return
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            code = errors.TOO_LARGE if "field larger" in str(exc) else errors.BAD_CSV
            reason = f"malformed CSV row: {errors.describe(exc)}"
            yield errors.skipped(f"{path}:{line}", code, reason)
            continue
        except _CsvLineTooLong:
            reason = f"line over max_bytes {options.max_bytes:,}: the rest of the file skipped"
            yield errors.skipped(f"{path}:{line}", errors.TOO_LARGE, reason)
            return
        except UnicodeDecodeError as exc:
            reason = f"bytes not valid in the detected encoding {encoding}: {exc.reason}"
            yield errors.skipped(f"{path}:{line}", errors.ENCODING, reason)
            return
        record: dict[str, object] = {key: value for key, value in row.items() if key}
        if len(str(record.get(options.fields.text) or "")) > options.max_bytes:
            reason = f"text over max_bytes {options.max_bytes:,}"
            yield errors.skipped(f"{path}:{line}", errors.TOO_LARGE, reason)
            continue
        yield record_document(record, f"{path}:{line}", "csv", options.fields, str(path))

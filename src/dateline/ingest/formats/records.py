"""JSON Lines and CSV dumps: one article per record, field names set by ``IngestOptions.fields``.

Both are streamed record by record; a bad record is skipped (with its ``file:line``) and the
others are read.
"""

from __future__ import annotations

import codecs
import csv
import json
from collections.abc import Iterator, Mapping
from pathlib import Path

from dateline.ingest import errors
from dateline.ingest.dates import parse_published, parse_record_range
from dateline.ingest.decode import SNIFF_BYTES, binary_kind, bom_encoding, decode_text
from dateline.ingest.errors import IngestError
from dateline.ingest.formats.common import clean_field
from dateline.ingest.options import FieldNames, IngestOptions
from dateline.ingest.raw import RawDocument
from dateline.records import SkippedInput

_CSV_DELIMITERS = ",;\t|"


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


def _sniff_head(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            head = handle.read(SNIFF_BYTES * 8)
    except OSError as exc:
        raise IngestError(errors.UNREADABLE, f"cannot read file: {exc.strerror or exc}") from exc
    if not head.strip():
        raise IngestError(errors.EMPTY_FILE, "empty file")
    kind = binary_kind(head)
    if kind is not None:
        raise IngestError(errors.BINARY, f"binary file: {kind}")
    return head


def _decode_line(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return decode_text(raw)[0]


def read_jsonl_file(path: Path, options: IngestOptions) -> Iterator[RawDocument | SkippedInput]:
    try:
        _sniff_head(path)
    except IngestError as error:
        yield error.at(str(path))
        return
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            location = f"{path}:{number}"
            if number == 1 and raw.startswith(codecs.BOM_UTF8):
                raw = raw[len(codecs.BOM_UTF8) :]
            if not raw.strip():
                continue
            if len(raw) > options.max_bytes:
                reason = f"line is {len(raw):,} bytes, over max_bytes {options.max_bytes:,}"
                yield errors.skipped(location, errors.TOO_LARGE, reason)
                continue
            try:
                record = json.loads(_decode_line(raw))
            except IngestError as error:
                yield error.at(location)
                continue
            except json.JSONDecodeError as exc:
                yield errors.skipped(location, errors.BAD_JSON, f"malformed JSON: {exc.msg}")
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


def read_csv_file(path: Path, options: IngestOptions) -> Iterator[RawDocument | SkippedInput]:
    try:
        head = _sniff_head(path)
        encoding = _csv_encoding(head)
    except IngestError as error:
        yield error.at(str(path))
        return
    # The csv module's default field limit (128 KiB) is below a long article's text.
    csv.field_size_limit(max(csv.field_size_limit(), options.max_bytes))
    with path.open(encoding=encoding, newline="", errors="strict") as handle:
        reader = csv.DictReader(handle, delimiter=_csv_delimiter(head, encoding))
        try:
            columns = reader.fieldnames
        except (csv.Error, UnicodeDecodeError) as exc:
            yield errors.skipped(str(path), errors.BAD_CSV, f"unreadable CSV header: {exc}")
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
                yield errors.skipped(f"{path}:{line}", code, f"malformed CSV row: {exc}")
                continue
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

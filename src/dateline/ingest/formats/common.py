"""What every reader needs: bounded file reading and decoding with stable error codes."""

from __future__ import annotations

from pathlib import Path

from dateline.ingest import errors
from dateline.ingest.decode import decode_text
from dateline.ingest.errors import IngestError
from dateline.ingest.options import IngestOptions


def read_bytes(path: Path, options: IngestOptions) -> bytes:
    """The whole file, refusing files over ``options.max_bytes`` (E104) and empty ones (E103)."""
    try:
        size = path.stat().st_size
        if size > options.max_bytes:
            raise IngestError(
                errors.TOO_LARGE,
                f"file is {size:,} bytes, over the limit of {options.max_bytes:,} (max_bytes)",
            )
        with path.open("rb") as handle:
            data = handle.read(options.max_bytes + 1)
    except OSError as exc:
        raise IngestError(errors.UNREADABLE, f"cannot read file: {exc.strerror or exc}") from exc
    if len(data) > options.max_bytes:
        raise IngestError(errors.TOO_LARGE, f"file grew over the limit of {options.max_bytes:,}")
    if not data.strip():
        raise IngestError(errors.EMPTY_FILE, "empty file")
    return data


def read_text(path: Path, options: IngestOptions) -> str:
    """The decoded text of a single-document file (E101, E102, E103, E104, E105)."""
    text, _ = decode_text(read_bytes(path, options))
    if not text.strip():
        raise IngestError(errors.EMPTY_FILE, "file holds only whitespace")
    return text


def clean_field(value: object) -> str | None:
    """A metadata value as a stripped string, None when missing or blank."""
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None

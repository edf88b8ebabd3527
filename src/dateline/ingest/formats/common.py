"""What every reader needs: safe opening, bounded reading and decoding with stable codes."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

from dateline.ingest import errors
from dateline.ingest.decode import Decoded, decode_bytes
from dateline.ingest.errors import IngestError
from dateline.ingest.options import IngestOptions
from dateline.records import SkippedInput

_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISDIR, "a folder"),
)


def special_kind(mode: int) -> str | None:
    """What a file of this mode is when it is not a regular file, else None."""
    if stat.S_ISREG(mode):
        return None
    return next((kind for test, kind in _KINDS if test(mode)), "not a regular file")


def open_regular(path: Path) -> BinaryIO:
    """``path`` opened for binary reading, refusing anything but a regular file (E108).

    The file is opened without blocking and checked on the open descriptor, so a FIFO, a
    device or a file swapped for one after the folder was walked is refused, never read.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise IngestError(errors.UNREADABLE, f"cannot read file: {exc.strerror or exc}") from exc
    try:
        kind = special_kind(os.fstat(fd).st_mode)
        if kind is not None:
            raise IngestError(errors.SPECIAL_FILE, f"{kind}, not a regular file: not read")
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_bytes(
    path: Path, options: IngestOptions, limit: int | None = None, limit_name: str = "max_bytes"
) -> bytes:
    """The whole file, refusing files over ``limit`` (``options.max_bytes`` by default; E104)
    and empty ones (E103)."""
    limit = options.max_bytes if limit is None else min(limit, options.max_bytes)
    with open_regular(path) as handle:
        try:
            size = os.fstat(handle.fileno()).st_size
            if size > limit:
                reason = f"file is {size:,} bytes, over the limit of {limit:,} ({limit_name})"
                raise IngestError(errors.TOO_LARGE, reason)
            data = handle.read(limit + 1)
        except OSError as exc:
            reason = f"cannot read file: {exc.strerror or exc}"
            raise IngestError(errors.UNREADABLE, reason) from exc
    if len(data) > limit:
        raise IngestError(errors.TOO_LARGE, f"file grew over the limit of {limit:,}")
    if not data.strip():
        raise IngestError(errors.EMPTY_FILE, "empty file")
    return data


def read_text(path: Path, options: IngestOptions) -> Decoded:
    """The decoded text of a single-document file (E101, E102, E103, E104, E105, E108)."""
    decoded = decode_bytes(read_bytes(path, options))
    if not decoded.text.strip():
        raise IngestError(errors.EMPTY_FILE, "file holds only whitespace")
    return decoded


def decoding_warnings(decoded: Decoded, location: str) -> tuple[SkippedInput, ...]:
    """W210 when decoding replaced invalid bytes, else nothing."""
    if not decoded.replaced:
        return ()
    reason = f"{decoded.replaced:,} invalid {decoded.encoding} byte(s) replaced by U+FFFD"
    return (errors.skipped(location, errors.REPLACED_BYTES, reason),)


def clean_field(value: object) -> str | None:
    """A metadata value as a stripped string, None when missing or blank."""
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None

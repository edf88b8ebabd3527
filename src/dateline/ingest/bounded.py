"""A file's bytes read with bounds: gunzipped when compressed, never more than a limit.

``BoundedReader`` hands out lines and blocks of a (possibly multi-member gzip) file without
ever holding more than one bounded chunk beyond what the caller asked for. A line longer
than the caller's limit is refused before it is read whole, and a compressed file that
expands past its limit is refused (E132) before the excess is produced, so no input can make
a reader allocate more than its bounds.
"""

from __future__ import annotations

import zlib
from typing import BinaryIO

from dateline.ingest import errors
from dateline.ingest.errors import IngestError

GZIP_MAGIC = b"\x1f\x8b"
_RAW_CHUNK = 1 << 16
#: the most bytes one decompression step may produce
_OUT_CHUNK = 1 << 20


class LineTooLong(Exception):
    """A line longer than the limit the caller gave; nothing of it is kept."""


class BoundedReader:
    """Lines and blocks of ``raw``, gunzipped when ``gzip``; at most ``limit`` bytes out.

    ``cut_off`` tells, once the end is reached, that the last gzip member ended early. A
    corrupt gzip stream raises IngestError (E131); output past ``limit`` raises E132.
    """

    def __init__(self, raw: BinaryIO, gzip: bool, limit: int | None = None) -> None:
        self._raw = raw
        self._limit = limit
        self._decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS) if gzip else None
        self._pending = b""  # compressed input not yet decompressed
        self._buffer = bytearray()
        self._at_end = False
        self._member_open = False  # a gzip member begun and not yet ended
        self.produced = 0
        self.cut_off = False

    def _decompress(self, data: bytes) -> bytes:
        assert self._decompressor is not None
        try:
            self._member_open = True
            out = self._decompressor.decompress(data, _OUT_CHUNK)
        except zlib.error as exc:
            raise IngestError(errors.TRUNCATED_WARC, f"corrupt gzip data: {exc}") from exc
        self._pending = self._decompressor.unconsumed_tail
        if self._decompressor.eof:  # the next gzip member starts in the unused data
            self._pending = self._decompressor.unused_data + self._pending
            self._decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
            self._member_open = False
        return out

    def _fill(self) -> bool:
        """Add the next bounded chunk to the buffer; False at the end of the file."""
        while not self._at_end:
            if self._decompressor is None:
                out = self._raw.read(_RAW_CHUNK)
                self._at_end = not out
            else:
                if not self._pending:
                    self._pending = self._raw.read(_RAW_CHUNK)
                    if not self._pending:
                        self._at_end = True
                        self.cut_off = self._member_open
                        return False
                out = self._decompress(self._pending)
            if out:
                self.produced += len(out)
                if self._limit is not None and self.produced > self._limit:
                    reason = (
                        f"compressed data expands past its bound of {self._limit:,} bytes "
                        "(a decompression bomb?)"
                    )
                    raise IngestError(errors.BOMB, reason)
                self._buffer += out
                return True
        return False

    def readline(self, limit: int) -> bytes:
        """The next line with its newline (or the last bytes of the file); LineTooLong when
        it runs past ``limit`` bytes; b"" at the end."""
        searched = 0
        while (newline := self._buffer.find(b"\n", searched)) < 0:
            searched = len(self._buffer)
            if searched > limit:
                raise LineTooLong(bytes(self._buffer[:limit]))
            if not self._fill():
                return self._take(len(self._buffer))
        if newline + 1 > limit:
            raise LineTooLong(bytes(self._buffer[:limit]))
        return self._take(newline + 1)

    def read(self, size: int) -> bytes:
        """Up to ``size`` bytes (fewer only at the end of the file)."""
        while len(self._buffer) < size and self._fill():
            pass
        return self._take(min(size, len(self._buffer)))

    def skip(self, size: int) -> int:
        """Pass over up to ``size`` bytes without keeping them; how many there were."""
        skipped = 0
        while skipped < size:
            if not self._buffer and not self._fill():
                break
            step = min(size - skipped, len(self._buffer))
            del self._buffer[:step]
            skipped += step
        return skipped

    def _take(self, size: int) -> bytes:
        data = bytes(self._buffer[:size])
        del self._buffer[:size]
        return data

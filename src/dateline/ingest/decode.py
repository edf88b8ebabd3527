"""Bytes to text: binary sniffing and encoding detection.

UTF-8 (with or without BOM) and UTF-16/32 with a BOM are decoded directly. UTF-8 with a few
invalid bytes (no more than the valid non-ASCII characters around them) stays UTF-8, each bad
byte replaced by U+FFFD, and the caller is told how many were replaced. Anything else goes
to charset-normalizer, except that Western news in cp1252 or latin-1 is recognised first:
charset-normalizer tends to pick cp1250 for short Western texts, which turns "naïve" into
"naďve" and curly quotes into the wrong characters.
"""

from __future__ import annotations

import codecs
import re
from typing import NamedTuple

from charset_normalizer import from_bytes

from dateline.ingest import errors
from dateline.ingest.errors import IngestError

SNIFF_BYTES = 8192
#: what ``binary_kind`` says of data that is binary only for its NUL bytes
NUL_BYTES = "binary data (NUL bytes)"

_BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (or an Office document)"),
    (b"\x1f\x8b", "gzip archive"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"\x7fELF", "ELF executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE document (old Office format)"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"OggS", "Ogg media"),
    (b"ID3", "MP3 audio"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Non-letters that cp1252 news legitimately contains.
_CP1252_PUNCTUATION = frozenset("‘’“”‚„–—…•€£¥¢°«»§©®™±×÷·¶†‡‰ªº¹²³¼½¾\u00a0¦¨¬¯´¸")
# In cp1250/cp1257 text these bytes are letters (ł ą ż ...) that cp1252 shows as symbols.
_CP1252_SUSPICIOUS_AFTER_LETTER = "³¹¿º¾¼ª"
_CP1252_CHARS = bytes(range(256)).decode("cp1252", errors="ignore")
_ASCII_BYTES = bytes(range(128))
_CP1252_LETTERS = "".join(char for char in _CP1252_CHARS if char.isalpha())
_SUSPICIOUS = re.compile(f"[{_CP1252_LETTERS}][{_CP1252_SUSPICIOUS_AFTER_LETTER}]")
_NOT_LETTER = re.compile(f"[^{_CP1252_LETTERS}]")
_NON_ASCII_LETTER = re.compile(f"[{''.join(c for c in _CP1252_LETTERS if ord(c) > 127)}]")
#: characters of a long text whose letter shares are measured; bytes given to
#: charset-normalizer (it holds many decodings of what it is given)
_SAMPLE_CHARS = 1 << 20


class Decoded(NamedTuple):
    """Text decoded from bytes: the encoding used and how many bytes were replaced by U+FFFD."""

    text: str
    encoding: str
    replaced: int = 0


def bom_encoding(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def binary_kind(data: bytes) -> str | None:
    """What binary format ``data`` looks like, or None when it may be text."""
    head = data[:SNIFF_BYTES]
    for signature, kind in _BINARY_SIGNATURES:
        if head.startswith(signature):
            return kind
    if bom_encoding(head) in ("utf-16", "utf-32"):
        return None
    if b"\x00" in head:
        return NUL_BYTES
    return None


def _plausible_cp1252(data: bytes, text: str) -> bool:
    """Whether ``data`` decoded as cp1252 (``text``) reads as Western text (see the module),
    in C-speed passes: each distinct non-ASCII byte, then the letter shares of a sample."""
    for byte in set(data.translate(None, _ASCII_BYTES)):
        char = bytes((byte,)).decode("cp1252")
        if not char.isalpha() and char not in _CP1252_PUNCTUATION and char not in "¡¿":
            return False
    if _SUSPICIOUS.search(text):
        return False
    sample = text[:_SAMPLE_CHARS]
    letters = len(_NOT_LETTER.sub("", sample))
    non_ascii_letters = len(_NON_ASCII_LETTER.findall(sample))
    # Cyrillic or Greek bytes read as cp1252 are almost all accented Latin letters.
    return letters == 0 or non_ascii_letters / letters < 0.3


def _mostly_utf8(data: bytes) -> Decoded | None:
    """UTF-8 text with a few invalid bytes, the bad bytes replaced; None when it is not.

    Valid multi-byte UTF-8 sequences almost never occur in text of a single-byte encoding, so
    text with at least as many valid non-ASCII characters as invalid bytes is UTF-8.
    """
    escaped = data.decode("utf-8", "surrogateescape")  # one lone surrogate per bad byte
    # Counted in C-speed passes that hold no object per match (the input may be all bad).
    bad = len(data) - len(escaped.encode("utf-8", "ignore"))
    ascii_chars = len(data) - len(data.translate(None, _ASCII_BYTES))
    valid = len(escaped) - ascii_chars - bad
    if not valid or bad > valid:
        return None
    return Decoded(data.decode("utf-8", "replace"), "utf-8", bad)


def _sample(data: bytes) -> bytes:
    """The start of ``data`` that charset-normalizer is given, cut after a line break."""
    if len(data) <= _SAMPLE_CHARS:
        return data
    head = data[:_SAMPLE_CHARS]
    return head[: head.rfind(b"\n") + 1] or head


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode ``data`` to text; returns (text, encoding) or raises IngestError (E101, E102)."""
    decoded = decode_bytes(data)
    return decoded.text, decoded.encoding


def decode_bytes(data: bytes) -> Decoded:
    """Decode ``data`` to text (see the module); raises IngestError (E101, E102)."""
    kind = binary_kind(data)
    if kind is not None:
        raise IngestError(errors.BINARY, f"binary file: {kind}")
    bom = bom_encoding(data)
    if bom is not None:
        try:
            return Decoded(data.decode(bom), bom)
        except UnicodeDecodeError as exc:
            reason = f"invalid {bom} despite its BOM: {errors.describe(exc)}"
            raise IngestError(errors.ENCODING, reason) from exc
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    mostly = _mostly_utf8(data)
    if mostly is not None:
        return mostly
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        western = None
    if western is not None and _plausible_cp1252(data, western):
        return Decoded(western, "cp1252")
    best = from_bytes(_sample(data)).best()
    if best is None:
        raise IngestError(errors.ENCODING, "unknown text encoding (not UTF-8, no match found)")
    if len(data) <= _SAMPLE_CHARS:
        return Decoded(str(best), best.encoding)
    try:
        return Decoded(data.decode(best.encoding), best.encoding)
    except (LookupError, UnicodeDecodeError) as exc:
        reason = f"text not in {best.encoding}, the encoding its start is in"
        raise IngestError(errors.ENCODING, reason) from exc

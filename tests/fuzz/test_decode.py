"""The decoder on random bytes: text with its encoding, or one IngestError with a code."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from dateline.ingest import errors
from dateline.ingest.decode import decode_text
from dateline.ingest.errors import IngestError
from tests.fuzz.strategies import any_text, fast

FAST = fast(200)

BOMS = [b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00", b"%PDF", b"PK\x03\x04"]


@FAST
@given(st.sampled_from(BOMS), st.binary(max_size=400))
def test_random_bytes_decode_or_fail_with_a_code(prefix: bytes, data: bytes) -> None:
    try:
        text, encoding = decode_text(prefix + data)
    except IngestError as exc:
        assert exc.code in (errors.BINARY, errors.ENCODING)
    else:
        assert isinstance(text, str) and encoding


@FAST
@given(any_text.filter(lambda t: "\x00" not in t))
def test_utf8_text_round_trips(text: str) -> None:
    try:
        decoded, encoding = decode_text(text.encode("utf-8"))
    except IngestError as exc:  # e.g. text that starts like a PDF or a zip file
        assert exc.code == errors.BINARY
    else:
        assert encoding in ("utf-8", "utf-8-sig")
        assert decoded == (text.removeprefix("\ufeff") if encoding == "utf-8-sig" else text)

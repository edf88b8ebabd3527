"""BoundedReader: lines and blocks of a file, gunzipped, with bounds (issue 14, item 1)."""

from __future__ import annotations

import gzip
import io

import pytest

from dateline.ingest import errors
from dateline.ingest.bounded import BoundedReader, LineTooLong
from dateline.ingest.errors import IngestError


def test_lines_and_blocks_across_gzip_members() -> None:
    data = gzip.compress(b"first line\nsecond") + gzip.compress(b" part\n" + b"x" * 100)
    reader = BoundedReader(io.BytesIO(data), gzip=True, limit=1000)
    assert reader.readline(64) == b"first line\n"
    assert reader.readline(64) == b"second part\n"
    assert reader.skip(60) == 60
    assert reader.read(1000) == b"x" * 40
    assert reader.readline(64) == b""
    assert not reader.cut_off


def test_a_long_line_is_refused_without_reading_it_whole() -> None:
    data = gzip.compress(bytes(50 * 1024 * 1024))
    reader = BoundedReader(io.BytesIO(data), gzip=True, limit=10**12)
    with pytest.raises(LineTooLong):
        reader.readline(65536)
    assert reader.produced < 4 * 1024 * 1024


def test_expansion_past_the_bound_is_a_bomb() -> None:
    data = gzip.compress(b"line\n" * 1_000_000)
    reader = BoundedReader(io.BytesIO(data), gzip=True, limit=100_000)
    with pytest.raises(IngestError) as raised:
        while reader.readline(100):
            pass
    assert raised.value.code == errors.BOMB
    assert reader.produced <= 100_000 + (1 << 20)


def test_a_cut_off_member_and_corrupt_data_are_told() -> None:
    data = gzip.compress(b"a line\n" * 1000)
    reader = BoundedReader(io.BytesIO(data[:-20]), gzip=True)
    while reader.readline(100):
        pass
    assert reader.cut_off
    broken = gzip.compress(b"ok\n") + b"\x1f\x8b\x08\x00garbage-not-deflate"
    reader = BoundedReader(io.BytesIO(broken), gzip=True)
    assert reader.readline(100) == b"ok\n"
    with pytest.raises(IngestError) as raised:
        reader.readline(100)
    assert raised.value.code == errors.TRUNCATED_WARC

"""Metadata dates: normalised to ISO, impossible ones dropped with a warning."""

from __future__ import annotations

import pytest

from dateline.ingest import errors
from dateline.ingest.dates import parse_published


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2014-12-19", "2014-12-19"),
        ("2019-04-23T10:00:00Z", "2019-04-23T10:00:00+00:00"),
        ("2019-04-23 10:00", "2019-04-23T10:00:00"),
        ("Tue, 23 Apr 2019 10:00:00 GMT", "2019-04-23T10:00:00+00:00"),
        ("2015-05", "2015-05"),
        ("2015", "2015"),
        ("  ", None),
        (None, None),
    ],
)
def test_valid_dates_are_normalised(value: str | None, expected: str | None) -> None:
    assert parse_published(value, "dump.jsonl:3") == (expected, None)


@pytest.mark.parametrize(
    "value", ["2019-02-30", "2019-13", "Tue, 31 Feb 2019 10:00:00 GMT", "0001-01-01", "9999-12-31"]
)
def test_impossible_dates_are_dropped_with_a_warning(value: str) -> None:
    published, warning = parse_published(value, "dump.jsonl:3")
    assert published is None
    assert warning is not None
    assert warning.code == errors.IMPOSSIBLE_DATE
    assert warning.location == "dump.jsonl:3"
    assert value in warning.reason

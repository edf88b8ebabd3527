"""Closed ranges of days (day ordinals), as story linking compares a story's span of days
with the days a batch's articles reach."""

from __future__ import annotations

import sys
from bisect import bisect_right
from collections.abc import Iterable, Sequence

DayRange = tuple[int, int]


def merged(ranges: Iterable[DayRange]) -> list[DayRange]:
    """The days of ``ranges`` as few sorted, disjoint ranges."""
    found: list[DayRange] = []
    for first, last in sorted(ranges):
        if found and first <= found[-1][1] + 1:
            found[-1] = (found[-1][0], max(found[-1][1], last))
        else:
            found.append((first, last))
    return found


def meets(span: DayRange, ranges: Sequence[DayRange]) -> bool:
    """Whether ``span`` shares a day with one of the sorted, disjoint ``ranges``."""
    at = bisect_right(ranges, (span[1], sys.maxsize)) - 1  # the last range starting by then
    return at >= 0 and ranges[at][1] >= span[0]


def coarsened(ranges: Sequence[DayRange], most: int) -> list[DayRange]:
    """At most ``most`` ranges holding every day of the sorted, disjoint ``ranges``: the
    nearest neighbours joined first (a coarse test that a finer one follows)."""
    if len(ranges) <= max(most, 1):
        return list(ranges)
    gaps = sorted(range(len(ranges) - 1), key=lambda i: (ranges[i + 1][0] - ranges[i][1], i))
    joined = set(gaps[: len(ranges) - max(most, 1)])  # range i joins range i + 1
    found: list[DayRange] = []
    for index, (first, last) in enumerate(ranges):
        if index and index - 1 in joined:
            found[-1] = (found[-1][0], last)
        else:
            found.append((first, last))
    return found

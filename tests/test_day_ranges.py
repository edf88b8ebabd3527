from __future__ import annotations

from dateline.day_ranges import coarsened, meets, merged


def test_a_story_meets_the_ranges_it_shares_a_day_with() -> None:
    ranges = merged([(295, 305), (95, 105), (99, 109), (110, 112)])
    assert ranges == [(95, 112), (295, 305)]  # overlapping and adjacent ranges join
    spans = {"early": (10, 94), "ends_in": (80, 95), "spans_all": (0, 400), "between": (113, 294)}
    spans |= {"late": (306, 900), "starts_in": (305, 320), "one_day": (300, 300)}
    assert sorted(s for s, span in spans.items() if meets(span, ranges)) == [
        "ends_in",
        "one_day",
        "spans_all",
        "starts_in",
    ]
    assert not meets((1, 2), [])


def test_coarsened_ranges_join_the_nearest_and_hold_every_day() -> None:
    ranges = [(0, 1), (10, 11), (13, 14), (50, 60), (62, 62)]
    assert coarsened(ranges, 5) == ranges
    assert coarsened(ranges, 3) == [(0, 1), (10, 14), (50, 62)]
    assert coarsened(ranges, 1) == [(0, 62)]
    assert coarsened(ranges, 0) == [(0, 62)]
    for most in range(1, 6):
        coarse = coarsened(ranges, most)
        assert len(coarse) <= most
        assert all(meets((low, high), coarse) for low, high in ranges)

from __future__ import annotations

from dateline.store.row_order import in_key_order


def test_rows_are_sorted_by_their_key() -> None:
    rows = [("s:kim", "kim jong un"), ("a:putin", "putin"), ("s:kim", "kim il sung")]
    assert in_key_order(rows, width=2) == sorted(rows)


def test_rows_with_one_key_keep_their_order_so_the_last_still_wins() -> None:
    links = [("a2", 5, 9, "e1"), ("a1", 0, 4, "e7"), ("a2", 5, 9, "e3"), ("a1", 0, 4, "e2")]
    ordered = in_key_order(links, width=3)
    assert ordered == [
        ("a1", 0, 4, "e7"),
        ("a1", 0, 4, "e2"),
        ("a2", 5, 9, "e1"),
        ("a2", 5, 9, "e3"),
    ]
    last = {row[:3]: row[3] for row in ordered}
    assert last == {row[:3]: row[3] for row in links}

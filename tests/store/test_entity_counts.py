"""A merged entity's held row: both rows added, or counted again when their roles' order is
not known."""

from __future__ import annotations

from collections import Counter

from dateline.store.entity_counts import HeldBefore, merged_rows


def _held(roles_old: list[str], roles_new: list[str]) -> HeldBefore:
    held = HeldBefore(articles=["a1", "a2"])
    held.rows = {
        "old": (Counter({"Fed": 3, "Federal Reserve": 1}), roles_old),
        "new": (Counter({"Federal Reserve": 5}), roles_new),
        "other": (Counter({"ECB": 2}), []),
    }
    held.mentions = {
        "old": [("a1", "Fed", None)],
        "new": [("a2", "Federal Reserve", None)],
        "other": [("a1", "ECB", None)],
    }
    return held


def test_a_merged_entity_holds_both_rows() -> None:
    held = merged_rows(_held([], ["chair"]), {"old": "new"})
    assert set(held.rows) == {"new", "other"}
    aliases, roles = held.rows["new"]
    assert aliases == Counter({"Federal Reserve": 6, "Fed": 3})
    assert roles == ["chair"]
    assert held.mentions["new"] == [("a2", "Federal Reserve", None), ("a1", "Fed", None)]
    assert held.rows["other"][0] == Counter({"ECB": 2})


def test_a_merged_entity_whose_roles_both_count_is_counted_again() -> None:
    held = merged_rows(_held(["governor"], ["chair"]), {"old": "new"})
    assert set(held.rows) == set(held.mentions) == {"other"}

from dateline.link.components import DisjointSet


def test_a_set_is_rooted_at_its_smallest_item_and_grouped_in_order() -> None:
    sets = DisjointSet(6)
    sets.union(4, 2)
    sets.union(5, 4)
    sets.union(1, 3)
    assert sets.find(5) == 2
    assert sets.groups() == {0: [0], 1: [1, 3], 2: [2, 4, 5]}

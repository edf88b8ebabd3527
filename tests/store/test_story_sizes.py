"""Each story's stored number of articles, and the story list read by it, on every backend."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from dateline.query.stories import story_passes
from dateline.records import Article, Story
from dateline.store.interface import StoryFilter
from dateline.store.sql import SQLStore
from dateline.store.sqlite import SQLiteStore
from tests.store.conftest import postgres_at_version, sqlite_at_version


def _sizes(store: SQLStore) -> dict[str, int]:
    """Story id -> its stored size, checked against its members as read."""
    rows = store._query("SELECT id, article_count FROM stories")
    stored = {str(row["id"]): int(row["article_count"]) for row in rows}
    members = {story.id: len(story.article_ids) for story in store.iter_stories()}
    assert stored == members
    return stored


def test_a_story_size_follows_every_way_its_members_change(store: SQLStore) -> None:
    store.add_articles([Article(id=f"a{i}", text=f"Article {i}.") for i in range(6)])
    store.update_stories(
        [
            Story(id="s1", title="One", article_ids=("a0", "a1", "a2")),
            Story(id="s2", title="Two", article_ids=("a3",)),
        ]
    )
    assert _sizes(store) == {"s1": 3, "s2": 1}
    # a member moves to another story as that story is written (the insert's upsert)
    store.update_stories([Story(id="s3", title="Three", article_ids=("a2", "a4"))])
    assert _sizes(store) == {"s1": 2, "s2": 1, "s3": 2}
    # a story written again, with other members
    store.update_stories([Story(id="s1", title="One", article_ids=("a0", "a1", "a5"))])
    assert _sizes(store) == {"s1": 3, "s2": 1, "s3": 2}
    # members taken out; a story left empty goes
    store.remove_story_members(["a0", "a3"])
    assert _sizes(store) == {"s1": 2, "s3": 2}
    store.update_stories([], removed=["s3"])
    assert _sizes(store) == {"s1": 2}
    store.replace_stories([Story(id="s9", title="All", article_ids=("a0", "a1", "a2", "a3"))])
    assert _sizes(store) == {"s9": 4}


def test_a_story_row_written_after_its_members_counts_them(store: SQLStore) -> None:
    store.add_articles([Article(id=f"a{i}", text=f"Article {i}.") for i in range(2)])
    with store._transaction() as db:
        db.executemany(
            "INSERT INTO story_articles (article_id, story_id, position) VALUES (?, 's1', ?)",
            [("a0", 0), ("a1", 1)],
        )
        db.execute("INSERT INTO stories (id, title) VALUES ('s1', 'Late')")
    assert _sizes(store) == {"s1": 2}


# (id, size, first, last): sizes tie, coarse and undated last dates, so every key of the
# order and every rule of the date filter is met
_LISTED = [
    ("s01", 3, "2019-04-01", "2019-04-30"),
    ("s02", 3, "2019-01-01", "2019"),  # a year sorts as its last day, after 2019-04-30
    ("s03", 3, "2019-05", "2019-05"),
    ("s04", 3, None, None),
    ("s05", 5, "2018-12-31", "2019-01-02"),
    ("s06", 1, "2020-02-02", "2020-02-02"),
    ("s07", 1, "2020-02-02", "2020-02-02"),
    ("s08", 2, "2015", "2015"),
    ("s09", 2, "2019-04-15", "2019-04-15T09:30"),
    ("s10", 1, None, None),
]


def _listed(store: SQLStore) -> list[Story]:
    articles = [
        Article(id=f"{sid}-{n}", text="A.") for sid, size, *_ in _LISTED for n in range(size)
    ]
    store.add_articles(articles)
    stories = [
        Story(sid, sid.upper(), tuple(f"{sid}-{n}" for n in range(size)), first, last)
        for sid, size, first, last in _LISTED
    ]
    random.Random(5).shuffle(stories)
    store.update_stories(stories)
    return stories


def _day_number(day: str | None) -> int:
    digits = (day or "")[:10].replace("-", "")
    return int(digits + "1231"[len(digits) - 4 :]) if digits.isdigit() else 0


@pytest.mark.parametrize(
    ("since", "until", "min_size"),
    [
        (None, None, 1),
        (None, None, 3),
        ("2019-04", None, 1),
        ("2019-05-02", None, 1),
        (None, "2019", 1),
        ("2019-01-02", "2019-04-15", 2),
        ("2016", "2018", 1),
    ],
)
def test_the_list_is_the_order_and_filter_it_was_read_a_page_at_a_time(
    store: SQLStore, since: str | None, until: str | None, min_size: int
) -> None:
    stories = _listed(store)
    filters = StoryFilter(since, until, min_size)
    expected = sorted(  # the order the list had before the store read it by size
        (s for s in stories if story_passes(s, filters)),
        key=lambda s: (-len(s.article_ids), -_day_number(s.last), s.id),
    )
    assert [s.id for s in store.list_stories(filters)] == [s.id for s in expected]
    assert store.count_stories(filters) == len(expected)
    pages = [store.list_stories(filters, limit=3, offset=start) for start in range(0, 12, 3)]
    assert [s for page in pages for s in page] == expected  # members and dates as stored
    assert store.list_stories(filters, offset=2) == expected[2:]


def test_threads_are_counted_by_their_ids(store: SQLStore) -> None:
    _listed(store)
    assert store.count_threads() == 0
    store.set_thread_ids({"s01": "t1", "s02": "t1", "s05": "t2", "s06": "t2", "s07": "t2"})
    assert store.count_threads() == 2
    assert store.count_stories() == len(_LISTED)


def _upgraded_sizes(store: SQLStore) -> dict[str, int]:
    marked = store._query("SELECT story_id FROM story_thread_stale_entities")
    assert [row["story_id"] for row in marked] == ["s1"]  # the removed story's mark dropped
    sizes = _sizes(store)
    store.update_stories([Story(id="s2", title="Two", article_ids=("a3", "a4"))])
    assert _sizes(store) == {**sizes, "s2": 2}  # and kept from then on
    return sizes


#: what a schema 18 store holds: five articles, two stories of three and one of them, and
#: stale marks
_SCHEMA_18_ROWS = (
    (
        "INSERT INTO articles (id, text, added_at) VALUES (?, 'A.', '2026-01-01')",
        [(f"a{i}",) for i in range(5)],
    ),
    ("INSERT INTO stories (id, title) VALUES (?, ?)", [("s1", "One"), ("s2", "Two")]),
    (
        "INSERT INTO story_articles (article_id, story_id, position) VALUES (?, ?, ?)",
        [("a0", "s1", 0), ("a1", "s1", 1), ("a2", "s1", 2), ("a3", "s2", 0)],
    ),
    # a mark a removed story left behind, and one of a stored story
    ("INSERT INTO story_thread_stale_entities (story_id) VALUES (?)", [("s1",), ("gone",)]),
)


def test_a_schema_18_sqlite_store_counts_its_stories_on_the_upgrade(tmp_path: Path) -> None:
    db = sqlite_at_version(tmp_path / "old.db", 18)
    for statement, rows in _SCHEMA_18_ROWS:
        db.executemany(statement, rows)
    db.commit()
    db.close()
    store = SQLiteStore(tmp_path / "old.db")
    assert _upgraded_sizes(store) == {"s1": 3, "s2": 1}
    store.close()


def test_a_schema_18_postgres_store_counts_its_stories_on_the_upgrade(
    postgres_admin_url: str,
) -> None:
    from dateline.store.postgres import PostgresStore

    store = PostgresStore(postgres_at_version(postgres_admin_url, 18, _SCHEMA_18_ROWS))
    assert _upgraded_sizes(store) == {"s1": 3, "s2": 1}
    store.close()

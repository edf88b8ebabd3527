from __future__ import annotations

from pathlib import Path

from dateline.store.sql import SQLStore
from dateline.store.sqlite import SQLiteStore
from dateline.watch.state import MAX_SEEN_ITEMS, SourceState, next_poll_after_failure
from tests.store.conftest import postgres_admin_url, store  # noqa: F401 (fixtures)


def test_state_round_trips_through_json_and_ignores_unknown_keys() -> None:
    state = SourceState(etag='"abc"', seen=["k1"], files={"a.txt": [3, 9]}, failures=2)
    assert SourceState.from_json(state.to_json()) == state
    assert SourceState.from_json('{"etag": "x", "from_a_newer_version": 1}').etag == "x"


def test_seen_keeps_order_no_repeats_and_a_bounded_length() -> None:
    state = SourceState()
    state.remember(["a", "b", "a"])
    state.remember(["b", "c"])
    assert state.seen == ["a", "b", "c"]
    state.remember([f"k{n}" for n in range(MAX_SEEN_ITEMS)])
    assert len(state.seen) == MAX_SEEN_ITEMS and state.seen[-1] == f"k{MAX_SEEN_ITEMS - 1}"


def test_back_off_doubles_up_to_the_cap_and_honours_retry_after() -> None:
    waits = [next_poll_after_failure(0.0, 60.0, n, 600.0, None) for n in range(1, 6)]
    assert waits == [60.0, 120.0, 240.0, 480.0, 600.0]
    assert next_poll_after_failure(0.0, 60.0, 1, 600.0, 300.0) == 300.0
    assert next_poll_after_failure(0.0, 60.0, 3, 600.0, 10.0) == 240.0
    assert next_poll_after_failure(0.0, 60.0, 1, 600.0, 10**9) == 600.0


def test_every_backend_keeps_watch_states_apart_from_other_meta(store: SQLStore) -> None:  # noqa: F811
    store.set_meta("dedup", "x")
    assert store.get_watch_states() == {}
    store.put_watch_state("http://example.test/feed", '{"etag": "1"}')
    store.put_watch_state("/data/in", "{}")
    store.put_watch_state("http://example.test/feed", '{"etag": "2"}')
    assert store.get_watch_states() == {
        "/data/in": "{}",
        "http://example.test/feed": '{"etag": "2"}',
    }


def test_watch_states_survive_reopening(tmp_path: Path) -> None:
    first = SQLiteStore(tmp_path / "c.db")
    first.put_watch_state("feed", "{}")
    first.close()
    reopened = SQLiteStore(tmp_path / "c.db")
    assert reopened.get_watch_states() == {"feed": "{}"}
    reopened.close()

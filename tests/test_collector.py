"""The collector setting a long job runs under: raised, shared by nested uses, restored; and
the setting a worker process keeps for good."""

from __future__ import annotations

import gc
import weakref

from dateline.collector import YOUNG_THRESHOLD, fewer_collections


class _Node:
    def __init__(self) -> None:
        self.other: _Node | None = None


def test_a_job_runs_with_fewer_passes_and_the_collector_is_restored_after() -> None:
    before = gc.get_threshold()
    with fewer_collections():
        assert gc.get_threshold()[0] == max(YOUNG_THRESHOLD, before[0])
        assert gc.get_threshold()[1:] == before[1:]
        assert gc.get_freeze_count() > 0  # what lived before is left out of every pass
        with fewer_collections():
            assert gc.get_threshold()[0] == max(YOUNG_THRESHOLD, before[0])
        assert gc.get_freeze_count() > 0  # an inner use leaves the outer one's setting
        # a cycle made during the job is still collected
        first, second = _Node(), _Node()
        first.other, second.other = second, first
        gone = weakref.ref(first)
        del first, second
        gc.collect()
        assert gone() is None
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_the_collector_is_restored_when_the_job_fails() -> None:
    before = gc.get_threshold()
    try:
        with fewer_collections():
            raise RuntimeError("a failed link")
    except RuntimeError:
        pass
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


def test_a_worker_keeps_the_setting_for_the_rest_of_its_life() -> None:
    # in a child process: the setting is for good, and this process's collector stays as is
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    with context.Pool(1) as pool:
        threshold, frozen = pool.apply(_setting_after_collect_less)
    assert threshold[0] == max(YOUNG_THRESHOLD, gc.get_threshold()[0])
    assert threshold[1:] == gc.get_threshold()[1:]
    assert frozen > 0


def _setting_after_collect_less() -> tuple[tuple[int, int, int], int]:
    from dateline.collector import collect_less_from_now_on

    collect_less_from_now_on()
    return gc.get_threshold(), gc.get_freeze_count()

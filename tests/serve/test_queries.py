"""A query for a client that has gone is stopped, not finished for nobody."""

from __future__ import annotations

import asyncio
import time
from types import SimpleNamespace
from typing import Any, cast

import pytest
from fastapi import HTTPException, Request

from dateline.serve.queries import run_query
from dateline.store.budget import QueryBudget
from dateline.store.interface import SearchQueryError


class _Client:
    def __init__(self, leaves_after: float) -> None:
        self.app = SimpleNamespace(
            state=SimpleNamespace(settings=SimpleNamespace(query_seconds=60))
        )
        self._leaves = time.monotonic() + leaves_after

    async def is_disconnected(self) -> bool:
        return time.monotonic() > self._leaves


def _request(leaves_after: float) -> Request:
    return cast(Request, _Client(leaves_after))


def test_the_budget_is_cancelled_when_the_client_leaves() -> None:
    def slow(budget: QueryBudget) -> str:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if budget.exhausted():
                return "stopped: " + str(budget.interrupted())
            time.sleep(0.01)
        return "ran to the end"

    outcome = asyncio.run(run_query(_request(leaves_after=0.3), slow))
    assert outcome == "stopped: query stopped: its client has gone"


def test_a_present_client_gets_its_answer_and_a_costly_query_is_a_422() -> None:
    assert asyncio.run(run_query(_request(leaves_after=60), lambda budget: 42)) == 42

    def refused(budget: QueryBudget) -> Any:
        raise SearchQueryError("a search takes at most 4 words ending in *")

    with pytest.raises(HTTPException) as error:
        asyncio.run(run_query(_request(leaves_after=60), refused))
    assert error.value.status_code == 422

"""Costly queries run for a web client: within a time budget, and stopped when it leaves.

The query runs in a worker thread with a :class:`~dateline.store.budget.QueryBudget`; the
event loop checks a few times a second whether the client is still connected and cancels the
budget when it is not, so the store stops the query instead of finishing it for nobody.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TypeVar

from fastapi import HTTPException, Request
from fastapi.concurrency import run_in_threadpool

from dateline.store.budget import QueryBudget
from dateline.store.interface import SearchQueryError

Result = TypeVar("Result")

#: How often the client's connection is checked while its query runs.
POLL_SECONDS = 0.2


async def run_query(request: Request, work: Callable[[QueryBudget], Result]) -> Result:
    """``work(budget)`` in a worker thread, cancelled when the client disconnects.

    A query refused for its cost becomes 422; one stopped by its budget raises
    :class:`~dateline.store.budget.QueryInterrupted` (503).
    """
    budget = QueryBudget(request.app.state.settings.query_seconds)
    running = asyncio.ensure_future(run_in_threadpool(work, budget))
    try:
        while not running.done():
            await asyncio.wait({running}, timeout=POLL_SECONDS)
            if not running.done() and await request.is_disconnected():
                budget.cancel()
        return running.result()
    except SearchQueryError as exc:
        raise HTTPException(422, str(exc)) from exc
    finally:
        if not running.done():  # this request was cancelled (the server is stopping)
            budget.cancel()

"""Deadlines on the ack path that hold even when what they wait for hangs."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any, TypeVar

T = TypeVar("T")

# Calls given up on by ``within`` finish (or fail) on their own: keep them referenced.
_abandoned: set[asyncio.Future[Any]] = set()


def _forget(future: asyncio.Future[Any]) -> None:
    _abandoned.discard(future)
    if not future.cancelled():
        future.exception()  # retrieved: no "exception was never retrieved" noise


async def within(seconds: float, call: Awaitable[T]) -> T:
    """``call``'s result, or TimeoutError after ``seconds``. Unlike asyncio.timeout, this
    never waits for the call's own clean-up (a pool release on a hung connection can
    take as long as the hang itself): it is cancelled and left behind."""
    future = asyncio.ensure_future(call)
    done, _ = await asyncio.wait({future}, timeout=max(seconds, 0.0))
    if not done:
        future.cancel()
        _abandoned.add(future)
        future.add_done_callback(_forget)
        raise TimeoutError
    return future.result()

"""GroupCommit (bot/store/shared.py): calls made while a batch is written go together in
the next one, each caller gets its own result, and a caller may stop waiting."""

from __future__ import annotations

import asyncio

import pytest

from bot.store.shared import GroupCommit


class Writer:
    """Records each batch; holds the first until ``release`` is set."""

    def __init__(self) -> None:
        self.batches: list[list[int]] = []
        self.release = asyncio.Event()

    async def __call__(self, batch: list[int]) -> list[int]:
        self.batches.append(batch)
        if len(self.batches) == 1:
            await self.release.wait()
        if 13 in batch:
            raise ValueError("a bad row")
        return [n * 10 for n in batch]


async def test_calls_during_a_write_share_the_next_batch():
    writer = Writer()
    commit = GroupCommit(writer)
    first = asyncio.create_task(commit(1))
    await asyncio.sleep(0)
    later = [asyncio.create_task(commit(n)) for n in (2, 3, 4)]
    await asyncio.sleep(0)
    writer.release.set()
    assert await asyncio.gather(first, *later) == [10, 20, 30, 40]
    assert writer.batches == [[1], [2, 3, 4]]


async def test_a_failed_batch_fails_its_own_callers_only():
    writer = Writer()
    writer.release.set()
    commit = GroupCommit(writer)
    with pytest.raises(ValueError):
        await asyncio.gather(commit(12), commit(13))
    assert await commit(14) == 140


async def test_a_caller_that_stops_waiting_gets_timeout_and_the_row_is_still_written():
    writer = Writer()
    commit = GroupCommit(writer)
    with pytest.raises(TimeoutError):
        await commit(1, timeout=0.01)  # the first batch hangs
    waiting = asyncio.create_task(commit(2, timeout=60))
    await asyncio.sleep(0)
    writer.release.set()
    assert await waiting == 20
    assert writer.batches == [[1], [2]]

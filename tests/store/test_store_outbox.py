"""The outbox's store contract, run against every backend: lanes keep their order, leases
share work and survive a dead process, only the latest claim settles an item, payloads go
once settled."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from bot.domain.outbox import (
    NewOutboxItem,
    OutboxBacklog,
    OutboxKind,
    OutboxState,
    thread_lane,
    webhook_lane,
)
from bot.store import Store

from .helpers import FakeClock, OpenStore

LEASE = timedelta(seconds=60)
LANE_A = thread_lane("C0GENERAL", "1767225600.000100")
LANE_B = thread_lane("C0GENERAL", "1767225600.000200")


def new(lane: str = LANE_A, n: int = 0, kind: OutboxKind = OutboxKind.CARD,
        handoff_id: int | None = None, team: str = "T0001") -> NewOutboxItem:
    return NewOutboxItem(kind, lane, {"n": n, "text": "é <!channel>"}, team, handoff_id)


async def test_the_head_of_a_free_lane_is_leased_to_its_writer(store: Store):
    written, mine = await store.enqueue_outbox([new(LANE_A, 1), new(LANE_A, 2), new(LANE_B, 3)],
                                               LEASE)
    assert [i.payload["n"] for i in written] == [1, 2, 3]
    assert written[0].payload["text"] == "é <!channel>"
    assert [i.payload["n"] for i in mine] == [1, 3]  # 2 waits behind 1
    assert all(i.attempts == 1 for i in mine) and written[1].attempts == 0
    # Leased to the writer: nobody else gets them, and 2 is not its lane's head.
    assert await store.claim_outbox(10, LEASE) == []
    assert await store.finish_outbox(written[0].id, 1, OutboxState.DELIVERED, None)
    [second] = await store.claim_outbox(10, LEASE)
    assert (second.payload["n"], second.attempts) == (2, 1)


async def test_a_lane_keeps_its_order_through_retries(store: Store, clock: FakeClock):
    _, [first] = await store.enqueue_outbox([new(n=n) for n in range(3)], LEASE)
    assert await store.retry_outbox(first.id, 1, clock.now + timedelta(seconds=30), "http_503")
    assert await store.claim_outbox(10, LEASE) == []  # its head is not due: all wait
    clock.advance(30)
    order = []
    while claimed := await store.claim_outbox(10, LEASE):
        [item] = claimed  # one lane: one at a time
        order.append(item.payload["n"])
        assert await store.finish_outbox(item.id, item.attempts, OutboxState.DELIVERED, None)
    assert order == [0, 1, 2]


async def test_a_dead_claimers_lease_runs_out_and_only_the_new_claim_settles(
        store: Store, clock: FakeClock):
    _, [item] = await store.enqueue_outbox([new()], LEASE)
    clock.advance(59)
    assert await store.claim_outbox(10, LEASE) == []
    clock.advance(2)
    [again] = await store.claim_outbox(10, LEASE)
    assert (again.id, again.attempts) == (item.id, 2)
    assert again.tried_before  # so a Slack post is looked for before it is made again
    # The first claimer wakes up late: its word no longer counts.
    assert not await store.finish_outbox(item.id, 1, OutboxState.FAILED, "late")
    assert not await store.retry_outbox(item.id, 1, clock.now, "late")
    assert await store.finish_outbox(item.id, 2, OutboxState.DELIVERED, None)
    assert not await store.finish_outbox(item.id, 2, OutboxState.DELIVERED, None)


async def test_backlog_undelivered_handoffs_and_purge(store: Store, clock: FakeClock):
    assert await store.outbox_backlog() == OutboxBacklog(0, None)
    start = clock.now
    written, _ = await store.enqueue_outbox([
        new(thread_lane("C0SUPPORT", None), 0, OutboxKind.HANDOFF_MESSAGE, handoff_id=7),
        new(webhook_lane(7), 1, OutboxKind.WEBHOOK, handoff_id=7),
        new(webhook_lane(9), 2, OutboxKind.WEBHOOK, handoff_id=9, team="T0OTHER"),
    ], LEASE)
    clock.advance(5)
    await store.enqueue_outbox([new(LANE_B, 3)], LEASE)
    backlog = await store.outbox_backlog()
    assert backlog == OutboxBacklog(4, start)
    assert backlog.age(clock.now) == timedelta(seconds=5)
    assert await store.undelivered_handoffs("T0001") == [7]
    for item in written[:2]:
        assert await store.finish_outbox(item.id, 1, OutboxState.DELIVERED, None)
    assert await store.undelivered_handoffs("T0001") == []
    assert (await store.outbox_backlog()).depth == 2
    clock.advance(3600)
    assert await store.purge_outbox(clock.now - timedelta(seconds=60)) == 2
    assert (await store.outbox_backlog()).depth == 2  # pending items are never purged


async def test_settled_items_keep_no_payload(store: Store, open_more: OpenStore,
                                             clock: FakeClock):
    _, [item] = await store.enqueue_outbox([new()], LEASE)
    assert await store.finish_outbox(item.id, 1, OutboxState.EXPIRED, "expired")
    with pytest.raises(ValueError):
        await store.finish_outbox(item.id, 1, OutboxState.PENDING, None)
    await store.close()
    reopened = await open_more()
    row = await reopened._db.fetch_row(  # type: ignore[attr-defined]
        "SELECT payload, state, last_error FROM outbox WHERE id = :id", {"id": item.id})
    assert (row["payload"], row["state"], row["last_error"]) == (None, "expired", "expired")
    clock.advance(3600)
    assert await reopened.claim_outbox(10, LEASE) == []


async def test_replicas_claiming_at_once_share_without_overlap(open_more: OpenStore,
                                                               clock: FakeClock):
    writer = await open_more()
    lanes = [thread_lane("C0GENERAL", f"1767225600.{n:06d}") for n in range(60)]
    written, mine = await writer.enqueue_outbox([new(lane, n) for n, lane in enumerate(lanes)],
                                                LEASE)
    clock.advance(61)  # the writer "died": every lease has run out
    replicas = [await open_more() for _ in range(3)]
    claimed: list[int] = []

    async def drain(replica: Store) -> None:
        while items := await replica.claim_outbox(7, LEASE):
            claimed.extend(i.id for i in items)
            await asyncio.sleep(0)

    await asyncio.gather(*(drain(r) for r in replicas))
    assert sorted(claimed) == sorted(i.id for i in written)  # each once, none left out
    assert len(mine) == 60


async def test_concurrent_writers_and_settlers_each_get_their_own_answer(store: Store):
    """Calls made together are written together (group commit): each still gets what it
    alone would have."""
    lanes = [thread_lane("C0GENERAL", f"1767225600.{n:06d}") for n in range(6)]
    results = await asyncio.gather(*(store.enqueue_outbox([new(lane, n), new(lane, n + 10)],
                                                          LEASE)
                                     for n, lane in enumerate(lanes)))
    for n, (written, mine) in enumerate(results):
        assert [i.payload["n"] for i in written] == [n, n + 10]
        assert [i.payload["n"] for i in mine] == [n]  # the second waits behind the first
    heads = [mine[0] for _, mine in results]
    settled = await asyncio.gather(*(
        # every other one with a stale claim: only the latest claim may settle an item
        store.finish_outbox(item.id, item.attempts + (n % 2), OutboxState.DELIVERED, None)
        for n, item in enumerate(heads)))
    assert settled == [n % 2 == 0 for n in range(len(heads))]
    claimed = await store.claim_outbox(20, LEASE)
    assert sorted(i.payload["n"] for i in claimed) == [10, 12, 14]

"""The sender against a real store (SQLite and PostgreSQL) and the local webhook receiver:
retries until delivered, order within a lane, expiry, and replicas sharing one outbox."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta

import pytest
from prometheus_client import generate_latest
from prometheus_client.parser import text_string_to_metric_families

from bot.delivery.sender import Sender
from bot.delivery.webhook import WebhookSender
from bot.domain.outbox import (
    Delivery,
    NewOutboxItem,
    OutboxItem,
    OutboxKind,
    Outcome,
    RetryPolicy,
    thread_lane,
    webhook_lane,
)
from bot.domain.webhook import HandoffEvent, WebhookFormat, idempotency_key
from bot.metrics import Metrics
from bot.store import Store
from tests.delivery.receiver import SECRET, Receiver
from tests.store.helpers import OpenStore, store_opener

FAST = RetryPolicy(first=timedelta(milliseconds=20), cap=timedelta(milliseconds=200))
HOUR = timedelta(hours=1)


def event(handoff_id: int, kind: HandoffEvent) -> NewOutboxItem:
    document = {"event": f"handoff.{kind.value}", "idempotency_key": idempotency_key(
        handoff_id, kind), "handoff": {"id": handoff_id}}
    return NewOutboxItem(OutboxKind.WEBHOOK, webhook_lane(handoff_id), document, "T0",
                         handoff_id)


def counted(metrics: Metrics, result: str) -> float:
    text = generate_latest(metrics.registry).decode()
    return sum(s.value for f in text_string_to_metric_families(text) for s in f.samples
               if s.name == "mfa_bot_outbox_items_total" and s.labels["result"] == result)


async def wait_for(condition: Callable[[], bool], what: str) -> None:
    for _ in range(1500):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
async def stores(store_url: str) -> AsyncIterator[OpenStore]:
    async with store_opener(store_url, lambda: datetime.now(UTC)) as opener:
        yield opener


def sender(store: Store, handlers: dict, metrics: Metrics | None = None,
           **kwargs: object) -> Sender:
    return Sender(store, handlers, metrics or Metrics(), card_expiry=HOUR,
                  clock=lambda: datetime.now(UTC), policy=FAST, poll_seconds=0.02,
                  **kwargs)  # type: ignore[arg-type]


async def test_500_three_times_then_200_arrives_once_signed_with_its_key(
        stores, receiver: Receiver) -> None:
    store = await stores()
    receiver.fail_next = 3
    hook = WebhookSender(receiver.url, SECRET, WebhookFormat.JSON)
    metrics = Metrics()
    running = sender(store, {OutboxKind.WEBHOOK: hook}, metrics)
    running.start()
    try:
        await running.send([event(1, HandoffEvent.OPENED)])
        await wait_for(lambda: len(receiver.accepted()) == 1, "the event")
        await asyncio.sleep(0.2)  # nothing more comes
    finally:
        await running.stop()
        await hook.close()
    assert [r.status for r in receiver.received] == [500, 500, 500, 200]
    assert {r.idempotency_key for r in receiver.received} == {"mfa-bot-handoff-1-opened"}
    assert all(r.signature_valid for r in receiver.received)
    assert len({r.body for r in receiver.received}) == 1  # a retry sends the same body
    assert (counted(metrics, "retried"), counted(metrics, "delivered")) == (3, 1)
    assert (await store.outbox_backlog()).depth == 0


async def test_events_of_a_handoff_keep_their_order_through_failures(
        stores, receiver: Receiver) -> None:
    store = await stores()
    receiver.fail_next = 2
    hook = WebhookSender(receiver.url, SECRET, WebhookFormat.JSON)
    running = sender(store, {OutboxKind.WEBHOOK: hook})
    running.start()
    try:
        await running.send([event(5, HandoffEvent.OPENED)])
        await running.send([event(5, HandoffEvent.TAKEN)])
        await running.send([event(5, HandoffEvent.RESOLVED)])
        await wait_for(lambda: len(receiver.accepted()) == 3, "three events")
    finally:
        await running.stop()
        await hook.close()
    assert [r.json["event"] for r in receiver.accepted()] == [
        "handoff.opened", "handoff.taken", "handoff.resolved"]
    # The later events never overtook the first while it was failing.
    assert [r.json["event"] for r in receiver.received[:3]] == ["handoff.opened"] * 3


async def test_a_late_card_is_dropped_and_counted_a_notice_never(stores) -> None:
    store = await stores()
    posted: list[int] = []

    async def post(item: OutboxItem) -> Delivery:
        posted.append(item.payload["n"])
        return Delivery(Outcome.DELIVERED)

    lane = thread_lane("C0", "1.1")
    await store.enqueue_outbox([
        NewOutboxItem(OutboxKind.CARD, lane, {"n": 1}),
        NewOutboxItem(OutboxKind.THREAD_NOTICE, lane, {"n": 2}),
    ], timedelta(0))  # leased to nobody: as if written by a process that died at once
    metrics = Metrics()
    late = Sender(store, {OutboxKind.CARD: post, OutboxKind.THREAD_NOTICE: post}, metrics,
                  card_expiry=HOUR, clock=lambda: datetime.now(UTC) + HOUR * 2,
                  policy=FAST, poll_seconds=0.02)
    late.start()
    try:
        await wait_for(lambda: posted == [2], "the notice")
    finally:
        await late.stop()
    assert counted(metrics, "expired") == 1


async def test_a_handler_bug_is_retried_not_lost(stores) -> None:
    store = await stores()
    calls: list[int] = []

    async def flaky(item: OutboxItem) -> Delivery:
        calls.append(item.attempts)
        if len(calls) < 3:
            raise RuntimeError("boom")
        return Delivery(Outcome.DELIVERED)

    running = sender(store, {OutboxKind.THREAD_NOTICE: flaky})
    running.start()
    try:
        await running.send([NewOutboxItem(OutboxKind.THREAD_NOTICE, "slack:C0:1.1", {})])
        await wait_for(lambda: len(calls) == 3, "three attempts")
        await wait_for(lambda: running._delivering == set(), "settled")
    finally:
        await running.stop()
    assert calls == [1, 2, 3]
    assert (await store.outbox_backlog()).depth == 0


async def test_two_replicas_share_one_outbox_without_double_delivery(
        stores, receiver: Receiver) -> None:
    writer = await stores()
    # 40 hand-offs written while no sender ran (leased to nobody).
    await writer.enqueue_outbox([event(n, HandoffEvent.OPENED) for n in range(40)],
                                timedelta(0))
    receiver.fail_next = 10
    hooks = [WebhookSender(receiver.url, SECRET, WebhookFormat.JSON) for _ in range(2)]
    replicas = [sender(await stores(), {OutboxKind.WEBHOOK: hook}) for hook in hooks]
    for replica in replicas:
        replica.start()
    try:
        await wait_for(lambda: len(receiver.accepted()) >= 40, "40 events")
        await asyncio.sleep(0.3)
    finally:
        for replica in replicas:
            await replica.stop()
        for hook in hooks:
            await hook.close()
    keys = [r.idempotency_key for r in receiver.accepted()]
    assert sorted(keys) == sorted(idempotency_key(n, HandoffEvent.OPENED) for n in range(40))
    assert (await writer.outbox_backlog()).depth == 0

"""The sender: delivers what the outbox holds, retrying with backoff until it is delivered,
expires or fails for good.

- Several replicas (and a restarted process) share one outbox: an item is leased to the
  process that claimed it (``FOR UPDATE SKIP LOCKED`` on PostgreSQL), and a lease that
  runs out (its process died) lets another one take it over.
- Only the oldest pending item of a lane is handed out, so a thread's posts keep their
  order whatever fails.
- A new item is delivered at once by the process that wrote it when it heads its lane; the
  loop picks up everything else (retries, items behind others, a dead process's work).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

from bot.domain.outbox import (
    Delivery,
    NewOutboxItem,
    OutboxItem,
    OutboxKind,
    OutboxState,
    Outcome,
    RetryPolicy,
    is_expired,
)
from bot.metrics import Metrics
from bot.store.base import Store, StoreError

log = logging.getLogger(__name__)

DEFAULT_LEASE = timedelta(seconds=120)  # longer than one attempt can take (30 s of retries)
POLL_SECONDS = 1.0
BATCH = 20
DRAIN_SECONDS = 10.0


Handler = Callable[[OutboxItem], Awaitable[Delivery]]


class Sender:
    def __init__(
        self, store: Store, handlers: dict[OutboxKind, Handler], metrics: Metrics, *,
        card_expiry: timedelta, clock: Callable[[], datetime],
        lease: timedelta = DEFAULT_LEASE, policy: RetryPolicy | None = None,
        poll_seconds: float = POLL_SECONDS, jitter: Callable[[], float] = random.random,
    ) -> None:
        self.store = store
        self.handlers = handlers  # filled in by the bot once its Slack client exists
        self.metrics = metrics
        self.card_expiry = card_expiry
        self.clock = clock
        self.lease = lease
        self.policy = policy or RetryPolicy()
        self.poll_seconds = poll_seconds
        self.jitter = jitter
        self._wake = asyncio.Event()
        self._delivering: set[asyncio.Task[Any]] = set()
        self._loop: asyncio.Task[None] | None = None

    # lifecycle --------------------------------------------------------------------------
    def start(self) -> None:
        self._loop = asyncio.create_task(self.run())

    async def stop(self) -> None:
        """Stop claiming; let deliveries under way finish (bounded). What is cut off stays
        leased and is taken over once the lease runs out."""
        if self._loop is not None:
            self._loop.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._loop
            self._loop = None
        if self._delivering:
            _, unfinished = await asyncio.wait(set(self._delivering), timeout=DRAIN_SECONDS)
            for task in unfinished:
                task.cancel()

    async def run(self) -> None:
        while True:
            self._wake.clear()
            try:
                items = await self.store.claim_outbox(BATCH, self.lease)
            except StoreError as exc:
                log.warning("event=outbox_claim_failed error=%s", type(exc).__name__)
                items = []
            if items:
                # Heads of distinct lanes: they may go out side by side.
                await asyncio.gather(*(self._track(item) for item in items))
                continue
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self.poll_seconds):
                    await self._wake.wait()

    def wake(self) -> None:
        self._wake.set()

    # writing ----------------------------------------------------------------------------
    async def send(self, items: Sequence[NewOutboxItem]) -> list[OutboxItem]:
        """Write ``items`` (one transaction) and start delivering, right away, those that
        head their lane. Raises StoreError when they cannot be written: then nothing is
        owed, and the caller says so. Returns the items as written."""
        written, mine = await self.store.enqueue_outbox(items, self.lease)
        for item in mine:
            task = asyncio.create_task(self.deliver(item))
            self._delivering.add(task)
            task.add_done_callback(self._delivering.discard)
        if len(mine) < len(written):
            self.wake()
        return written

    # delivering -------------------------------------------------------------------------
    async def _track(self, item: OutboxItem) -> Outcome:
        task = asyncio.ensure_future(self.deliver(item))
        self._delivering.add(task)
        task.add_done_callback(self._delivering.discard)
        return await task

    async def deliver(self, item: OutboxItem) -> Outcome:
        """One attempt at a claimed item, and its bookkeeping."""
        if is_expired(item, self.clock(), self.card_expiry):
            await self._finish(item, OutboxState.EXPIRED, "expired")
            log.info("event=outbox_expired kind=%s id=%d", item.kind.value, item.id)
            return Outcome.FAILED
        handler = self.handlers.get(item.kind)
        if handler is None:  # e.g. the webhook was unset since the item was written
            result = Delivery(Outcome.FAILED, "not_configured")
        else:
            try:
                result = await handler(item)
            except StoreError as exc:
                result = Delivery(Outcome.RETRY, type(exc).__name__)
            except Exception as exc:  # a bug must not lose a hand-off: retried, and loud
                log.error("event=outbox_handler_error kind=%s id=%d error=%s",
                          item.kind.value, item.id, type(exc).__name__, exc_info=exc)
                result = Delivery(Outcome.RETRY, type(exc).__name__)
        if result.outcome is Outcome.DELIVERED:
            await self._finish(item, OutboxState.DELIVERED, None)
            self.wake()  # the next item of its lane may go now
        elif result.outcome is Outcome.FAILED:
            await self._finish(item, OutboxState.FAILED, result.error)
            log.warning("event=outbox_failed kind=%s id=%d error=%s", item.kind.value, item.id,
                        result.error)
        else:
            due = self.policy.next_due(item, self.clock(), self.jitter(), result.retry_after)
            self.metrics.outbox.labels(item.kind.value, "retried").inc()
            try:
                await self.store.retry_outbox(item.id, item.attempts, due, result.error or "")
            except StoreError as exc:  # the lease runs out and it is tried again
                log.warning("event=outbox_store_failed error=%s", type(exc).__name__)
            log.info("event=outbox_retry kind=%s id=%d attempts=%d error=%s",
                     item.kind.value, item.id, item.attempts, result.error)
        return result.outcome

    async def _finish(self, item: OutboxItem, state: OutboxState, error: str | None) -> None:
        self.metrics.outbox.labels(item.kind.value, state.value).inc()
        try:
            await self.store.finish_outbox(item.id, item.attempts, state, error)
        except StoreError as exc:
            # Not recorded: the lease runs out, and a Slack post is then found by its
            # metadata rather than posted again.
            log.warning("event=outbox_store_failed error=%s", type(exc).__name__)

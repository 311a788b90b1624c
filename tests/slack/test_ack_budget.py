"""PostgreSQL hangs (traffic swallowed, not refused) while Slack delivers events and
retries them: every ack still comes within Slack's 3 seconds, and no paste is answered
twice by the replica. Figures are printed (pytest -s)."""

from __future__ import annotations

import asyncio
import json
import time
from collections import Counter

import pytest
from slack_harness import EVENT_LOG_PASTE, event_body, message_event, wait_until

from tests.store.helpers import TcpProxy, with_port

pytestmark = pytest.mark.postgres

BLACKHOLE_SECONDS = 15.0
EVENTS = 60
SPREAD_SECONDS = 6.0  # first deliveries spread over the start of the outage
# Slack retries an unacknowledged event after about 1 s, 1 min and 5 min; compressed
# here to fit the outage.
RETRY_AFTER = (1.0, 4.0)
SLACK_ACK_LIMIT = 3.0


async def test_a_hanging_database_neither_delays_acks_nor_doubles_answers(
        start_bot, standin, postgres):
    proxy = TcpProxy(postgres.url)
    await proxy.start()
    bot = await start_bot(DATABASE_URL=with_port(postgres.url, proxy.port))
    assert (await bot.healthz()).status == 200

    acks: list[float] = []
    statuses: Counter[int] = Counter()

    async def deliver(body: str, retry: int) -> None:
        headers = {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"} \
            if retry else None
        started = time.perf_counter()
        answer = await bot.post(body, headers=headers)
        acks.append(time.perf_counter() - started)
        statuses[answer.status] += 1

    async def event_with_retries(n: int, thread_ts: str) -> None:
        await asyncio.sleep(n * SPREAD_SECONDS / EVENTS)
        body = json.dumps(event_body(message_event(EVENT_LOG_PASTE, ts=thread_ts)))
        first = time.perf_counter()
        sent = [asyncio.create_task(deliver(body, 0))]
        for retry, after in enumerate(RETRY_AFTER, start=1):
            await asyncio.sleep(first + after - time.perf_counter())
            sent.append(asyncio.create_task(deliver(body, retry)))
        await asyncio.gather(*sent)

    threads = [f"1760000300.{n:06d}" for n in range(EVENTS)]
    proxy.blackhole()
    outage = time.perf_counter()
    await asyncio.gather(*(event_with_retries(n, ts) for n, ts in enumerate(threads)))
    await asyncio.sleep(max(0.0, BLACKHOLE_SECONDS - (time.perf_counter() - outage)))
    proxy.restore()

    def cards_per_thread() -> Counter[str]:
        return Counter(c.body.get("thread_ts") for c in standin.of("chat.postMessage"))

    await wait_until(lambda: set(cards_per_thread()) >= set(threads), "a card per paste")
    await standin.settle()
    answered = cards_per_thread()
    acks.sort()
    print(f"\n{len(acks)} deliveries ({EVENTS} events x {1 + len(RETRY_AFTER)}) with "
          f"PostgreSQL black-holed for {BLACKHOLE_SECONDS:.0f} s: "
          f"ack p50 {acks[len(acks) // 2] * 1000:.0f} ms, "
          f"p99 {acks[int(len(acks) * 0.99)] * 1000:.0f} ms, max {acks[-1] * 1000:.0f} ms; "
          f"statuses {dict(statuses)}; answered twice or more: "
          f"{sum(1 for n in answered.values() if n > 1)}")
    assert statuses == Counter({200: len(acks)})
    assert acks[-1] < SLACK_ACK_LIMIT
    assert {ts: n for ts, n in answered.items() if n > 1} == {}
    await proxy.stop()

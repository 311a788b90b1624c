"""Nothing the bot owes is lost, end to end: the real bot against the Slack stand-in and
the local webhook receiver.

Slack outages are two minutes long as the bot sees them: the bot runs on a clock SPEED
times faster than real time (its store, its backoff and its expiry all read that clock),
so a test waits six real seconds, not two minutes. Nothing else is faked: requests go over
HTTP, connections are really refused, the database is a real file or PostgreSQL."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from slack_harness import (
    ALICE,
    CHANNEL,
    EVENT_LOG_PASTE,
    GUID,
    NEEDS_SUPPORT_PASTE,
    TEAM,
    RunningBot,
    SlackStandIn,
    bot_environ,
    message_event,
    scrape,
    value,
)

from bot.blocks import ids
from bot.config import Settings
from bot.domain.checklist import Checklist, ThreadRef
from bot.domain.outbox import METADATA_EVENT_TYPE
from tests.delivery.receiver import SECRET, Receiver
from tests.slack.conftest import StartBot

REPO = Path(__file__).resolve().parents[2]
SPEED = 20  # the bot's clock runs this many times faster than real time
SUPPORT = "C0SUPPORT"
TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47"
RECOVERY_SECONDS = 60.0  # real seconds: generous, reached only when something is broken
NOTICE = "Sent to support: they will follow up in this thread."


class FastClock:
    """Now, as the bot sees it: real time, SPEED times faster from the moment it starts."""

    def __init__(self, speed: float = SPEED) -> None:
        self.speed = speed
        self.start, self.real_start = datetime.now(UTC), time.monotonic()

    def __call__(self) -> datetime:
        return self.start + timedelta(seconds=(time.monotonic() - self.real_start) * self.speed)

    async def sleep(self, bot_seconds: float) -> None:
        """Until ``bot_seconds`` have passed on this clock."""
        until = self() + timedelta(seconds=bot_seconds)
        while self() < until:
            await asyncio.sleep(0.05)


Launch = Callable[..., Awaitable[RunningBot]]


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    started = await Receiver().start()
    yield started
    await started.stop()


@pytest.fixture
def launch(start_bot: StartBot) -> Launch:
    """``await launch(clock, **ENV)``: ``start_bot`` on ``clock``."""
    return lambda clock, **env: start_bot(clock=clock, **env)


async def eventually(check: Callable[[], Awaitable[Any]], what: str,
                     seconds: float = RECOVERY_SECONDS) -> Any:
    deadline = time.monotonic() + seconds
    while not (found := await check()):
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.05)
    return found


async def drained(bot: RunningBot) -> None:
    async def empty() -> bool:
        return (await bot.healthz()).json().get("outbox", {}).get("pending") == 0
    await eventually(empty, "an empty outbox")


def paste(n: int, text: str = EVENT_LOG_PASTE, **fields: Any) -> dict[str, Any]:
    return message_event(text, ts=f"1770000000.{n:06d}", **fields)


def form_values() -> dict[str, Any]:
    texts = {"tenant_id": TENANT, "upn": "alice@contoso.com", "correlation_id": GUID,
             "occurred_at": "2026-11-30 10:03 UTC", "what_happened": "Every VPN sign-in fails."}
    filled: dict[str, Any] = {name: {name: {"type": "plain_text_input", "value": value}}
                              for name, value in texts.items()}
    filled["logs_attached"] = {"logs_attached": {"type": "checkboxes", "selected_options": []}}
    return filled


async def shown_checklist(bot: RunningBot, thread: ThreadRef) -> Checklist:
    """The thread's checklist, once its message is posted and recorded."""
    assert bot.bot is not None and bot.bot.store is not None
    store = bot.bot.store

    async def posted() -> Checklist | None:
        found = await store.get_checklist(thread)
        return found if found is not None and found.message_ts else None
    return await eventually(posted, "the checklist's message")


async def open_form(bot: RunningBot, standin: SlackStandIn, checklist: Checklist) -> dict:
    opened = len(standin.of("views.open"))
    await bot.act({"type": "button", "action_id": ids.HANDOFF_OPEN, "block_id": "b1",
                   "value": str(checklist.id)},
                  message={"ts": checklist.message_ts, "thread_ts": checklist.thread.thread_ts})
    return (await standin.wait_for("views.open", opened + 1))[-1].body["view"]


async def escalation_ready(bot: RunningBot, standin: SlackStandIn,
                           n: int) -> tuple[Checklist, dict]:
    """A needs-support paste in thread ``n``: its card and checklist shown, the hand-off
    form open (so it can be sent while Slack is down)."""
    event = paste(n, NEEDS_SUPPORT_PASTE)
    assert (await bot.event(event)).status == 200
    checklist = await shown_checklist(bot, ThreadRef(CHANNEL, event["ts"]))
    return checklist, await open_form(bot, standin, checklist)


async def owed_handoff(bot: RunningBot, handoff_id: int) -> None:
    """Wait until hand-off ``handoff_id``'s posts are in the outbox."""
    assert bot.bot is not None and bot.bot.store is not None
    store = bot.bot.store

    async def written() -> bool:
        return handoff_id in await store.undelivered_handoffs(TEAM)
    await eventually(written, f"hand-off {handoff_id} owed")


def outbox_ids(standin: SlackStandIn) -> list[str]:
    return [m["metadata"]["event_payload"]["outbox_id"] for m in standin.messages
            if (m.get("metadata") or {}).get("event_type") == METADATA_EVENT_TYPE]


async def test_slack_down_for_two_minutes_loses_nothing_and_posts_nothing_twice(
        launch: Launch, standin: SlackStandIn, receiver: Receiver) -> None:
    clock = FastClock()
    bot = await launch(clock, MFA_BOT_SUPPORT_CHANNEL=SUPPORT,
                       MFA_BOT_HANDOFF_WEBHOOK_URL=receiver.url,
                       MFA_BOT_HANDOFF_WEBHOOK_SECRET=SECRET)
    escalations = [await escalation_ready(bot, standin, 1000 + n) for n in range(5)]
    before = len(standin.messages)
    assert before == 10  # five cards, five checklists

    # Two minutes of Slack trouble: refused for one, 503 for the next.
    real_start = time.monotonic()
    await standin.refuse()
    outage_start = clock()
    pastes = [paste(n) for n in range(100)]
    for n, event in enumerate(pastes):
        assert (await bot.event(event)).status == 200
        if n % 20 == 19:  # a hand-off sent now and then, and a paste after it in its thread
            checklist, view = escalations[n // 20]
            assert (await bot.submit(view, form_values())).status == 200
            await owed_handoff(bot, n // 20 + 1)  # then the paste: it comes after
            later = paste(2000 + n, thread_ts=checklist.thread.thread_ts)
            assert (await bot.event(later)).status == 200
    await clock.sleep(60 - (clock() - outage_start).total_seconds())
    await standin.accept()
    standin.outage(503)
    await clock.sleep(120 - (clock() - outage_start).total_seconds())
    outage_real = time.monotonic() - real_start
    assert len(standin.messages) == before  # nothing got through
    standin.restore()

    await drained(bot)
    await standin.settle(0.3)
    recovered = time.monotonic() - real_start - outage_real

    # Every card once, in its own thread.
    for event in pastes:
        assert len(standin.thread(CHANNEL, event["ts"])) == 1, event["ts"]
    # Every hand-off once: one support message each, and its thread in order.
    support = [m for m in standin.messages if m["channel"] == SUPPORT]
    assert len(support) == 5
    for checklist, _ in escalations:
        thread = standin.thread(CHANNEL, checklist.thread.thread_ts)
        texts = [m["text"] for m in thread]
        assert len(thread) == 4, texts  # card, checklist, notice, the later paste's card
        assert texts[0].startswith("CONTACT_SUPPORT") and texts[2] == NOTICE
        assert texts[3].startswith("ESTS_TOKEN_ERROR")
    # Every post carries its own outbox id: none was made twice.
    marked = outbox_ids(standin)
    assert len(marked) == len(standin.messages) == 10 + 100 + 5 * 3
    assert len(set(marked)) == len(marked)
    # The ticket system got each hand-off once, signed (it was up all along).
    keys = [r.idempotency_key for r in receiver.accepted()]
    assert sorted(keys) == sorted(f"mfa-bot-handoff-{n}-opened" for n in range(1, 6))
    assert all(r.signature_valid for r in receiver.received)
    attempts = len(standin.attempts("chat.postMessage"))
    print(f"\noutage: 120 s bot time ({outage_real:.1f} s real), 100 pastes + 5 hand-offs; "
          f"recovered in {recovered:.1f} s real ({recovered * SPEED:.0f} s bot time); "
          f"{len(standin.messages) - before} posts delivered once each, "
          f"{attempts} chat.postMessage calls reached the stand-in")


async def test_a_card_later_than_its_expiry_is_dropped_and_counted_hand_offs_are_not(
        launch: Launch, standin: SlackStandIn) -> None:
    clock = FastClock()
    bot = await launch(clock, MFA_BOT_SUPPORT_CHANNEL=SUPPORT, MFA_BOT_CARD_EXPIRY_MINUTES="1",
                       MFA_BOT_OUTBOX_DEGRADED_MINUTES="1")
    checklist, view = await escalation_ready(bot, standin, 1)
    standin.outage(503)
    start = clock()
    for n in range(5):
        assert (await bot.event(paste(10 + n))).status == 200
    assert (await bot.submit(view, form_values())).status == 200
    assert (await bot.healthz()).json()["status"] == "ok"
    await clock.sleep(70)
    health = await bot.healthz()
    assert health.status == 200 and health.json()["status"] == "degraded"
    # The support message and the notice at least (the cards expire as they come due).
    assert health.json()["outbox"]["pending"] >= 2
    assert health.json()["outbox"]["oldest_seconds"] >= 60
    # /mfa-error stats (answered on its response_url, which is not down) shows it.
    url = standin.response_url()
    await bot.command("stats", response_url=url)
    answer = await standin.wait_for_answer(url)
    assert "Hand-offs still on their way (1): #1" in str(answer.body["blocks"])
    await clock.sleep(120 - (clock() - start).total_seconds())
    standin.restore()
    await drained(bot)
    assert (await bot.healthz()).json()["status"] == "ok"
    for n in range(5):
        assert standin.thread(CHANNEL, paste(10 + n)["ts"]) == []
    texts = [m["text"] for m in standin.thread(CHANNEL, checklist.thread.thread_ts)]
    assert texts[2:] == [NOTICE]
    assert len([m for m in standin.messages if m["channel"] == SUPPORT]) == 1
    metrics = await scrape(bot)
    assert value(metrics, "mfa_bot_outbox_items_total", kind="card", result="expired") == 5
    assert value(metrics, "mfa_bot_outbox_items_total", kind="handoff_message",
                 result="delivered") == 1


async def test_each_webhook_event_arrives_once_signed_through_three_500s(
        launch: Launch, standin: SlackStandIn, receiver: Receiver) -> None:
    bot = await launch(FastClock(), MFA_BOT_SUPPORT_CHANNEL=SUPPORT,
                       MFA_BOT_HANDOFF_WEBHOOK_URL=receiver.url,
                       MFA_BOT_HANDOFF_WEBHOOK_SECRET=SECRET)
    receiver.fail_next = 3
    checklist, view = await escalation_ready(bot, standin, 1)
    assert (await bot.submit(view, form_values())).status == 200
    await eventually(_async(lambda: len(receiver.accepted()) == 1), "the opened event")
    assert bot.bot is not None and bot.bot.store is not None
    handoff = await bot.bot.store.get_handoff_for_thread(checklist.thread)
    assert handoff is not None and handoff.support_message_ts
    for n, action_id in enumerate((ids.HANDOFF_TAKE, ids.HANDOFF_RESOLVE), start=2):
        await bot.act({"type": "button", "action_id": action_id, "block_id": "b1",
                       "value": str(handoff.id)}, user=ALICE,
                      message={"ts": handoff.support_message_ts, "channel": SUPPORT})
        await eventually(_async(lambda n=n: len(receiver.accepted()) == n), f"event {n}")
    await asyncio.sleep(0.5)
    assert [r.status for r in receiver.received] == [500, 500, 500, 200, 200, 200]
    assert [r.json["event"] for r in receiver.accepted()] == [
        "handoff.opened", "handoff.taken", "handoff.resolved"]
    assert [r.idempotency_key for r in receiver.received] == [
        "mfa-bot-handoff-1-opened"] * 4 + ["mfa-bot-handoff-1-taken", "mfa-bot-handoff-1-resolved"]
    assert all(r.signature_valid for r in receiver.received)
    opened = receiver.accepted()[0].json
    assert opened["form"]["tenant_id"] == TENANT
    assert opened["error"]["code"] == "CONTACT_SUPPORT" and opened["error"]["summary"]
    assert opened["checklist"]["total"] > 0
    assert opened["thread"]["permalink"].startswith("https://standin.slack.test/archives/")


def _async(check: Callable[[], bool]) -> Callable[[], Awaitable[bool]]:
    async def wrapped() -> bool:
        return check()
    return wrapped


# -- kill -9 during delivery -------------------------------------------------------------

async def start_process(standin: SlackStandIn, tmp_path: Path, session: aiohttp.ClientSession,
                        **env: str) -> tuple[subprocess.Popen, RunningBot]:
    environ = {**os.environ, **bot_environ(standin, tmp_path, **env)}
    log = open(tmp_path / "bot.log", "a")  # noqa: SIM115 - closed with the process
    process = subprocess.Popen([sys.executable, "-m", "bot", "run", "--http"], cwd=REPO,
                               env=environ, stdout=log, stderr=subprocess.STDOUT)
    running = RunningBot(None, Settings.from_env(environ, "http"), standin, session)
    for _ in range(600):
        try:
            if (await running.healthz()).status == 200:
                return process, running
        except aiohttp.ClientError:
            assert process.poll() is None, (tmp_path / "bot.log").read_text()
        await asyncio.sleep(0.05)
    raise AssertionError("the bot did not become healthy")


async def kill_during_delivery(standin: SlackStandIn, tmp_path: Path, database_url: str) -> None:
    pastes = [paste(n) for n in range(20)] + [paste(100 + n, NEEDS_SUPPORT_PASTE)
                                              for n in range(5)]
    owed = 20 + 5 * 2  # cards, and a checklist under each needs-support card
    # Slack takes each post, then answers only after 5 s: the bot is killed in between,
    # its posts made but never recorded.
    standin.slow("chat.postMessage", 5.0)
    env = {"DATABASE_URL": database_url, "MFA_BOT_OUTBOX_LEASE_SECONDS": "2"}
    async with aiohttp.ClientSession() as session:
        process, bot = await start_process(standin, tmp_path, session, **env)
        for event in pastes:
            assert (await bot.event(event)).status == 200
        await eventually(_async(lambda: len(standin.messages) >= 25), "the cards posted")
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
        assert process.returncode == -signal.SIGKILL
        made_before = len(standin.messages)
        standin.slow("chat.postMessage", 0.0)

        process, bot = await start_process(standin, tmp_path, session, **env)
        try:
            await eventually(_async(lambda: len(standin.messages) >= owed), "every post")
            await drained(bot)
            await standin.settle(0.3)
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=20)
    for event in pastes:
        expected = 2 if event["text"] == NEEDS_SUPPORT_PASTE else 1
        assert len(standin.thread(CHANNEL, event["ts"])) == expected, event["ts"]
    assert len(standin.messages) == owed
    looked = [c for c in standin.attempts("conversations.replies")
              if c.body.get("include_all_metadata") in ("1", "true", True)]
    print(f"\nkilled with {made_before} of {owed} posts made but unrecorded; after the "
          f"restart {len(looked)} look-ups, {owed - made_before} new posts, none twice")
    assert looked  # the restarted bot looked before posting again


async def test_kill_9_during_delivery_loses_nothing_and_posts_nothing_twice_sqlite(
        standin: SlackStandIn, tmp_path: Path) -> None:
    await kill_during_delivery(standin, tmp_path, f"sqlite:///{tmp_path / 'bot.sqlite3'}")


@pytest.mark.postgres
async def test_kill_9_during_delivery_loses_nothing_and_posts_nothing_twice_postgres(
        postgres: Any, standin: SlackStandIn, tmp_path: Path) -> None:
    await kill_during_delivery(standin, tmp_path, postgres.url)


# -- replicas --------------------------------------------------------------------------

@pytest.mark.postgres
async def test_two_replicas_share_one_outbox_without_double_delivery(
        postgres: Any, launch: Launch, standin: SlackStandIn) -> None:
    clock = FastClock()
    replicas = [await launch(clock, DATABASE_URL=postgres.url) for _ in range(2)]
    standin.outage(503)
    pastes = [paste(n) for n in range(60)]
    for n, event in enumerate(pastes):  # alternately, as a load balancer would
        assert (await replicas[n % 2].event(event)).status == 200
    await clock.sleep(30)
    standin.restore()
    for replica in replicas:
        await drained(replica)
    await standin.settle(0.3)
    for event in pastes:
        assert len(standin.thread(CHANNEL, event["ts"])) == 1, event["ts"]
    delivered = [  # 0 (no such sample) when a replica delivered none: the other took all
        value(await scrape(replica), "mfa_bot_outbox_items_total", kind="card",
              result="delivered")
        for replica in replicas]
    print(f"\n60 cards owed during a 503 outage, delivered by replica 1/2: "
          f"{delivered[0]:.0f}/{delivered[1]:.0f}")
    assert sum(delivered) == 60

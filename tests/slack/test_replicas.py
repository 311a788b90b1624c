"""Several replicas behind a load balancer: real `mfa-bot run --http` processes sharing
one PostgreSQL schema, driven over HTTP like Slack would."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from slack_harness import (
    CHANNEL,
    EVENT_LOG_PASTE,
    NEEDS_SUPPORT_PASTE,
    RunningBot,
    SlackStandIn,
    bot_environ,
    event_body,
    message_event,
    recorded_checklist,
    ticked,
    toggle,
    wait_until,
)

from bot.config import Settings
from bot.domain.checklist import ThreadRef
from bot.store import open_store

pytestmark = pytest.mark.postgres
REPO = Path(__file__).resolve().parents[2]


class Replica(RunningBot):
    process: subprocess.Popen


async def _start_replicas(count: int, standin: SlackStandIn, tmp_path: Path, url: str,
                          session: aiohttp.ClientSession) -> list[Replica]:
    replicas = []
    for number in range(count):
        env = {**os.environ, **bot_environ(standin, tmp_path, DATABASE_URL=url)}
        log = open(tmp_path / f"replica{number}.log", "w")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen([sys.executable, "-m", "bot", "run", "--http"], cwd=REPO,
                                   env=env, stdout=log, stderr=subprocess.STDOUT)
        replica = Replica(None, Settings.from_env(env, "http"), standin, session)
        replica.process = process
        replicas.append(replica)

    async def healthy(replica: Replica) -> bool:
        try:
            return (await replica.healthz()).status == 200
        except aiohttp.ClientError:
            assert replica.process.poll() is None, (tmp_path / "replica0.log").read_text()
            return False

    for replica in replicas:
        for _ in range(600):
            if await healthy(replica):
                break
            await asyncio.sleep(0.05)
        else:
            raise AssertionError("replica did not become healthy")
    return replicas


@pytest.fixture
async def replicas(standin: SlackStandIn, postgres, tmp_path: Path) -> AsyncIterator[
        list[Replica]]:
    async with aiohttp.ClientSession() as session:
        started = await _start_replicas(2, standin, tmp_path, postgres.url, session)
        try:
            yield started
        finally:
            for replica in started:
                if replica.process.poll() is None:
                    replica.process.send_signal(signal.SIGTERM)
            for replica in started:
                replica.process.wait(timeout=20)


async def test_an_event_and_its_retry_on_two_replicas_get_one_reply(
        replicas: list[Replica], standin: SlackStandIn) -> None:
    for _ in range(5):
        body = json.dumps(event_body(message_event(EVENT_LOG_PASTE)))
        first, retry = await asyncio.gather(
            replicas[0].post(body),
            replicas[1].post(body, headers={"X-Slack-Retry-Num": "1",
                                            "X-Slack-Retry-Reason": "http_timeout"}),
        )
        assert first.status == retry.status == 200
    await standin.wait_for("chat.postMessage", 5)
    await standin.settle()
    assert len(standin.of("chat.postMessage")) == 5


async def test_when_one_replica_dies_the_other_carries_on(
        replicas: list[Replica], standin: SlackStandIn) -> None:
    await replicas[0].event(message_event(EVENT_LOG_PASTE))
    await standin.wait_for("chat.postMessage", 1)
    replicas[0].process.kill()
    replicas[0].process.wait(timeout=10)
    for _ in range(3):
        assert (await replicas[1].event(message_event(EVENT_LOG_PASTE))).status == 200
    await wait_until(lambda: len(standin.of("chat.postMessage")) == 4, "replies from replica 2")
    assert (await replicas[1].healthz()).status == 200


async def test_ticks_spread_over_both_replicas_are_all_kept(
        replicas: list[Replica], standin: SlackStandIn, postgres) -> None:
    event = message_event(NEEDS_SUPPORT_PASTE)
    await replicas[0].event(event)
    [_, posted] = await standin.wait_for("chat.postMessage", 2)
    store = await open_store(postgres.url)
    try:
        checklist = await recorded_checklist(store, ThreadRef(CHANNEL, event["ts"]))
        message = {"ts": checklist.message_ts, "thread_ts": event["ts"]}
        steps = [s.step_id for s in checklist.steps]
        # Every click comes from the view as first posted, and they alternate replicas.
        await asyncio.gather(*(
            replicas[i % 2].act(toggle(posted, step), user=f"U0PERSON{i}", message=message)
            for i, step in enumerate(steps)
        ))
        stored = checklist
        for _ in range(300):  # clicks are acked first and saved just after
            stored = await store.get_checklist_by_id(checklist.id)
            if stored is not None and stored.complete:
                break
            await asyncio.sleep(0.05)
        assert stored is not None and stored.complete
        assert {s.done_by for s in stored.steps} == {f"U0PERSON{i}" for i in range(len(steps))}
        # The last update Slack received shows every tick, whichever replica sent it.
        await wait_until(lambda: any(ticked(u) == set(steps) for u in standin.of("chat.update")),
                         "an update showing every tick")
        await standin.settle()
        assert ticked(standin.of("chat.update")[-1]) == set(steps)
    finally:
        await store.close()


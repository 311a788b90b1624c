"""An acknowledged click is a saved click: the bot process is killed with SIGKILL while
ticks are in flight, and every tick Slack saw acknowledged is in the database afterwards,
on SQLite and on PostgreSQL. The bot runs as a real ``mfa-bot run --http`` process."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from pathlib import Path

import aiohttp
import pytest
from slack_harness import CHANNEL, Call, RunningBot, SlackStandIn, bot_environ, toggle

from bot.blocks.checklist import checklist_message
from bot.blocks.replies import SAVE_FAILED
from bot.config import Settings
from bot.domain.checklist import ThreadRef
from bot.domain.knowledge import KnowledgeBase
from bot.store import open_store

REPO = Path(__file__).resolve().parents[2]
CHECKLISTS = 15
IN_FLIGHT = 30
KILL_AFTER_ACKS = 40  # of 150 ticks: the kill lands with a full window in flight
BUSY_SECONDS = 0.5  # well within the ack budget: the ticks wait, then are saved


class BotProcess(RunningBot):
    process: subprocess.Popen


async def start_process(standin: SlackStandIn, tmp_path: Path, database_url: str,
                        session: aiohttp.ClientSession) -> BotProcess:
    env = {**os.environ, **bot_environ(standin, tmp_path, DATABASE_URL=database_url)}
    log = open(tmp_path / "bot.log", "w")  # noqa: SIM115 - closed with the process
    process = subprocess.Popen([sys.executable, "-m", "bot", "run", "--http"], cwd=REPO,
                               env=env, stdout=log, stderr=subprocess.STDOUT)
    running = BotProcess(None, Settings.from_env(env, "http"), standin, session)
    running.process = process
    for _ in range(600):
        try:
            if (await running.healthz()).status == 200:
                return running
        except aiohttp.ClientError:
            assert process.poll() is None, (tmp_path / "bot.log").read_text()
        await asyncio.sleep(0.05)
    raise AssertionError("the bot did not become healthy")


async def test_kill_9_mid_burst_loses_no_acknowledged_tick_sqlite(
        standin: SlackStandIn, tmp_path: Path, knowledge: KnowledgeBase) -> None:
    path = tmp_path / "bot.sqlite3"

    @contextlib.asynccontextmanager
    async def busy_writer() -> AsyncIterator[None]:
        """Another writer holds the file for a moment as the burst starts (a second
        process, a slow disk): saves queue up behind it."""
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            await asyncio.sleep(BUSY_SECONDS)
            other.execute("ROLLBACK")
            other.close()

    await kill_mid_burst(f"sqlite:///{path}", standin, tmp_path, knowledge, busy_writer)


@pytest.mark.postgres
async def test_kill_9_mid_burst_loses_no_acknowledged_tick_postgres(
        postgres, standin: SlackStandIn, tmp_path: Path, knowledge: KnowledgeBase) -> None:
    await kill_mid_burst(postgres.url, standin, tmp_path, knowledge)


async def kill_mid_burst(database_url: str, standin: SlackStandIn, tmp_path: Path,
                         knowledge: KnowledgeBase,
                         during_burst: Callable[[], AbstractAsyncContextManager[None]]
                         = contextlib.nullcontext) -> None:
    # Checklists already posted in 15 threads, as people see them (nothing ticked yet).
    store = await open_store(database_url)
    views = []
    step_ids = [s.id for s in knowledge.procedure.steps]
    for n in range(CHECKLISTS):
        thread = ThreadRef(CHANNEL, f"1760000100.{n:06d}")
        checklist, _ = await store.create_checklist("T0TEST", thread, "", step_ids, "U0ALICE")
        await store.set_checklist_message(checklist.id, f"1760000200.{n:06d}")
        checklist = await store.get_checklist_by_id(checklist.id)
        assert checklist is not None
        shown = checklist_message(knowledge.procedure, checklist, None, support_configured=False)
        views.append((checklist, Call("chat.postMessage", shown.as_kwargs(), {})))
    await store.close()

    ticks = [(checklist.id, step, f"U0T{n:03d}{i:02d}", view, checklist)
             for n, (checklist, view) in enumerate(views) for i, step in enumerate(step_ids)]
    acked: list[tuple[int, str, str]] = []
    killed = asyncio.Event()
    window = asyncio.Semaphore(IN_FLIGHT)
    async with aiohttp.ClientSession() as session:
        bot = await start_process(standin, tmp_path, database_url, session)

        async def tick(checklist_id, step, user, view, checklist) -> None:
            async with window:
                if killed.is_set():
                    return
                message = {"ts": checklist.message_ts, "thread_ts": checklist.thread.thread_ts}
                try:
                    answer = await bot.act(toggle(view, step), user=user, message=message)
                except aiohttp.ClientError:
                    return  # cut off by the kill: never acknowledged
            if answer.status == 200:
                acked.append((checklist_id, step, user))
                if len(acked) >= KILL_AFTER_ACKS and not killed.is_set():
                    killed.set()
                    bot.process.send_signal(signal.SIGKILL)

        burst = asyncio.gather(*(tick(*t) for t in ticks))
        async with during_burst():
            await asyncio.sleep(0)  # the first requests are on their way
        await burst
        bot.process.wait(timeout=10)
    assert bot.process.returncode == -signal.SIGKILL

    # Asked to try again: acknowledged, but the person knows it was not saved.
    told_not_saved = {c.body.get("user") for c in standin.of("chat.postEphemeral")
                      if c.body.get("text") == SAVE_FAILED}
    store = await open_store(database_url)
    try:
        lost = []
        for checklist_id, step, user in acked:
            stored = await store.get_checklist_by_id(checklist_id)
            assert stored is not None
            state = stored.step(step)
            if user not in told_not_saved and (state is None or state.done_by != user):
                lost.append((checklist_id, step, user))
    finally:
        await store.close()
    print(f"\nacknowledged={len(acked)} of {len(ticks)} sent ({IN_FLIGHT} in flight), "
          f"told_not_saved={len(told_not_saved)}, lost={len(lost)}")
    assert len(acked) >= KILL_AFTER_ACKS
    assert lost == []

"""/healthz tells the truth: a store that cannot be written is unhealthy, and the probe
answers within its own timeout even when the database swallows traffic."""

from __future__ import annotations

import asyncio
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import aiohttp
import pytest
from slack_harness import RunningBot, bot_environ

from bot.config import Settings
from bot.slack.runtime import server
from bot.store import open_store
from tests.store.helpers import TcpProxy, with_port

REPO = Path(__file__).resolve().parents[2]


async def test_a_store_that_cannot_be_written_is_unhealthy(bot):
    assert (await bot.healthz()).status == 200
    store = bot.bot.store
    # SQLite's own read-only mode: every write now fails as on a read-only file.
    await store._db.run(lambda: store._db._connection().execute("PRAGMA query_only = 1"))
    answer = await bot.healthz()
    assert answer.status == 503 and answer.json()["reason"] == "store unavailable"
    await store._db.run(lambda: store._db._connection().execute("PRAGMA query_only = 0"))
    assert (await bot.healthz()).status == 200


def _full_disk(limit: int):
    """For the bot's process: files cannot grow past ``limit`` bytes (EFBIG, as on a full
    disk), and the signal that would kill it for trying is ignored."""
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


async def test_a_full_disk_makes_the_bot_unhealthy(standin, tmp_path: Path) -> None:
    env = {**os.environ, **bot_environ(standin, tmp_path)}
    database = tmp_path / "bot.sqlite3"
    store = await open_store(env["DATABASE_URL"])  # the schema exists before the disk fills
    await store.close()
    bot = subprocess.Popen([sys.executable, "-m", "bot", "run", "--http"], cwd=REPO, env=env,
                           stderr=subprocess.PIPE, preexec_fn=_full_disk(
                               max(database.stat().st_size, 64 * 1024)))
    try:
        async with aiohttp.ClientSession() as session:
            client = RunningBot(None, Settings.from_env(env, "http"), standin, session)
            statuses = []
            for _ in range(400):  # each probe commits a little; the file limit is hit soon
                try:
                    statuses.append((await client.healthz()).status)
                except aiohttp.ClientConnectionError:
                    assert bot.poll() is None, "the bot stopped"
                    await asyncio.sleep(0.05)
                    continue
                if statuses[-1] == 503:
                    break
            assert statuses[0] == 200 and statuses[-1] == 503
    finally:
        bot.send_signal(signal.SIGTERM)
        _, stderr = bot.communicate(timeout=30)
    assert b"event=healthz status=503 error=StoreUnavailable" in stderr


@pytest.mark.postgres
async def test_the_probe_answers_in_time_while_postgresql_swallows_traffic(
        start_bot, postgres, monkeypatch):
    monkeypatch.setattr(server, "HEALTH_TIMEOUT_SECONDS", 0.5)
    proxy = TcpProxy(postgres.url)
    await proxy.start()
    bot = await start_bot(DATABASE_URL=with_port(postgres.url, proxy.port))
    assert (await bot.healthz()).status == 200
    proxy.blackhole()
    try:
        # Ten times the probe's own timeout; the old probe took 12 s to give up.
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=5)) as session:
            for _ in range(3):  # the first probe, and the ones while it is still stuck
                async with session.get(f"{bot.url}/healthz") as answer:
                    assert answer.status == 503
    finally:
        proxy.restore()
        await proxy.stop()

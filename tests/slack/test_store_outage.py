"""The database goes away while the bot runs (PostgreSQL, through a relay the test can
cut): /healthz says so, people still get answers or a short apology, and the pool
reconnects by itself once the database is back."""

from __future__ import annotations

import asyncio

import pytest
from slack_harness import EVENT_LOG_PASTE, message_event

from bot.blocks import ids
from bot.blocks.replies import SAVE_FAILED
from tests.store.helpers import TcpProxy, with_port

pytestmark = pytest.mark.postgres


async def test_a_lost_database_is_reported_and_survived(start_bot, standin, postgres, knowledge):
    proxy = TcpProxy(postgres.url)
    await proxy.start()
    bot = await start_bot(DATABASE_URL=with_port(postgres.url, proxy.port))
    assert (await bot.healthz()).status == 200
    entry = knowledge.by_code("ESTS_TOKEN_ERROR")[0]

    await proxy.stop()
    health = await bot.healthz()
    assert health.status == 503 and health.json()["reason"] == "store unavailable"

    # A paste is still answered: de-duplication and statistics are best effort.
    await bot.event(message_event(EVENT_LOG_PASTE))
    [reply] = await standin.wait_for("chat.postMessage")
    assert "ESTS_TOKEN_ERROR" in reply.body["text"]
    # A vote cannot be saved: the person waiting is asked to try again, never a traceback.
    await bot.click(ids.FEEDBACK_FIXED, entry.id, ephemeral=True)
    [apology] = await standin.wait_for("response_url")
    assert apology.body["text"] == SAVE_FAILED

    await proxy.start()  # the same port: the database is back
    await wait_until_healthy(bot)
    await bot.click(ids.FEEDBACK_FIXED, entry.id, ephemeral=True)
    await standin.wait_for("response_url", 2)
    assert "Thanks" in standin.of("response_url")[1].body["text"]
    await proxy.stop()


async def wait_until_healthy(bot) -> None:
    for _ in range(200):  # the pool reconnects on the next use; poll, no wall clock
        if (await bot.healthz()).status == 200:
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the store did not become healthy again")

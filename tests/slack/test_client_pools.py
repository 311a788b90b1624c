"""One slow Slack method cannot starve the others (bot/slack/wiring/pools.py)."""

from __future__ import annotations

import asyncio

from slack_harness import EVENT_LOG_PASTE, WAIT_SECONDS, headers_of, message_event

from bot.slack.wiring import pools

HANGING = 110  # more than aiohttp's default pool of 100 connections


async def test_hanging_views_open_calls_do_not_hold_up_a_reply(bot, standin):
    # Slack takes longer to open these views than the test waits for anything.
    standin.slow("views.open", WAIT_SECONDS + 5)
    client = bot.bot.app.client
    hanging = [asyncio.create_task(client.views_open(trigger_id=f"t{i}", view={
        "type": "modal", "title": {"type": "plain_text", "text": "Wait"}, "blocks": []}))
        for i in range(HANGING)]
    await standin.wait_for_attempts("views.open", pools.PER_METHOD)

    # Before the pools, even the ack waited: Bolt's first request calls auth.test.
    sent = asyncio.create_task(bot.event(message_event(EVENT_LOG_PASTE)))
    [reply] = await standin.wait_for("chat.postMessage")
    assert headers_of(reply) == ["ESTS_TOKEN_ERROR"]
    assert (await sent).status == 200
    # The other views.open calls queue for their own method's pool, not in Slack.
    assert len(standin.attempts("views.open")) == pools.PER_METHOD
    for task in hanging:
        task.cancel()
    await asyncio.gather(*hanging, return_exceptions=True)

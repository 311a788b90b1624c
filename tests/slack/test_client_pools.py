"""The Web API session (bot/slack/wiring/pools.py): one slow Slack method cannot starve the
others, and answers decode as slack_sdk expects."""

from __future__ import annotations

import asyncio
import json

import pytest
from aiohttp import web
from slack_harness import EVENT_LOG_PASTE, WAIT_SECONDS, headers_of, message_event

from bot.slack.wiring import pools
from tests.local_http import serving

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


async def test_answers_decode_as_slack_sdk_expects():
    # Answers are decoded by orjson: the same values as json.loads, and a body that is not
    # JSON (a proxy's error page) still raises what slack_sdk turns into SlackApiError.
    answers = {"/ok": '{"ok": true, "ts": "1.2", "message": {"text": "caf\\u00e9 \\ud83d\\ude00"}}',
               "/broken": "<html>Bad gateway</html>"}

    async def answer(request: web.Request) -> web.Response:
        return web.Response(text=answers[request.path], content_type="application/json")

    app = web.Application()
    app.router.add_get("/{name}", answer)
    async with serving(app) as port, pools.pooled_session(5) as session:
        async with session.get(f"http://127.0.0.1:{port}/ok") as response:
            assert await response.json() == json.loads(answers["/ok"])
        async with session.get(f"http://127.0.0.1:{port}/broken") as response:
            with pytest.raises(json.JSONDecodeError):
                await response.json()

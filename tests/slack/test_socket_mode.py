"""Socket Mode: the bot opens a WebSocket from apps.connections.open, acks each
envelope, and answers through the Web API as in HTTP mode."""

from __future__ import annotations

import pytest
from slack_harness import (
    ALICE,
    APP_TOKEN,
    CHANNEL,
    EVENT_LOG_PASTE,
    TEAM,
    event_body,
    headers_of,
    message_event,
)

from bot.config import ConfigError


async def start_socket_bot(start_bot):
    # No signing secret: Socket Mode requests are authenticated by the connection itself.
    return await start_bot("socket", SLACK_APP_TOKEN=APP_TOKEN, SLACK_SIGNING_SECRET="")


async def test_an_events_api_envelope_is_acked_and_answered(start_bot, standin):
    bot = await start_socket_bot(start_bot)
    [opened] = await standin.wait_for("apps.connections.open")
    assert opened.headers["Authorization"] == f"Bearer {APP_TOKEN}"

    event = message_event(EVENT_LOG_PASTE)
    envelope_id = await standin.push("events_api", event_body(event))
    ack = await standin.wait_for_ack(envelope_id)
    assert ack == {"envelope_id": envelope_id}
    [reply] = await standin.wait_for("chat.postMessage")
    assert reply.body["thread_ts"] == event["ts"]
    assert headers_of(reply) == ["ESTS_TOKEN_ERROR"]
    assert reply.headers["Authorization"] == f"Bearer {bot.settings.bot_token}"


async def test_a_slash_command_envelope_is_acked_then_answered(start_bot, standin):
    await start_socket_bot(start_bot)
    command = {
        "team_id": TEAM, "channel_id": CHANNEL, "user_id": ALICE, "command": "/mfa-error",
        "text": "UserNotFound", "response_url": standin.response_url(),
        "trigger_id": "1337.42.abcd", "api_app_id": "A0TEST",
    }
    envelope_id = await standin.push("slash_commands", command)
    await standin.wait_for_ack(envelope_id)
    [reply] = await standin.wait_for("response_url")
    assert headers_of(reply) == ["UserNotFound"]


async def test_socket_mode_serves_health_but_not_the_events_endpoint(start_bot):
    bot = await start_socket_bot(start_bot)
    assert (await bot.healthz()).status == 200
    assert (await bot.post("{}")).status == 404


async def test_an_app_token_slack_rejects_stops_the_start_with_a_clear_error(
    start_bot, standin
):
    standin.answer("apps.connections.open", {"ok": False, "error": "invalid_auth"})
    with pytest.raises(ConfigError, match=r"^SLACK_APP_TOKEN was rejected by Slack"):
        await start_socket_bot(start_bot)

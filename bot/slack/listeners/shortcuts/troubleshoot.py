"""The "Troubleshoot this error" message shortcut: a private card for the clicker."""

from __future__ import annotations

import logging
import time

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.shortcut import shortcut_message
from bot.logs import log_request
from bot.slack.escalation import NOT_IN_CHANNEL
from bot.slack.paste import match, matched_codes, record_matches
from bot.slack.services import services_of

log = logging.getLogger(__name__)

CALLBACK_ID = "troubleshoot_message"


async def troubleshoot(
    ack: AsyncAck,
    shortcut: dict,
    respond: AsyncRespond,
    client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:
    await ack()
    started = time.perf_counter()
    services = services_of(context)
    message = shortcut.get("message", {})
    channel, user = shortcut["channel"]["id"], shortcut["user"]["id"]
    thread_ts = message.get("thread_ts") or message["ts"]
    result = await match(services, message.get("text") or "", explicit=True)
    codes = matched_codes(result)
    try:
        await client.chat_postEphemeral(
            channel=channel, user=user, thread_ts=thread_ts,
            **shortcut_message(result, thread_ts=thread_ts).as_kwargs(),
        )
        answered = "ephemeral"
    except SlackApiError as exc:
        if exc.response.get("error") not in NOT_IN_CHANNEL:
            raise
        # Not in that channel (or a DM between people): the shortcut's response_url still
        # reaches the clicker there, but the bot cannot post in the thread.
        await respond(
            response_type="ephemeral", replace_original=False,
            **shortcut_message(result, thread_ts=None).as_kwargs(),
        )
        answered = "response_url"
    await record_matches(services, context.team_id, codes)
    log_request("shortcut", started, matched=codes, answered=answered, channel=channel)

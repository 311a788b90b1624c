"""Post in thread, on a shortcut's private card: post that card in the message's thread."""

from __future__ import annotations

import time

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.card import entry_message
from bot.blocks.shortcut import parse_post_in_thread
from bot.logs import log_request
from bot.slack.listeners.actions.stale import answer_stale
from bot.slack.services import services_of


async def post_in_thread(
    ack: AsyncAck,
    action: dict,
    body: dict,
    respond: AsyncRespond,
    client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:
    await ack()
    started = time.perf_counter()
    parsed = parse_post_in_thread(action.get("value", ""))
    entry = services_of(context).kb.get(parsed[0]) if parsed else None
    if parsed is None or entry is None:
        await answer_stale(respond)
        return
    channel = body["channel"]["id"]
    await client.chat_postMessage(
        channel=channel, thread_ts=parsed[1], unfurl_links=False, unfurl_media=False,
        **entry_message(entry).as_kwargs(),
    )
    await respond(delete_original=True)  # everyone sees it now: the private copy goes
    log_request("post_in_thread", started, code=entry.code, channel=channel)

"""Share: post a private /mfa-error card in the channel for everyone."""

from __future__ import annotations

import time

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.context.respond.async_respond import AsyncRespond

from bot.blocks.card import entry_message
from bot.logs import log_request
from bot.slack.listeners.actions.stale import answer_stale
from bot.slack.services import services_of


async def share(
    ack: AsyncAck, action: dict, respond: AsyncRespond, context: AsyncBoltContext
) -> None:
    await ack()
    started = time.perf_counter()
    entry = services_of(context).kb.get(action.get("value", ""))
    if entry is None:
        await answer_stale(respond)
        return
    await respond(
        response_type="in_channel",
        delete_original=True,
        unfurl_links=False,
        unfurl_media=False,
        **entry_message(entry).as_kwargs(),
    )
    log_request("share", started, code=entry.code, channel=context.channel_id)

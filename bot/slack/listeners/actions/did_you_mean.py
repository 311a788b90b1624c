"""Did you mean: replace the card with the entry the person picked."""

from __future__ import annotations

import time

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.card import entry_message
from bot.logs import log_request
from bot.slack.listeners.actions.stale import clicked_entry
from bot.slack.paste import record_matches
from bot.slack.services import services_of


async def did_you_mean(
    ack: AsyncAck,
    action: dict,
    body: dict,
    respond: AsyncRespond,
    client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:
    await ack()
    started = time.perf_counter()
    services = services_of(context)
    entry = await clicked_entry(services, action, respond)
    if entry is None:
        return
    # The entry's siblings (same code, other messages) stay one click away.
    alternatives = tuple(e for e in services.kb.by_code(entry.code) if e.id != entry.id)
    if body.get("container", {}).get("is_ephemeral"):
        # An ephemeral card can only be changed through its response_url.
        message = entry_message(entry, share=True, alternatives=alternatives)
        await respond(replace_original=True, **message.as_kwargs())
    else:
        message = entry_message(entry, alternatives=alternatives)
        await client.chat_update(
            channel=body["channel"]["id"],
            ts=body["message"]["ts"],
            unfurl_links=False,
            unfurl_media=False,
            **message.as_kwargs(),
        )
    await record_matches(services, context.team_id, (entry.code,))
    log_request("did_you_mean", started, code=entry.code, channel=context.channel_id)

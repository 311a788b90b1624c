"""Escalate to support: the log-collection checklist in the card's thread, once."""

from __future__ import annotations

import time

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.checklist import checklist_pointer_message
from bot.domain.checklist import ThreadRef
from bot.logs import log_request
from bot.slack import escalation
from bot.slack.listeners.actions.stale import clicked_entry
from bot.slack.notes import store_failed, tell_clicker
from bot.slack.services import services_of
from bot.store.base import StoreError


async def escalate(
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
    user_id = body["user"]["id"]
    channel = body.get("channel", {}).get("id") or body["container"]["channel_id"]
    message = body.get("message")
    posted = True
    try:
        if body.get("container", {}).get("is_ephemeral") or not message:
            try:
                await escalation.start_in_channel(
                    services, client, team_id=context.team_id or "", channel=channel,
                    entry=entry, user_id=user_id)
            except SlackApiError as exc:
                if exc.response.get("error") not in escalation.NOT_IN_CHANNEL:
                    raise
                await respond(response_type="ephemeral", replace_original=False,
                              text=escalation.INVITE_ME)
                posted = False
        else:
            thread = ThreadRef(channel, message.get("thread_ts") or message["ts"])
            checklist, posted = await escalation.start_in_thread(
                services, client, team_id=context.team_id or "", thread=thread, entry=entry,
                user_id=user_id)
            if not posted:
                link = await escalation.permalink(client, channel, checklist.message_ts)
                await tell_clicker(client, body, respond, checklist_pointer_message(link))
    except StoreError as exc:
        await store_failed(client, body, respond, "escalate", exc)
        return
    log_request("escalate", started, code=entry.code, posted=posted, channel=channel)

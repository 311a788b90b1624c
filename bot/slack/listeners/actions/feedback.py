"""Fixed it / Didn't help: one vote per person per card, acknowledged privately."""

from __future__ import annotations

import time

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks import ids
from bot.logs import log_request
from bot.slack.listeners.actions.stale import clicked_entry
from bot.slack.notes import tell_clicker
from bot.slack.services import services_of

THANKS_FIXED = "Thanks, noted: glad it's fixed."
THANKS_NOT_FIXED = (
    "Thanks, noted. If it is still broken, press *Escalate* on the card to collect "
    "logs for support."
)


async def feedback(
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
    fixed = action["action_id"] == ids.FEEDBACK_FIXED
    container = body.get("container", {})
    message = body.get("message", {})
    user_id = body["user"]["id"]
    await services.store.record_feedback(
        context.team_id or "",
        entry.code,
        container.get("message_ts") or message.get("ts", ""),
        user_id,
        fixed,
    )
    await tell_clicker(client, body, respond, THANKS_FIXED if fixed else THANKS_NOT_FIXED)
    log_request(
        "feedback", started, code=entry.code, fixed=fixed, channel=context.channel_id
    )

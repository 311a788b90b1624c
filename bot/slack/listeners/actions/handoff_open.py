"""Hand off to support: open the form, pre-filled from the thread's paste."""

from __future__ import annotations

import time

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.handoff import handoff_modal
from bot.domain.handoff import HandoffState
from bot.logs import log_request
from bot.slack import handoff
from bot.slack.escalation import lost
from bot.slack.listeners.actions.stale import answer_stale
from bot.slack.notes import store_failed, tell_clicker
from bot.slack.services import services_of
from bot.store.base import StoreError


async def handoff_open(
    ack: AsyncAck,
    action: dict,
    body: dict,
    respond: AsyncRespond,
    client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:
    await ack()  # then views.open, within the trigger_id's 3 seconds
    started = time.perf_counter()
    services = services_of(context)
    if services.settings.support_channel is None:
        await tell_clicker(client, body, respond, handoff.NO_SUPPORT_CHANNEL)
        return
    value = action.get("value", "")
    try:
        checklist = await services.store.get_checklist_by_id(int(value)) \
            if value.isdigit() else None
        if checklist is None:
            await answer_stale(respond)
            return
        existing = await services.store.get_handoff_for_thread(checklist.thread)
    except StoreError as exc:
        await store_failed(client, body, respond, "handoff_open", exc)
        return
    if existing and existing.state is not HandoffState.RESOLVED \
            and not lost(existing.support_message_ts, existing.created_at):
        await tell_clicker(client, body, respond, handoff.already_with_support(existing))
        return
    form = await handoff.prefill(client, checklist)
    await client.views_open(trigger_id=body["trigger_id"], view=handoff_modal(form, checklist.id))
    log_request("handoff_open", started, checklist=checklist.id,
                prefilled=sorted(k for k, v in form.__dict__.items() if v))

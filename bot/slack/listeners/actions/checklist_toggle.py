"""A tick or untick on the checklist: saved step by step, then shown to everyone."""

from __future__ import annotations

import time

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.checklist import toggled_steps
from bot.domain.handoff import HandoffState
from bot.logs import log_request
from bot.slack import escalation, handoff
from bot.slack.listeners.actions.stale import answer_stale
from bot.slack.notes import store_failed
from bot.slack.services import services_of
from bot.store.base import StoreError


async def checklist_toggle(
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
    selected = [o["value"] for o in action.get("selected_options") or []]
    # What THIS click changed, from the view the clicker saw: others' ticks since stay.
    found = toggled_steps(services.kb.procedure, action.get("block_id", ""), selected)
    if found is None:
        await answer_stale(respond)
        return
    checklist_id, changes = found
    user_id = body["user"]["id"]
    try:
        checklist = await services.store.get_checklist_by_id(checklist_id)
        if checklist is None:
            await answer_stale(respond)
            return
        for step_id, done in changes.items():
            if checklist.step(step_id) is not None:  # not a step added to the procedure since
                await services.store.set_step(checklist_id, step_id, done, user_id)
        # Re-rendered even when nothing changed: it refreshes the clicker's stale view.
        await escalation.refresh(services, client, checklist_id)
        # Support sees the progress too, once the thread has been handed off.
        handed_off = await services.store.get_handoff_for_thread(checklist.thread)
        if handed_off is not None and handed_off.state is not HandoffState.RESOLVED:
            await handoff.refresh_support_message(services, client, handed_off.id)
    except StoreError as exc:
        await store_failed(client, body, respond, "checklist_toggle", exc)
        return
    log_request("checklist_toggle", started, checklist=checklist_id,
                ticked=sum(changes.values()), unticked=len(changes) - sum(changes.values()))

"""Support's buttons on a hand-off: Take it and Resolved, for support members only."""

from __future__ import annotations

import time

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks import ids
from bot.blocks.labels import handoff_state
from bot.logs import log_request
from bot.slack import handoff
from bot.slack.listeners.actions.stale import answer_stale
from bot.slack.notes import store_failed, tell_clicker
from bot.slack.services import services_of
from bot.slack.support_team import support_team
from bot.store.base import StoreError

NOT_SUPPORT = "Only the support team can take or resolve hand-offs."
CANNOT_CHECK = "I couldn't check who is in the support team just now. Please try again."


async def take_or_resolve(
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
    value = action.get("value", "")
    if not value.isdigit():
        await answer_stale(respond)
        return
    user_id = body["user"]["id"]
    member = await support_team(services).includes(client, services.settings, user_id)
    if not member:
        await tell_clicker(client, body, respond, CANNOT_CHECK if member is None else NOT_SUPPORT)
        log_request("handoff_refused", started, handoff=value, unchecked=member is None)
        return
    take = action["action_id"] == ids.HANDOFF_TAKE
    store = services.store
    try:
        if take:
            found, changed = await store.take_handoff(int(value), user_id)
        else:
            found, changed = await store.resolve_handoff(int(value), user_id)
        if changed:
            await handoff.refresh_support_message(services, client, found.id)
    except StoreError as exc:
        await store_failed(client, body, respond, "handoff_support", exc)
        return
    if changed:  # only the click that changed the store tells the thread
        await handoff.notify_thread(client, found)
    elif user_id != (found.assignee if take else found.resolved_by):
        # Someone else got there first; a double click of one's own needs no answer.
        await tell_clicker(client, body, respond, f"Already done: {handoff_state(found)}.")
    log_request("handoff_take" if take else "handoff_resolve", started, handoff=found.id,
                changed=changed, state=found.state.value)

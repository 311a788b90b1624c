"""The hand-off form sent: validate, save, post to support, tell the thread."""

from __future__ import annotations

import logging
import time

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.handoff import modal_errors
from bot.logs import log_request
from bot.slack import escalation, handoff
from bot.slack.notes import SAVE_FAILED
from bot.slack.services import services_of
from bot.store.base import StoreError

log = logging.getLogger(__name__)

# Problems that are not about one field are shown under the last free-text input.
GENERAL_FIELD = "what_happened"
CHECKLIST_GONE = "That checklist no longer exists: paste the error again to start over."


def cannot_post(channel: str) -> str:
    return (f"I couldn't post in <#{channel}>: invite me there with /invite @mfa-bot, "
            "then press Hand off to support again in a minute.")


async def handoff_submit(
    ack: AsyncAck, body: dict, view: dict, client: AsyncWebClient, context: AsyncBoltContext
) -> None:
    started = time.perf_counter()
    services = services_of(context)
    form = handoff.form_of(view)
    errors = form.errors()
    if errors:
        await ack(**modal_errors(errors))
        log_request("handoff_invalid", started, fields=sorted(errors))
        return
    support_channel = services.settings.support_channel
    if support_channel is None:  # unset since the form was opened
        await ack(**modal_errors({GENERAL_FIELD: handoff.NO_SUPPORT_CHANNEL}))
        return
    user_id = body["user"]["id"]
    checklist_id = handoff.checklist_id_of(view)
    # Saved before the ack (a quick write) so a failure keeps the form open and filled in.
    try:
        checklist = await services.store.get_checklist_by_id(checklist_id) \
            if checklist_id is not None else None
        if checklist is None:
            await ack(**modal_errors({GENERAL_FIELD: CHECKLIST_GONE}))
            return
        found, created = await services.store.create_handoff(
            context.team_id or "", checklist.thread, checklist.entry_id, form, user_id,
            support_channel)
    except StoreError as exc:
        log.warning("event=handoff_submit_store_failed error=%s", type(exc).__name__)
        await ack(**modal_errors({GENERAL_FIELD: SAVE_FAILED}))
        return
    await ack()
    thread = checklist.thread
    if not created and not escalation.lost(found.support_message_ts, found.created_at):
        await client.chat_postEphemeral(channel=thread.channel, user=user_id,
                                        thread_ts=thread.thread_ts,
                                        text=handoff.already_with_support(found))
        return
    try:
        await handoff.post_to_support(services, client, found)
    except SlackApiError as exc:
        if exc.response.get("error") not in escalation.NOT_IN_CHANNEL:
            raise
        log.warning("event=support_post_failed error=%s", exc.response.get("error"))
        await client.chat_postEphemeral(channel=thread.channel, user=user_id,
                                        thread_ts=thread.thread_ts,
                                        text=cannot_post(support_channel))
        return
    await handoff.notify_thread(client, found)
    log_request("handoff_submit", started, handoff=found.id, code=found.entry_id,
                channel=thread.channel)

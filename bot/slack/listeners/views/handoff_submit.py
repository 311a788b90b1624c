"""The hand-off form sent: validate, save, acknowledge, post to support, tell the thread."""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError

from bot.blocks.handoff import modal_errors
from bot.blocks.replies import (
    CHECKLIST_GONE,
    NO_SUPPORT_CHANNEL,
    already_with_support,
    cannot_post,
)
from bot.slack.flows import escalation, handoff
from bot.slack.wiring.errors import slack_error
from bot.slack.wiring.listener import Request, listener

log = logging.getLogger(__name__)

# Problems that are not about one field are shown under the last free-text input.
GENERAL_FIELD = "what_happened"


# Saved before the ack, so a failure keeps the form open and filled in, with the reason.
@listener("handoff_submit", acks=True, error_field=GENERAL_FIELD)
async def handoff_submit(request: Request) -> None:
    services, client, user_id = request.services, request.client, request.user_id
    form = handoff.form_of(request.view)
    errors = form.errors()
    if errors:
        await request.ack(**modal_errors(errors))
        request.log("handoff_invalid", fields=sorted(errors))
        return
    support_channel = services.settings.support_channel
    if support_channel is None:  # unset since the form was opened
        await request.ack(**modal_errors({GENERAL_FIELD: NO_SUPPORT_CHANNEL}))
        return
    opened_for = handoff.checklist_of(request.view)
    checklist = None if opened_for is None else await request.store(
        services.store.get_checklist_by_id(opened_for[0]))
    # The form names its checklist's thread as well: a guessed ID alone is not enough.
    if checklist is None or opened_for is None or checklist.thread != opened_for[1]:
        await request.ack(**modal_errors({GENERAL_FIELD: CHECKLIST_GONE}))
        return
    found, created = await request.store(services.store.create_handoff(
        request.team_id, checklist.thread, checklist.entry_id, form, user_id, support_channel))
    await request.ack()
    thread = checklist.thread
    if not created and not escalation.lost(found.support_message_ts, found.created_at):
        await client.chat_postEphemeral(channel=thread.channel, user=user_id,
                                        thread_ts=thread.thread_ts,
                                        text=already_with_support(found))
        return
    try:
        await handoff.post_to_support(services, client, found)
    except SlackApiError as exc:
        if slack_error(exc) not in escalation.NOT_IN_CHANNEL:
            raise
        log.warning("event=support_post_failed error=%s", slack_error(exc))
        await client.chat_postEphemeral(channel=thread.channel, user=user_id,
                                        thread_ts=thread.thread_ts,
                                        text=cannot_post(support_channel))
        return
    await handoff.notify_thread(client, found)
    request.log(handoff=found.id, code=found.entry_id, channel=thread.channel)

"""The hand-off form sent: validate, save, acknowledge, then owe support its message, the
thread its notice and the ticket system its event (all through the outbox)."""

from __future__ import annotations

from bot.blocks.handoff import modal_errors
from bot.blocks.replies import CHECKLIST_GONE, NO_SUPPORT_CHANNEL, already_with_support
from bot.domain.webhook import HandoffEvent
from bot.slack.flows import escalation, handoff
from bot.slack.wiring.listener import Request, listener

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
    # Sent again only when its support message never made it and nothing is on its way
    # (the bot was not in the support channel, and has been invited since).
    if not created and (
            not escalation.lost(found.support_message_ts, found.created_at)
            or found.id in await services.store.undelivered_handoffs(request.team_id)):
        await client.chat_postEphemeral(channel=thread.channel, user=user_id,
                                        thread_ts=thread.thread_ts,
                                        text=already_with_support(found))
        return
    await handoff.owe_event(services, client, found, HandoffEvent.OPENED, request.team_id)
    request.log(handoff=found.id, code=found.entry_id, channel=thread.channel)

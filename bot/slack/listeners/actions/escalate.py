"""Escalate to support: the log-collection checklist in the card's thread, once."""

from __future__ import annotations

from slack_sdk.errors import SlackApiError

from bot.blocks.checklist import checklist_pointer_message
from bot.blocks.replies import INVITE_ME
from bot.domain.checklist import ThreadRef
from bot.slack.flows import escalation
from bot.slack.listeners.actions.stale import answer_stale, clicked_entry
from bot.slack.wiring.errors import slack_error
from bot.slack.wiring.listener import Request, listener


@listener("escalate", acks=True)
async def escalate(request: Request) -> None:
    services, body, client = request.services, request.body, request.client
    entry = await clicked_entry(request)
    if entry is None:
        return
    channel = body.get("channel", {}).get("id") or body["container"].get("channel_id")
    if not channel:  # Slack always names the channel of a card's message
        await answer_stale(request)
        return
    message = body.get("message")
    posted = True
    if body.get("container", {}).get("is_ephemeral") or not message:
        # A private card has no thread: the checklist's thread is the message posted for
        # it, so nothing can be saved before that post.
        await request.ack()
        try:
            await escalation.start_in_channel(
                services, client, team_id=request.team_id, channel=channel, entry=entry,
                user_id=request.user_id)
        except SlackApiError as exc:
            if slack_error(exc) not in escalation.NOT_IN_CHANNEL:
                raise
            await request.respond(response_type="ephemeral", replace_original=False,
                                  text=INVITE_ME)
            posted = False
    else:
        thread = ThreadRef(channel, message.get("thread_ts") or message["ts"])
        checklist, posted = await request.store(escalation.claim_checklist(
            services, team_id=request.team_id, thread=thread, entry=entry,
            user_id=request.user_id))
        await request.ack()  # saved: the outbox posts it, through Slack trouble too
        if posted:
            await escalation.post_checklist(services, checklist, request.team_id)
        else:
            link = await escalation.permalink(client, channel, checklist.message_ts)
            await request.tell(checklist_pointer_message(link))
    request.log(code=entry.name, posted=posted, channel=channel)

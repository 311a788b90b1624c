"""The "Troubleshoot this error" message shortcut: a private card for the clicker."""

from __future__ import annotations

from slack_sdk.errors import SlackApiError

from bot.blocks.shortcut import shortcut_message
from bot.slack.flows.escalation import NOT_IN_CHANNEL
from bot.slack.flows.paste import match, matched_codes, record_matches
from bot.slack.wiring.errors import slack_error
from bot.slack.wiring.listener import Request, listener

CALLBACK_ID = "troubleshoot_message"


@listener("shortcut")
async def troubleshoot(request: Request) -> None:
    services, shortcut = request.services, request.body
    message = shortcut.get("message", {})
    channel, user = shortcut["channel"]["id"], request.user_id
    thread_ts = message.get("thread_ts") or message["ts"]
    result = await match(services, message.get("text") or "", explicit=True)
    codes = matched_codes(result)
    try:
        await request.client.chat_postEphemeral(
            channel=channel, user=user, thread_ts=thread_ts,
            **shortcut_message(result, thread_ts=thread_ts).as_kwargs(),
        )
        answered = "ephemeral"
    except SlackApiError as exc:
        if slack_error(exc) not in NOT_IN_CHANNEL:
            raise
        # Not in that channel (or a DM between people): the shortcut's response_url still
        # reaches the clicker there, but the bot cannot post in the thread.
        await request.respond(
            response_type="ephemeral", replace_original=False,
            **shortcut_message(result, thread_ts=None).as_kwargs(),
        )
        answered = "response_url"
    await record_matches(services, request.team_id, codes)
    request.log(matched=codes, answered=answered, channel=channel)

"""@mfa-bot in a channel: the person asked, so they always get an answer."""

from __future__ import annotations

import re

from bot.slack.listeners.events.message import answer_person, is_person_message
from bot.slack.wiring.listener import Request, listener


@listener("app_mention")
async def on_app_mention(request: Request) -> None:
    event, context = request.event, request.context
    if not is_person_message(event, context.bot_user_id):
        return
    text = event.get("text") or ""
    if context.bot_user_id:  # the mention itself is not part of the paste
        text = re.sub(rf"<@{re.escape(context.bot_user_id)}(?:\|[^>]*)?>", " ", text)
    if event.get("files") and not text.strip():
        return  # just "@mfa-bot" with a file: the file is the question, read as a bundle
    await answer_person(request, text, asked=True)

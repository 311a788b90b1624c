"""@mfa-bot in a channel: the person asked, so they always get an answer."""

from __future__ import annotations

import re
import time

from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.logs import log_request
from bot.slack.listeners.events.message import is_person_message
from bot.slack.paste import answer_paste
from bot.slack.services import services_of


async def on_app_mention(
    event: dict, context: AsyncBoltContext, client: AsyncWebClient
) -> None:
    if not is_person_message(event, context.bot_user_id):
        return
    text = event.get("text") or ""
    if context.bot_user_id:  # the mention itself is not part of the paste
        text = re.sub(rf"<@{re.escape(context.bot_user_id)}(?:\|[^>]*)?>", " ", text)
    started = time.perf_counter()
    codes = await answer_paste(
        services_of(context),
        client,
        team_id=context.team_id,
        channel=event["channel"],
        thread_ts=event.get("thread_ts") or event["ts"],
        text=text,
        asked=True,
        user_id=event.get("user", ""),
    )
    log_request(
        "app_mention", started, matched=codes, channel=event["channel"], chars=len(text)
    )

"""Someone opened the bot's Home tab: publish it fresh for them."""

from __future__ import annotations

import time

from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.logs import log_request
from bot.slack.home import publish_home
from bot.slack.services import services_of


async def on_app_home_opened(
    event: dict, context: AsyncBoltContext, client: AsyncWebClient
) -> None:
    if event.get("tab") != "home":  # the Messages tab: nothing to publish
        return
    started = time.perf_counter()
    await publish_home(
        services_of(context), client, team_id=context.team_id or "", user_id=event["user"])
    log_request("app_home_opened", started)

"""Someone opened the bot's Home tab: publish it fresh for them."""

from __future__ import annotations

from bot.slack.flows.home import publish_home
from bot.slack.wiring.listener import Request, listener


@listener("app_home_opened")
async def on_app_home_opened(request: Request) -> None:
    event = request.event
    if event.get("tab") != "home":  # the Messages tab: nothing to publish
        return
    await publish_home(request.services, request.client, team_id=request.team_id,
                       user_id=event["user"])
    request.log()

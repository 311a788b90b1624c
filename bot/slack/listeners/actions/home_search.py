"""The Search button on the App Home: open the search modal."""

from __future__ import annotations

from bot.blocks.home import search_modal
from bot.slack.wiring.listener import Request, listener


@listener("home_search")
async def home_search(request: Request) -> None:
    await request.client.views_open(trigger_id=request.body["trigger_id"], view=search_modal())
    request.log()

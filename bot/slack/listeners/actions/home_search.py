"""The Search button on the App Home: open the search modal."""

from __future__ import annotations

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.home import search_modal


async def home_search(ack: AsyncAck, body: dict, client: AsyncWebClient) -> None:
    await ack()
    await client.views_open(trigger_id=body["trigger_id"], view=search_modal())

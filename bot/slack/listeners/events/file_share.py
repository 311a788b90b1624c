"""Files shared in a message: read as a log bundle, beside whatever the message's text is.

A listener middleware on the message listener, so the text still goes to the paste
matcher as before and the files are read in the background."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.flows import bundles
from bot.slack.wiring.services import services_of


async def read_shared_files(
    body: dict, context: AsyncBoltContext, client: AsyncWebClient,
    next: Callable[[], Awaitable[None]],  # Bolt passes it by this name
) -> None:
    event = body.get("event") or {}
    if (event.get("subtype") == "file_share" and event.get("files") and event.get("user")
            and not event.get("bot_id") and event.get("user") != context.bot_user_id
            and context.bot_user_id):
        bundles.start(services_of(context), client, event, context.bot_user_id)
    await next()

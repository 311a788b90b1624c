"""Files shared in a message: read as a log bundle, beside whatever the message's text is.

Called by the message listener, so the text still goes to the paste matcher as before
and the files are read in the background."""

from __future__ import annotations

from bot.slack.flows import bundles
from bot.slack.wiring.listener import Request


def read_shared_files(request: Request) -> None:
    event, bot_user = request.event, request.context.bot_user_id
    if (event.get("subtype") == "file_share" and event.get("files") and event.get("user")
            and not event.get("bot_id") and event.get("user") != bot_user and bot_user):
        bundles.start(request.services, request.client, event, bot_user)

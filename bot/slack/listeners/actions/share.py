"""Share: post a private /mfa-error card in the channel for everyone."""

from __future__ import annotations

from bot.blocks.card import entry_message
from bot.slack.listeners.actions.stale import clicked_entry
from bot.slack.wiring.listener import Request, listener


@listener("share")
async def share(request: Request) -> None:
    entry = await clicked_entry(request)
    if entry is None:
        return
    await request.respond(
        response_type="in_channel",
        delete_original=True,
        unfurl_links=False,
        unfurl_media=False,
        **entry_message(entry).as_kwargs(),
    )
    request.log(code=entry.name, channel=request.context.channel_id)

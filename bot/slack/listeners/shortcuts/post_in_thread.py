"""Post in thread, on a shortcut's private card: post that card in the message's thread."""

from __future__ import annotations

from bot.blocks.card import entry_message
from bot.blocks.shortcut import parse_post_in_thread
from bot.slack.listeners.actions.stale import answer_stale
from bot.slack.wiring.listener import Request, listener


@listener("post_in_thread")
async def post_in_thread(request: Request) -> None:
    parsed = parse_post_in_thread(request.action.get("value", ""))
    entry = request.services.kb.get(parsed[0]) if parsed else None
    if parsed is None or entry is None:
        await answer_stale(request)
        return
    channel = request.body["channel"]["id"]
    await request.client.chat_postMessage(
        channel=channel, thread_ts=parsed[1], unfurl_links=False, unfurl_media=False,
        **entry_message(entry).as_kwargs(),
    )
    await request.respond(delete_original=True)  # everyone sees it now: the private copy goes
    request.log(code=entry.name, channel=channel)

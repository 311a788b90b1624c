"""Did you mean: replace the card with the entry the person picked."""

from __future__ import annotations

from bot.blocks.card import entry_message
from bot.slack.flows.paste import record_matches
from bot.slack.listeners.actions.stale import clicked_entry
from bot.slack.wiring.listener import Request, listener


@listener("did_you_mean")
async def did_you_mean(request: Request) -> None:
    services, body = request.services, request.body
    entry = await clicked_entry(request)
    if entry is None:
        return
    # The entry's siblings (same code, other messages) stay one click away.
    alternatives = tuple(e for e in services.kb.by_code(entry.code) if e.id != entry.id)
    if body.get("container", {}).get("is_ephemeral"):
        # An ephemeral card can only be changed through its response_url.
        message = entry_message(entry, share=True, alternatives=alternatives)
        await request.respond(replace_original=True, **message.as_kwargs())
    else:
        message = entry_message(entry, alternatives=alternatives)
        await request.client.chat_update(
            channel=body["channel"]["id"],
            ts=body["message"]["ts"],
            unfurl_links=False,
            unfurl_media=False,
            **message.as_kwargs(),
        )
    await record_matches(services, request.team_id, (entry.name,))
    request.log(code=entry.name, channel=request.context.channel_id)

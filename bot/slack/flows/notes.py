"""Private notes to whoever pressed a button, shown where they pressed it."""

from __future__ import annotations

from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.message import Message


async def tell_clicker(
    client: AsyncWebClient, body: dict, respond: AsyncRespond, note: Message | str
) -> None:
    """Only the clicker sees it: through the response_url on an ephemeral message, else as
    an ephemeral in the clicked message's thread (or channel)."""
    content = note.as_kwargs() if isinstance(note, Message) else {"text": note}
    if body.get("container", {}).get("is_ephemeral") or not body.get("channel"):
        await respond(response_type="ephemeral", replace_original=False, **content)
        return
    await client.chat_postEphemeral(
        channel=body["channel"]["id"],
        user=body["user"]["id"],
        thread_ts=body.get("message", {}).get("thread_ts"),
        **content,
    )

"""A message in a channel, private channel or DM: maybe a pasted error."""

from __future__ import annotations

import logging

from bot.slack.flows.paste import answer_paste
from bot.slack.listeners.events.file_share import read_shared_files
from bot.slack.wiring.listener import Request, listener

# Edits, deletions, joins, bot posts...: only what a person wrote fresh is a paste.
PASTE_SUBTYPES = frozenset({None, "thread_broadcast", "file_share"})


def is_person_message(event: dict, bot_user_id: str | None) -> bool:
    return (
        event.get("subtype") in PASTE_SUBTYPES
        and not event.get("bot_id")
        and bool(event.get("user"))
        and event.get("user") != bot_user_id
    )


@listener("message")
async def on_message(request: Request) -> None:
    read_shared_files(request)  # attached logs, beside the text's usual answer
    event, bot_user = request.event, request.context.bot_user_id
    text = event.get("text") or ""
    direct = event.get("channel_type") == "im"
    mentioned = not direct and bool(bot_user) and f"<@{bot_user}" in text
    # A mention also comes as app_mention: that listener answers it.
    if is_person_message(event, bot_user) and not mentioned:
        await answer_person(request, text, asked=direct)


async def answer_person(request: Request, text: str, *, asked: bool) -> None:
    """Answer a person's message (``text``, maybe a paste) in its thread."""
    event = request.event
    codes = await answer_paste(
        request.services,
        request.client,
        team_id=request.context.team_id,
        channel=event["channel"],
        thread_ts=event.get("thread_ts") or event["ts"],
        text=text,
        asked=asked,
        user_id=event["user"],
    )
    # Silence is most of what a channel gets (chit-chat): a line each only at DEBUG.
    request.log(matched=codes or (), channel=event["channel"], chars=len(text),
                level=logging.INFO if codes is not None else logging.DEBUG)

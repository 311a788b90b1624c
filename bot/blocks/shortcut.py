"""The private answer to the "Troubleshoot this error" message shortcut."""

from __future__ import annotations

import json

from bot.blocks import ids
from bot.blocks.card import reply_message, suggestions_message
from bot.blocks.elements import Block, button
from bot.blocks.message import Message
from bot.domain.results import MatchResult

# Button on a shortcut card; value = post_in_thread_value(entry_id, thread_ts).
POST_IN_THREAD = "shortcut_post_in_thread"


def post_in_thread_value(entry_id: str, thread_ts: str) -> str:
    return json.dumps({"entry": entry_id, "thread_ts": thread_ts}, separators=(",", ":"))


def parse_post_in_thread(value: str) -> tuple[str, str] | None:
    """(entry_id, thread_ts) from a "Post in thread" button; None when malformed."""
    try:
        found = json.loads(value)
        entry_id, thread_ts = found["entry"], found["thread_ts"]
    except (ValueError, TypeError, KeyError):
        return None
    if not isinstance(entry_id, str) or not isinstance(thread_ts, str):
        return None
    return entry_id, thread_ts


def _in_thread(block: Block, thread_ts: str) -> Block:
    """An actions block with each Share button turned into "Post in thread": a message
    shortcut may come from a thread, and a response_url cannot post into one."""
    if block["type"] != "actions":
        return block
    elements = [
        button("Post in thread", POST_IN_THREAD, post_in_thread_value(e["value"], thread_ts))
        if e.get("action_id") == ids.SHARE else e
        for e in block["elements"]
    ]
    return {**block, "elements": elements}


def shortcut_message(result: MatchResult, *, thread_ts: str | None) -> Message:
    """The card(s) for the person who used the shortcut. ``thread_ts``: the thread the bot
    can post the card in (None when it is not in that channel: no "Post in thread")."""
    if not result.matches:
        return suggestions_message(result)
    message = reply_message(result, share=thread_ts is not None)
    if thread_ts is None:
        return message
    return Message(message.text, [_in_thread(b, thread_ts) for b in message.blocks])

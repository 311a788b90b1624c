"""Small constructors for Block Kit JSON, each keeping the limit of the field it fills.

Callers pass mrkdwn that is already escaped; plain_text is shown as typed by Slack, so it
only gets control characters removed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.blocks import limits
from bot.blocks.text import clean, escape, truncate
from bot.domain.knowledge import Link

Block = dict[str, Any]


def plain(text: str, limit: int = limits.TEXT) -> dict[str, Any]:
    return {"type": "plain_text", "text": truncate(clean(text), limit) or " ", "emoji": True}


def mrkdwn(text: str, limit: int = limits.TEXT) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": truncate(text, limit) or " "}


def header(text: str) -> Block:
    return {"type": "header", "text": plain(text, limits.HEADER_TEXT)}


def section(text: str, *, accessory: dict[str, Any] | None = None) -> Block:
    block: Block = {"type": "section", "text": mrkdwn(text, limits.SECTION_TEXT)}
    if accessory:
        block["accessory"] = accessory
    return block


def fields(items: Sequence[str]) -> Block:
    """A two-column section; at most 10 fields of at most 2,000 characters."""
    return {"type": "section",
            "fields": [mrkdwn(i, limits.FIELD_TEXT) for i in items[: limits.SECTION_FIELDS]]}


def context(*texts: str) -> Block:
    return {"type": "context",
            "elements": [mrkdwn(t) for t in texts[: limits.CONTEXT_ELEMENTS]]}


def button(label: str, action_id: str, value: str, *, style: str | None = None,
           limit: int = limits.BUTTON_TEXT) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "button",
        "text": plain(label, limit),
        "action_id": action_id,
        "value": value[: limits.BUTTON_VALUE],
    }
    if style:
        element["style"] = style
    return element


def actions(elements: Sequence[dict[str, Any]], block_id: str | None = None) -> Block:
    block: Block = {"type": "actions", "elements": list(elements[: limits.ACTIONS_ELEMENTS])}
    if block_id:
        block["block_id"] = block_id
    return block


def link(target: Link) -> str:
    """Our own link markup; the title is escaped and the URL cannot close the markup early."""
    title = escape(target.title)
    url = target.url.strip()
    if not url.startswith("https://") or any(c in url for c in "<>| \n"):
        return title
    return f"<{url.replace('&', '&amp;')}|{title}>"


def permalink(url: str, title: str) -> str:
    return link(Link(title=title, url=url))

"""The answer when a button names something that is gone: an entry the knowledge base no
longer has, or a checklist or hand-off the click does not belong to."""

from __future__ import annotations

from bot.blocks.replies import STALE_CARD
from bot.domain.knowledge import Entry
from bot.slack.wiring.listener import Request


async def answer_stale(request: Request) -> None:
    await request.respond(response_type="ephemeral", replace_original=False, text=STALE_CARD)


async def clicked_entry(request: Request) -> Entry | None:
    """The knowledge entry a card button names; None, and the clicker told, when it is gone
    (the knowledge base was edited since the card was posted)."""
    entry = request.services.kb.get(request.action.get("value", ""))
    if entry is None:
        await answer_stale(request)
    return entry

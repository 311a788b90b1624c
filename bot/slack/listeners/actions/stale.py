"""The answer when a button names an entry the knowledge base no longer has."""

from __future__ import annotations

from slack_bolt.context.respond.async_respond import AsyncRespond

from bot.domain.knowledge import Entry
from bot.slack.services import Services

STALE_CARD = (
    "That card is out of date (the knowledge base changed). "
    "Paste the error again or use /mfa-error."
)


async def answer_stale(respond: AsyncRespond) -> None:
    await respond(response_type="ephemeral", replace_original=False, text=STALE_CARD)


async def clicked_entry(services: Services, action: dict, respond: AsyncRespond) -> Entry | None:
    """The knowledge entry a card button names; None, and the clicker told, when it is gone
    (the knowledge base was edited since the card was posted)."""
    entry = services.kb.get(action.get("value", ""))
    if entry is None:
        await answer_stale(respond)
    return entry

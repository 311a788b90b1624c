"""The answer when a button names an entry the knowledge base no longer has."""

from __future__ import annotations

from slack_bolt.context.respond.async_respond import AsyncRespond

STALE_CARD = (
    "That card is out of date (the knowledge base changed). "
    "Paste the error again or use /mfa-error."
)


async def answer_stale(respond: AsyncRespond) -> None:
    await respond(response_type="ephemeral", replace_original=False, text=STALE_CARD)

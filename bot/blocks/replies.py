"""The short texts people read in replies, notes and modal errors, in one place beside
the other builders. Plain text: nothing here pings or links."""

from __future__ import annotations

from bot.blocks.labels import handoff_state
from bot.domain.handoff import Handoff

# Something failed; the person can try again.
APOLOGY = "Sorry, something went wrong on my side. Please try again in a minute."
SAVE_FAILED = "Sorry, I couldn't save that. Please try again."
LOOKUP_FAILED = "Sorry, I couldn't look that up just now. Please try again in a minute."

# Cards and checklists.
STALE_CARD = (
    "That card is out of date (the knowledge base changed). "
    "Paste the error again or use /mfa-error."
)
INVITE_ME = "Invite me with /invite @mfa-bot, or paste the error in a channel I'm in."
CHECKLIST_GONE = "That checklist no longer exists: paste the error again to start over."
THANKS_FIXED = "Thanks, noted: glad it's fixed."
THANKS_NOT_FIXED = (
    "Thanks, noted. If it is still broken, press *Escalate* on the card to collect "
    "logs for support."
)

# Hand-off to support.
NO_SUPPORT_CHANNEL = (
    "No support channel is set up yet, so I can't hand this off. An admin sets "
    "MFA_BOT_SUPPORT_CHANNEL to the support channel's ID (C..., in the channel's details), "
    "invites me there with /invite @mfa-bot and restarts me. The checklist works meanwhile."
)
NOT_SUPPORT = "Only the support team can take or resolve hand-offs."
CANNOT_CHECK = "I couldn't check who is in the support team just now. Please try again."


def already_with_support(handoff: Handoff) -> str:
    return (f"This thread is already with support (hand-off #{handoff.id}): "
            f"{handoff_state(handoff)}.")


def cannot_post(channel: str) -> str:
    """``channel`` is a Slack channel ID: <#C...> names it, and cannot ping anyone."""
    return (f"I couldn't post in <#{channel}>: invite me there with /invite @mfa-bot, "
            "then press Hand off to support again in a minute.")


def already_done(handoff: Handoff) -> str:
    return f"Already done: {handoff_state(handoff)}."


def checklist_placeholder(entry_name: str) -> str:
    """The first text of a checklist posted as a channel message of its own."""
    return f"{entry_name}: log collection for support"

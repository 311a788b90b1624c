from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.slack.listeners.commands.mfa_error import COMMAND, mfa_error


def register(app: AsyncApp) -> None:
    app.command(COMMAND)(mfa_error)

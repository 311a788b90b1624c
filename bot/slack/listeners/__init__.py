"""One small function per listener, grouped by kind; ``register`` wires them all."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.slack.listeners import actions, commands, events, shortcuts, views


def register(app: AsyncApp) -> None:
    events.register(app)
    commands.register(app)
    actions.register(app)
    views.register(app)
    shortcuts.register(app)

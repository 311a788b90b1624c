from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.slack.listeners.events.app_home_opened import on_app_home_opened
from bot.slack.listeners.events.app_mention import on_app_mention
from bot.slack.listeners.events.message import on_message


def register(app: AsyncApp) -> None:
    app.event("message")(on_message)
    app.event("app_mention")(on_app_mention)
    app.event("app_home_opened")(on_app_home_opened)

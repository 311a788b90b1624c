from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.blocks.shortcut import POST_IN_THREAD
from bot.slack.listeners.shortcuts.post_in_thread import post_in_thread
from bot.slack.listeners.shortcuts.troubleshoot import CALLBACK_ID, troubleshoot


def register(app: AsyncApp) -> None:
    app.message_shortcut(CALLBACK_ID)(troubleshoot)
    app.action(POST_IN_THREAD)(post_in_thread)

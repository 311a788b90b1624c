from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.blocks import ids
from bot.slack.listeners.views.handoff_submit import handoff_submit
from bot.slack.listeners.views.search_submit import search_submit


def register(app: AsyncApp) -> None:
    app.view(ids.HANDOFF_MODAL)(handoff_submit)
    app.view(ids.SEARCH_MODAL)(search_submit)

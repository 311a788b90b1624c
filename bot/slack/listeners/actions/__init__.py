from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.blocks import ids
from bot.slack.listeners.actions.did_you_mean import did_you_mean
from bot.slack.listeners.actions.feedback import feedback
from bot.slack.listeners.actions.share import share


def register(app: AsyncApp) -> None:
    app.action(ids.SHARE)(share)
    app.action(ids.DID_YOU_MEAN)(did_you_mean)
    app.action(ids.FEEDBACK_FIXED)(feedback)
    app.action(ids.FEEDBACK_NOT_FIXED)(feedback)

from __future__ import annotations

import re

from slack_bolt.async_app import AsyncApp

from bot.blocks import ids
from bot.slack.listeners.actions.checklist_toggle import checklist_toggle
from bot.slack.listeners.actions.did_you_mean import did_you_mean
from bot.slack.listeners.actions.escalate import escalate
from bot.slack.listeners.actions.feedback import feedback
from bot.slack.listeners.actions.handoff_open import handoff_open
from bot.slack.listeners.actions.handoff_support import take_or_resolve
from bot.slack.listeners.actions.home_search import home_search
from bot.slack.listeners.actions.share import share


def register(app: AsyncApp) -> None:
    app.action(ids.SHARE)(share)
    app.action(ids.DID_YOU_MEAN)(did_you_mean)
    app.action(ids.FEEDBACK_FIXED)(feedback)
    app.action(ids.FEEDBACK_NOT_FIXED)(feedback)
    app.action(ids.ESCALATE)(escalate)
    app.action(re.compile(rf"^{re.escape(ids.CHECKLIST_TOGGLE)}\d+$"))(checklist_toggle)
    app.action(ids.HANDOFF_OPEN)(handoff_open)
    app.action(ids.HANDOFF_TAKE)(take_or_resolve)
    app.action(ids.HANDOFF_RESOLVE)(take_or_resolve)
    app.action(ids.HOME_SEARCH)(home_search)

"""What every listener needs, handed to Bolt's per-request context by a middleware."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from slack_bolt.context.async_context import AsyncBoltContext

from bot.config import Settings
from bot.domain.knowledge import KnowledgeBase
from bot.domain.matching import Matcher
from bot.live_knowledge import LiveKnowledge
from bot.metrics import Metrics
from bot.slack.recent import RecentIds
from bot.store.base import Store

CONTEXT_KEY = "mfa_bot_services"


@dataclass(frozen=True)
class Services:
    settings: Settings
    knowledge: LiveKnowledge  # reloaded when the files change: read it per request
    store: Store
    metrics: Metrics  # the Bot's own registry, which /metrics serves
    # Listener tasks under way (bot/slack/listener.py): a shutdown lets them finish.
    listening: set[asyncio.Task[Any]] = field(default_factory=set)
    # Events and commands this process answered lately (bot/slack/middleware.py).
    recent: RecentIds = field(default_factory=RecentIds)

    @property
    def kb(self) -> KnowledgeBase:
        return self.knowledge.kb

    @property
    def matcher(self) -> Matcher:
        return self.knowledge.matcher


def services_of(context: AsyncBoltContext) -> Services:
    return context[CONTEXT_KEY]

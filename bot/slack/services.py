"""What every listener needs, handed to Bolt's per-request context by a middleware."""

from __future__ import annotations

from dataclasses import dataclass

from slack_bolt.context.async_context import AsyncBoltContext

from bot.config import Settings
from bot.domain.knowledge import KnowledgeBase
from bot.domain.matching import Matcher
from bot.live_knowledge import LiveKnowledge
from bot.metrics import Metrics
from bot.store.base import Store

CONTEXT_KEY = "mfa_bot_services"


@dataclass(frozen=True)
class Services:
    settings: Settings
    knowledge: LiveKnowledge  # reloaded when the files change: read it per request
    store: Store
    metrics: Metrics  # the Bot's own registry, which /metrics serves

    @property
    def kb(self) -> KnowledgeBase:
        return self.knowledge.kb

    @property
    def matcher(self) -> Matcher:
        return self.knowledge.matcher


def services_of(context: AsyncBoltContext) -> Services:
    return context[CONTEXT_KEY]

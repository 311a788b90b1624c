"""What every listener needs, handed to Bolt's per-request context by a middleware."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from slack_bolt.context.async_context import AsyncBoltContext

from bot.config import Settings
from bot.delivery.sender import Sender
from bot.domain.knowledge import KnowledgeBase
from bot.domain.matching import Matcher
from bot.live_knowledge import LiveKnowledge
from bot.metrics import Metrics
from bot.slack.flows.serial import MessageLocks
from bot.slack.flows.support_team import SupportTeam
from bot.slack.wiring.recent import RecentIds
from bot.store.base import Store

CONTEXT_KEY = "mfa_bot_services"


@dataclass(frozen=True)
class Services:
    settings: Settings
    knowledge: LiveKnowledge  # reloaded when the files change: read it per request
    store: Store
    metrics: Metrics  # the Bot's own registry, which /metrics serves
    outbox: Sender  # every post the bot owes goes through it (flows/outbox.py)
    # Listener tasks under way (bot/slack/wiring/listener.py): a shutdown lets them finish.
    listening: set[asyncio.Task[Any]] = field(default_factory=set)
    # Events and commands this process answered lately (bot/slack/wiring/middleware.py).
    recent: RecentIds = field(default_factory=RecentIds)
    # Long pastes are matched here, one at a time, off the event loop (flows/paste.py).
    matching: ThreadPoolExecutor = field(default_factory=lambda: _one_thread("mfa-bot-match"))
    # One bundle read at a time (flows/bundles.py): one download plus one reading in memory.
    bundle_reader: ThreadPoolExecutor = field(
        default_factory=lambda: _one_thread("mfa-bot-bundle"))
    bundle_slot: asyncio.Semaphore = field(default_factory=lambda: asyncio.Semaphore(1))
    message_locks: MessageLocks = field(default_factory=MessageLocks)  # flows/serial.py
    support_team: SupportTeam = field(default_factory=SupportTeam)  # flows/support_team.py

    @property
    def kb(self) -> KnowledgeBase:
        return self.knowledge.kb

    @property
    def matcher(self) -> Matcher:
        return self.knowledge.matcher

    def close(self) -> None:
        """After the drain: the threads end once their current work is done."""
        self.matching.shutdown(wait=False)
        self.bundle_reader.shutdown(wait=False)


def _one_thread(name: str) -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)


def services_of(context: AsyncBoltContext) -> Services:
    return context[CONTEXT_KEY]

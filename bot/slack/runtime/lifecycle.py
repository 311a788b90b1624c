"""Start and stop everything the bot runs: store, Bolt app, HTTP server, Socket Mode."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import aiohttp
from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError

from bot.config import ConfigError, Settings
from bot.delivery.sender import Sender
from bot.delivery.webhook import WebhookSender
from bot.domain.knowledge import KnowledgeBase
from bot.domain.outbox import OutboxKind
from bot.live_knowledge import LiveKnowledge
from bot.metrics import Metrics
from bot.slack.flows.outbox import SlackHandlers
from bot.slack.runtime.connections import GuardedRunner
from bot.slack.runtime.server import build_web_app
from bot.slack.wiring.app import build_app
from bot.slack.wiring.errors import slack_error
from bot.slack.wiring.scopes import REINSTALL, granted_scopes, missing_features
from bot.slack.wiring.services import Services
from bot.store import open_store, utc_now
from bot.store.base import Store, StoreError

log = logging.getLogger(__name__)

PURGE_EVERY_SECONDS = 3600
KEEP_EVENT_IDS = timedelta(days=1)  # Slack stops retrying an event within minutes


async def purge_old_events(store: Store) -> None:
    while True:
        try:
            purged = await store.purge_events(datetime.now(UTC) - KEEP_EVENT_IDS)
            log.info("event=purge_events purged=%d", purged)
            # Settled outbox rows hold no payload; kept a day for looking into problems.
            settled = await store.purge_outbox(datetime.now(UTC) - KEEP_EVENT_IDS)
            log.info("event=purge_outbox purged=%d", settled)
        except StoreError as exc:
            log.warning("event=purge_events_failed error=%s", type(exc).__name__)
        await asyncio.sleep(PURGE_EVERY_SECONDS)


class SlackUnreachable(Exception):
    """Slack's Web API could not be reached at start-up, after the usual retries."""


class Bot:
    """One running bot. ``start`` raises ConfigError when Slack rejects the token, and
    SlackUnreachable when it cannot be reached."""

    def __init__(self, settings: Settings, kb: KnowledgeBase, *, host: str = "0.0.0.0",
                 shared_port: bool = False, clock: Callable[[], datetime] = utc_now):
        """``shared_port``: one of several worker processes on one port (SO_REUSEPORT, the
        kernel spreads connections over them); see bot/slack/runtime/workers.py.
        ``clock``: what the store and the outbox take as now (tests run it faster)."""
        self.settings = settings
        self.clock = clock
        self._webhook: WebhookSender | None = None
        self.kb = kb
        self.host = host
        self.shared_port = shared_port
        self.app: AsyncApp | None = None
        self.store: Store | None = None
        self.knowledge: LiveKnowledge | None = None
        self.metrics = Metrics()  # this bot's own registry: bots in one process never clash
        self._reloads: set[asyncio.Task] = set()
        self._runner: web.AppRunner | None = None
        self._socket: AsyncSocketModeHandler | None = None
        self._tasks: list[asyncio.Task] = []
        self._services: Services | None = None  # per-bot state: tasks, threads, caches

    async def start(self) -> None:
        try:
            await self._start()
        except BaseException:
            await self.stop()
            raise

    async def _start(self) -> None:
        settings = self.settings
        self.store = await open_store(settings.database_url, clock=self.clock)
        knowledge = self.knowledge = LiveKnowledge(settings.knowledge_dir, kb=self.kb)
        outbox = Sender(self.store, {}, self.metrics, clock=self.clock,
                        card_expiry=timedelta(minutes=settings.card_expiry_minutes),
                        lease=timedelta(seconds=settings.outbox_lease_seconds))
        services = Services(settings, knowledge, self.store, self.metrics, outbox)
        self._services = services
        self.app = build_app(settings, services)
        await self._check_token(self.app)
        outbox.handlers.update(SlackHandlers(services, self.app.client).handlers())
        if settings.handoff_webhook_url:
            self._webhook = WebhookSender(settings.handoff_webhook_url,
                                          settings.handoff_webhook_secret,
                                          settings.handoff_webhook_format)
            outbox.handlers[OutboxKind.WEBHOOK] = self._webhook
        http = settings.mode == "http"
        # Header, body and idle timeouts and a cap on connections: bot/slack/runtime/connections.py
        closed = self.metrics.connections_closed
        self._runner = GuardedRunner(
            build_web_app(services, self.app if http else None),
            on_closed=lambda reason: closed.labels(reason).inc(),
            access_log=None,
            # aiohttp drains an unread body (a refused 10 MB upload) for up to 10 s by
            # default, holding up shutdown: 1 s is plenty for Slack's small payloads.
            lingering_time=1.0,
        )
        await self._runner.setup()
        await web.TCPSite(self._runner, self.host, settings.port,
                          reuse_port=self.shared_port or None).start()
        if not http:
            self._socket = AsyncSocketModeHandler(self.app, settings.app_token)
            # The client would retry a rejected app token forever: open the first
            # connection URL here, so a bad token stops the bot with a clear message.
            self._socket.client.wss_uri = await self._open_socket_url(self.app)
            await self._socket.connect_async()
        self._tasks = [
            asyncio.create_task(purge_old_events(self.store)),
            asyncio.create_task(knowledge.watch()),
        ]
        outbox.start()  # what an earlier run (or a dead replica) left owed goes out now
        log.info(
            "event=started mode=%s port=%d knowledge_entries=%d",
            settings.mode, settings.port, len(self.kb.entries),
        )

    def reload_knowledge(self) -> None:
        """Reload the knowledge files now (on SIGHUP) instead of at the watcher's next
        poll, even when their size and mtime look unchanged."""
        if self.knowledge is None:
            return
        log.info("event=knowledge_reload_requested")
        task = asyncio.create_task(asyncio.to_thread(self.knowledge.reload))
        self._reloads.add(task)  # keep a reference until it is done
        task.add_done_callback(self._reloads.discard)

    async def _check_token(self, app: AsyncApp) -> None:
        try:
            auth = await app.client.auth_test()
        except (aiohttp.ClientError, TimeoutError) as exc:
            # aiohttp's connection errors are OSErrors too: not to be read as the port's
            raise SlackUnreachable(_unreachable(exc)) from None
        except SlackApiError as exc:
            raise ConfigError(
                f"SLACK_BOT_TOKEN was rejected by Slack ({slack_error(exc)}): copy the Bot User "
                "OAuth Token again from OAuth & Permissions, and reinstall the app if needed"
            ) from None
        log.info("event=auth_ok team=%s bot_user=%s", auth.get("team_id"), auth.get("user_id"))
        granted = granted_scopes(auth.headers)
        if granted is None:  # Slack did not list them: nothing to warn about
            return
        for missing in missing_features(granted):
            # Warn, do not refuse to start: every other feature still works.
            log.warning('event=scope_missing scope=%s effect="%s" fix="%s"',
                        missing.scope, missing.without, REINSTALL)

    async def _open_socket_url(self, app: AsyncApp) -> str:
        try:
            opened = await app.client.apps_connections_open(app_token=self.settings.app_token)
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise SlackUnreachable(_unreachable(exc)) from None
        except SlackApiError as exc:
            raise ConfigError(
                f"SLACK_APP_TOKEN was rejected by Slack ({slack_error(exc)}): generate an "
                "app-level token with the connections:write scope under Basic Information"
            ) from None
        return opened["url"]

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self._socket is not None:
            await self._socket.close_async()
        if self._runner is not None:
            await self._runner.cleanup()
        if self._services is not None:
            await _drain_answers(self._services.listening)
            # After the drain: answers under way may still hand it posts.
            await self._services.outbox.stop()
            self._services.close()
        if self._webhook is not None:
            await self._webhook.close()
            self._webhook = None
        if self.app is not None and self.app.client.session is not None:
            await self.app.client.session.close()
        if self.store is not None:
            await self.store.close()
        self._tasks = []
        self._socket = self._runner = self.store = self._services = None


DRAIN_SECONDS = 10.0


async def _drain_answers(listening: set[asyncio.Task]) -> None:
    """Let answers already under way (a card being posted, a tick being re-rendered)
    finish before the Web API client and the store close: a deploy's SIGTERM must not cut
    them off. Every listener registers its task there (bot/slack/wiring/listener.py)."""
    pending = set(listening)
    if pending:
        _, unfinished = await asyncio.wait(pending, timeout=DRAIN_SECONDS)
        if unfinished:
            log.warning("event=stop_cut_short unfinished=%d", len(unfinished))


def _unreachable(exc: BaseException) -> str:
    return (f"{type(exc).__name__}: cannot reach Slack's Web API (check the network, a "
            "proxy in HTTPS_PROXY, or SLACK_API_URL)")

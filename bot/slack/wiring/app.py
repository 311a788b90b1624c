"""Build the Bolt app: the Web API client, middleware, listeners and error handler.

Only wiring lives here; what each request does is in ``listeners/``.
"""

from __future__ import annotations

import logging

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.config import Settings
from bot.metrics import Metrics
from bot.slack import listeners
from bot.slack.wiring.errors import on_error
from bot.slack.wiring.middleware import Admit
from bot.slack.wiring.pools import pooled_session
from bot.slack.wiring.retries import SlackRetries
from bot.slack.wiring.services import Services

WEB_API_TIMEOUT = 30  # seconds per attempt, slack_sdk's own default


def build_client(settings: Settings, metrics: Metrics) -> AsyncWebClient:
    """A Web API client that rides out rate limits, 5xx and dropped connections
    (bot/slack/wiring/retries.py), and counts failures and retries in ``metrics``."""
    return AsyncWebClient(
        token=settings.bot_token,
        base_url=settings.api_url,
        # Without a session slack_sdk opens a new one, so a new connection, for every call:
        # under load that was the bot's largest cost. Bot.stop closes it.
        session=pooled_session(WEB_API_TIMEOUT),
        retry_handlers=[SlackRetries(metrics)],
        # slack_sdk builds its DEBUG lines (the whole request) whenever its logger's own
        # level is unset, emitted or not: "slack_sdk" is kept at INFO or above by bot.logs.
        logger=logging.getLogger("slack_sdk"),
    )


def build_app(settings: Settings, services: Services) -> AsyncApp:
    app = AsyncApp(
        name="mfa-bot",
        # Bolt copies its base logger's level into every logger it makes (and Socket Mode
        # logs whole envelopes, pastes included, at DEBUG): base them all on "slack_bolt",
        # whose level bot.logs keeps at INFO or above.
        logger=logging.getLogger("slack_bolt"),
        client=build_client(settings, services.metrics),
        signing_secret=settings.signing_secret,
        # Every HTTP request is verified before it reaches Bolt (runtime/server.py
        # signature_problem, on the raw bytes); Socket Mode's come over the app token's
        # WebSocket. Bolt's second HMAC of each body would change nothing.
        request_verification_enabled=False,
        # Ack first, work after: Slack wants an answer within 3 seconds.
        process_before_response=False,
    )
    app.use(Admit(services))
    listeners.register(app)
    app.error(on_error)
    return app

"""The HTTP side: POST /slack/events into Bolt, GET /healthz for the platform, GET /metrics
for Prometheus."""

from __future__ import annotations

import asyncio
import logging

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.signature import SignatureVerifier

from bot.metrics import CONTENT_TYPE
from bot.slack.request_shape import shape_problem
from bot.slack.services import Services
from bot.store.base import StoreError

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 1024 * 1024  # Slack's payloads are far smaller; 413 beyond this
HEALTH_TIMEOUT_SECONDS = 2.0

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
METRICS_PATH = "/metrics"

BOLT_APP = web.AppKey("bolt_app", AsyncApp)
SERVICES = web.AppKey("services", Services)
# Events come as JSON; interactivity, slash commands and ssl_check as a form.
SLACK_CONTENT_TYPES = frozenset({"application/json", "application/x-www-form-urlencoded"})
MALFORMED = {"error": "malformed request body"}


async def slack_events(request: web.Request) -> web.StreamResponse:
    if request.content_type not in SLACK_CONTENT_TYPES:
        return web.json_response({"error": "unsupported content type"}, status=415)
    raw = await request.read()  # raises 413 past client_max_size
    try:
        bolt_request = AsyncBoltRequest(
            body=raw.decode("utf-8"), query=request.query_string, headers=dict(request.headers)
        )
    except Exception:  # undecodable bytes, malformed JSON, a payload of the wrong shape
        return web.json_response(MALFORMED, status=400)
    if (problem := shape_problem(bolt_request.body)) is not None:
        # Bolt and the listeners would fail on it with a 500: answer here, after the same
        # signature check Bolt makes, so that only signed requests are worth a log line.
        verifier = SignatureVerifier(request.app[SERVICES].settings.signing_secret)
        if not verifier.is_valid_request(raw, dict(request.headers)):
            return web.json_response({"error": "invalid signature"}, status=401)
        log.warning("event=malformed_request problem=%s", problem)
        return web.json_response(MALFORMED, status=400)
    bolt_response = await request.app[BOLT_APP].async_dispatch(bolt_request)
    return await to_aiohttp_response(bolt_response)


async def healthz(request: web.Request) -> web.Response:
    services = request.app[SERVICES]
    entries = len(services.kb.entries)
    try:
        await asyncio.wait_for(services.store.ping(), HEALTH_TIMEOUT_SECONDS)
    except (StoreError, TimeoutError) as exc:
        log.warning("event=healthz status=503 error=%s", type(exc).__name__)
        return web.json_response(
            {"status": "unavailable", "reason": "store unavailable", "knowledge_entries": entries},
            status=503,
        )
    return web.json_response({"status": "ok", "knowledge_entries": entries, "store": "ok"})


async def metrics(request: web.Request) -> web.Response:
    services = request.app[SERVICES]
    body = await services.metrics.render(services.store, services.knowledge)
    return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE})


def build_web_app(services: Services, bolt_app: AsyncApp | None) -> web.Application:
    """``bolt_app`` None: health only (Socket Mode gets events over its WebSocket)."""
    app = web.Application(client_max_size=MAX_BODY_BYTES)
    app[SERVICES] = services
    app.router.add_get(HEALTH_PATH, healthz)
    app.router.add_get(METRICS_PATH, metrics)
    if bolt_app is not None:
        app[BOLT_APP] = bolt_app
        app.router.add_post(EVENTS_PATH, slack_events)
    return app

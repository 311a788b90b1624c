"""The HTTP side: POST /slack/events into Bolt, GET /healthz for the platform, GET /metrics
for Prometheus."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import time
from collections.abc import Callable, Mapping

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest

from bot.logs import Tally
from bot.metrics import CONTENT_TYPE
from bot.slack.runtime import connections
from bot.slack.wiring.deadline import within
from bot.slack.wiring.request_shape import shape_problem
from bot.slack.wiring.services import Services
from bot.store.base import Store, StoreError

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 1024 * 1024  # Slack's payloads are far smaller; 413 beyond this
HEALTH_TIMEOUT_SECONDS = 2.0
BACKLOG_TIMEOUT_SECONDS = 1.0

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
METRICS_PATH = "/metrics"

BOLT_APP = web.AppKey("bolt_app", AsyncApp)
SERVICES = web.AppKey("services", Services)
# Events come as JSON; interactivity, slash commands and ssl_check as a form.
SLACK_CONTENT_TYPES = frozenset({"application/json", "application/x-www-form-urlencoded"})
MALFORMED = {"error": "malformed request body"}
SIGNATURE_MAX_AGE_SECONDS = 300  # Slack's rule: refuse requests older than five minutes
REJECTIONS_LOG_EVERY_SECONDS = 60.0


def signature_problem(secret: str, raw: bytes, headers: Mapping[str, str]) -> str | None:
    """Why a request is not signed by Slack (a short word for the log), or None.

    Checked here, before Bolt, so that a refused request is never parsed and never
    logged: Bolt's own check logs the whole body, and turns a timestamp that is not an
    integer into a 500."""
    timestamp = headers.get("X-Slack-Request-Timestamp", "")
    signature = headers.get("X-Slack-Signature", "")
    if not timestamp or not signature:
        return "missing"
    if not (timestamp.isascii() and timestamp.isdigit() and len(timestamp) <= 12):
        return "bad_timestamp"
    if abs(time.time() - int(timestamp)) > SIGNATURE_MAX_AGE_SECONDS:
        return "stale"
    base = b"v0:" + timestamp.encode() + b":" + raw  # bytes: the body need not be UTF-8
    expected = "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected.encode(), signature.encode(errors="replace")):
        return "mismatch"
    return None


# stale: the host's clock, or a late delivery; mismatch: SLACK_SIGNING_SECRET
REJECTIONS = web.AppKey("rejections", Tally)
SIGNING_SECRET = web.AppKey("signing_secret", str)


async def slack_events(request: web.Request) -> web.StreamResponse:
    if request.content_type not in SLACK_CONTENT_TYPES:
        return web.json_response({"error": "unsupported content type"}, status=415)
    try:
        async with asyncio.timeout(connections.BODY_TIMEOUT):
            raw = await request.read()  # raises 413 past client_max_size
    except TimeoutError:
        return web.json_response({"error": "body too slow"}, status=408,
                                 headers={"Connection": "close"})
    secret = request.app[SIGNING_SECRET]
    if (refused := signature_problem(secret, raw, request.headers)) is not None:
        request.app[REJECTIONS].count(refused, "status=401")
        return web.json_response({"error": "invalid signature"}, status=401)
    try:
        bolt_request = AsyncBoltRequest(
            body=raw.decode("utf-8"), query=request.query_string, headers=dict(request.headers)
        )
    except Exception:  # undecodable bytes, malformed JSON, a payload of the wrong shape
        return web.json_response(MALFORMED, status=400)
    if (problem := shape_problem(bolt_request.body)) is not None:
        # Bolt and the listeners would fail on it with a 500: answer here.
        log.warning("event=malformed_request problem=%s", problem)
        return web.json_response(MALFORMED, status=400)
    bolt_response = await request.app[BOLT_APP].async_dispatch(bolt_request)
    return await to_aiohttp_response(bolt_response)


class _StoreProbe:
    """One store check at a time, answered within HEALTH_TIMEOUT_SECONDS.

    A check that takes longer is left to finish in the background rather than cancelled
    and awaited: cancelling a query on a connection that swallows traffic can itself hang
    for seconds. Probes arriving meanwhile wait on the same check, within their own
    timeout, instead of piling up new ones."""

    def __init__(self) -> None:
        self.check: asyncio.Task[None] | None = None

    async def __call__(self, store: Store) -> None:
        if self.check is None or self.check.done():
            self.check = asyncio.create_task(store.ping())
        done, _ = await asyncio.wait({self.check}, timeout=HEALTH_TIMEOUT_SECONDS)
        if not done:
            raise TimeoutError
        self.check.result()  # raises the store's error


STORE_PROBE = web.AppKey("store_probe", _StoreProbe)


async def healthz(request: web.Request) -> web.Response:
    services = request.app[SERVICES]
    entries = len(services.kb.entries)
    try:
        await request.app[STORE_PROBE](services.store)
    except (StoreError, TimeoutError) as exc:
        log.warning("event=healthz status=503 error=%s", type(exc).__name__)
        return web.json_response(
            {"status": "unavailable", "reason": "store unavailable", "knowledge_entries": entries},
            status=503,
        )
    answer: dict[str, object] = {"status": "ok", "knowledge_entries": entries, "store": "ok"}
    try:
        backlog = await within(BACKLOG_TIMEOUT_SECONDS, services.store.outbox_backlog())
    except (StoreError, TimeoutError) as exc:  # the write check passed: say what we know
        log.warning("event=healthz outbox=unknown error=%s", type(exc).__name__)
        return web.json_response(answer)
    age = backlog.age(services.outbox.clock()).total_seconds()
    answer["outbox"] = {"pending": backlog.depth, "oldest_seconds": round(age, 1)}
    if age > services.settings.outbox_degraded_minutes * 60:
        # Still 200: the bot answers; what it owes is waiting (Slack or the ticket system
        # is down, or the sender is stuck). Alert on it rather than restart the bot.
        answer["status"] = "degraded"
        answer["reason"] = "posts waiting in the outbox"
    return web.json_response(answer)


async def metrics(request: web.Request) -> web.Response:
    services = request.app[SERVICES]
    body = await services.metrics.render(services.store, services.knowledge)
    return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE})


def build_web_app(services: Services, bolt_app: AsyncApp | None) -> web.Application:
    """``bolt_app`` None: health only (Socket Mode gets events over its WebSocket)."""
    app = web.Application(client_max_size=MAX_BODY_BYTES)
    app[SERVICES] = services
    app[STORE_PROBE] = _StoreProbe()
    app.router.add_get(HEALTH_PATH, healthz)
    app.router.add_get(METRICS_PATH, metrics)
    if bolt_app is not None:
        refused = services.metrics.requests_refused
        serve_events(app, bolt_app, services.settings.signing_secret,
                     on_refused=lambda reason: refused.labels(reason).inc())
    return app


def serve_events(app: web.Application, bolt_app: AsyncApp, signing_secret: str, *,
                 on_refused: Callable[[str], None] | None = None) -> None:
    """POST /slack/events: signature checked, then handed to ``bolt_app``. ``on_refused``
    is told the reason of each request refused for its signature."""
    app[BOLT_APP] = bolt_app
    app[SIGNING_SECRET] = signing_secret
    app[REJECTIONS] = Tally(log, "requests_refused", REJECTIONS_LOG_EVERY_SECONDS,
                            on_count=on_refused)
    app.router.add_post(EVENTS_PATH, slack_events)

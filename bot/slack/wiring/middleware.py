"""The one global Bolt middleware: count the request, hand listeners their services,
answer each event and slash command only once. One middleware, and a class: Bolt builds
a function middleware's arguments by name on every request (3% of the bot's CPU under
load); a class gets the request as it is."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Awaitable, Callable

from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.middleware.async_middleware import AsyncMiddleware
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

from bot.slack.wiring.services import CONTEXT_KEY, Services, services_of
from bot.store.base import StoreError

log = logging.getLogger(__name__)

Next = Callable[[], Awaitable[object]]


# Slack payload type -> the request type counted in metrics.
_REQUEST_TYPES = {
    "event_callback": "event",
    "block_actions": "action",
    "view_submission": "view",
    "view_closed": "view",
    "message_action": "shortcut",
    "shortcut": "shortcut",
}


def request_type(body: dict) -> str:
    if body.get("command"):
        return "command"
    return _REQUEST_TYPES.get(str(body.get("type")), "other")


class Admit(AsyncMiddleware):
    def __init__(self, services: Services) -> None:
        self.services = services

    async def async_process(
        self, *, req: AsyncBoltRequest, resp: BoltResponse, next: Next  # Bolt passes it as "next"
    ) -> BoltResponse | None:
        self.services.metrics.requests.labels(request_type(req.body)).inc()
        req.context[CONTEXT_KEY] = self.services
        return await drop_retried_events(req.body, req.context, next)


CLAIM_SECONDS = 1.0  # the shared check answers in milliseconds; the ack must not wait
_LONGEST_KEY = 100


def request_key(body: dict) -> str | None:
    """What identifies a delivery that must be answered once: an event's event_id, a slash
    command's trigger_id (a replay of the same signed request carries the same one)."""
    if body.get("type") == "event_callback":
        key = body.get("event_id")
    elif body.get("command"):
        key = body.get("trigger_id")
        key = f"command:{key}" if isinstance(key, str) and key else None
    else:
        return None
    if not isinstance(key, str) or not key:
        return None
    # Stored with the event IDs: a long one is kept as its digest.
    return key if len(key) <= _LONGEST_KEY else hashlib.sha256(key.encode()).hexdigest()


async def drop_retried_events(
    body: dict, context: AsyncBoltContext, next_: Next
) -> BoltResponse | None:
    """Slack re-sends an event when our ack was slow or lost, and a signed request can be
    replayed within its five minutes: only one delivery, on one replica, does the work.

    This process's memory answers first, so one replica never answers twice; then the
    store, shared by all replicas. When the store cannot answer within CLAIM_SECONDS
    (down, or hanging), the request is answered: another replica may answer a retry too,
    but the ack stays within Slack's 3 seconds."""
    key = request_key(body)
    if key is not None:
        services = services_of(context)
        if not services.recent.first(key) or not await _first_in_store(services, key):
            log.info("event=duplicate_dropped key=%s", key)
            return BoltResponse(status=200, body="")
    await next_()
    return None


async def _first_in_store(services: Services, key: str) -> bool:
    try:
        return await services.store.claim_event(key, timeout=CLAIM_SECONDS)
    except (StoreError, TimeoutError) as exc:
        log.warning("event=dedupe_unavailable error=%s", type(exc).__name__)
        return True

"""Global Bolt middleware: count requests, hand listeners their services, answer each
event only once."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.response import BoltResponse

from bot.metrics import Metrics
from bot.slack.services import CONTEXT_KEY, Services, services_of
from bot.store.base import StoreError

log = logging.getLogger(__name__)

Next = Callable[[], Awaitable[None]]


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


def count_requests(metrics: Metrics) -> Callable[..., Awaitable[None]]:
    async def count(body: dict, next_: Next) -> None:
        metrics.requests.labels(request_type(body)).inc()
        await next_()

    return count


def attach_services(services: Services) -> Callable[..., Awaitable[None]]:
    async def attach(context: AsyncBoltContext, next_: Next) -> None:
        context[CONTEXT_KEY] = services
        await next_()

    return attach


async def drop_retried_events(
    body: dict, context: AsyncBoltContext, next_: Next
) -> BoltResponse | None:
    """Slack re-sends an event (same event_id) when our ack was slow or lost: claim the ID
    in the store first, so only one delivery, on one replica, does the work."""
    event_id = body.get("event_id") if body.get("type") == "event_callback" else None
    if event_id:
        try:
            first = await services_of(context).store.claim_event(event_id)
        except StoreError as exc:
            # Without the store we cannot tell; answering twice beats never answering.
            log.warning("event=dedupe_unavailable error=%s", type(exc).__name__)
            first = True
        if not first:
            log.info("event=duplicate_dropped event_id=%s", event_id)
            return BoltResponse(status=200, body="")
    await next_()
    return None

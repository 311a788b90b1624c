"""Slack posts made exactly once, as Slack sees them.

``chat.postMessage`` has no idempotency key: a post can reach Slack and its answer be lost
(a 503 from a proxy after the fact, a crash before the outbox records it). So every post
carries the outbox id in its message metadata, and any attempt after the first looks in
the thread (or at the top of the channel) for a message that already carries it before
posting again. Updates (chat.update) are simply repeated: showing the same state twice
is harmless.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.web.async_client import AsyncWebClient

from bot.domain.outbox import (
    METADATA_EVENT_TYPE,
    Delivery,
    OutboxItem,
    Outcome,
    slack_outcome,
)
from bot.slack.wiring.errors import slack_error

log = logging.getLogger(__name__)

LOOKUP_PAGES = 10  # of 200 messages: a thread, or the channel since the item was written
# Our clock and Slack's may differ a little: look from a bit before the item was written.
LOOKUP_MARGIN = timedelta(minutes=5)


def failed(exc: Exception) -> Delivery:
    """A Slack call's exception as an attempt's outcome."""
    if isinstance(exc, SlackApiError):
        error = slack_error(exc)
        retry_after = None
        headers = getattr(exc.response, "headers", None) or {}
        if error == "ratelimited":
            try:
                retry_after = float(headers.get("Retry-After", headers.get("retry-after", "")))
            except (TypeError, ValueError):
                retry_after = None
        return Delivery(slack_outcome(error), error, retry_after)
    return Delivery(Outcome.RETRY, "connection_error" if isinstance(
        exc, aiohttp.ClientError | OSError) else type(exc).__name__)


def marked(kwargs: dict[str, Any], item: OutboxItem) -> dict[str, Any]:
    return {**kwargs, "metadata": {"event_type": METADATA_EVENT_TYPE,
                                   "event_payload": {"outbox_id": str(item.id)}}}


def carries(message: dict[str, Any], item: OutboxItem) -> bool:
    metadata = message.get("metadata") or {}
    payload = metadata.get("event_payload") or {}
    return (metadata.get("event_type") == METADATA_EVENT_TYPE
            and str(payload.get("outbox_id")) == str(item.id))


async def find_posted(client: AsyncWebClient, item: OutboxItem, channel: str,
                      thread_ts: str | None) -> str | None:
    """The ts of the message an earlier attempt posted for ``item``, or None. Raises what
    the Slack call raises: not knowing is no reason to post twice."""
    cursor: str | None = None
    oldest = f"{(item.created_at - LOOKUP_MARGIN).timestamp():.6f}"
    for _ in range(LOOKUP_PAGES):
        if thread_ts:
            page = await client.conversations_replies(
                channel=channel, ts=thread_ts, include_all_metadata=True, limit=200,
                cursor=cursor)
        else:
            page = await client.conversations_history(
                channel=channel, include_all_metadata=True, limit=200, oldest=oldest,
                cursor=cursor)
        for message in page.get("messages") or []:
            if carries(message, item):
                return str(message["ts"])
        cursor = (page.get("response_metadata") or {}).get("next_cursor") or None
        if not cursor:
            return None
    return None


async def post_once(client: AsyncWebClient, item: OutboxItem,
                    kwargs: dict[str, Any]) -> tuple[Delivery, str | None]:
    """Post ``kwargs`` (chat.postMessage's arguments) for ``item`` unless an earlier attempt
    did: (what came of it, the message's ts)."""
    channel, thread_ts = kwargs["channel"], kwargs.get("thread_ts")
    try:
        if item.tried_before:
            found = await find_posted(client, item, channel, thread_ts)
            if found is not None:
                log.info("event=outbox_found_posted kind=%s id=%d", item.kind.value, item.id)
                return Delivery(Outcome.DELIVERED), found
        posted = await client.chat_postMessage(**marked(kwargs, item))
    except (SlackClientError, aiohttp.ClientError, OSError, TimeoutError) as exc:
        return failed(exc), None
    return Delivery(Outcome.DELIVERED), str(posted["ts"])


async def ephemeral(client: AsyncWebClient, kwargs: dict[str, Any]) -> Delivery:
    """chat.postEphemeral: only its reader sees it, and only while they are looking, so a
    rare second copy after a crash is accepted rather than looked for."""
    try:
        await client.chat_postEphemeral(**kwargs)
    except (SlackClientError, aiohttp.ClientError, OSError, TimeoutError) as exc:
        return failed(exc)
    return Delivery(Outcome.DELIVERED)

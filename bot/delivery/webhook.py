"""POST one hand-off event to the ticket system and say what came of it."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

import aiohttp

from bot.domain.outbox import Delivery, OutboxItem, Outcome, http_outcome
from bot.domain.webhook import WebhookFormat, signed_request

TIMEOUT_SECONDS = 10.0


def _retry_after(headers: Any) -> float | None:
    try:
        seconds = float(headers.get("Retry-After", ""))
    except ValueError:
        return None
    return seconds if 0 <= seconds < 86400 else None


async def send_event(
    session: aiohttp.ClientSession, url: str, document: dict[str, Any], fmt: WebhookFormat,
    secret: str, clock: Callable[[], float] = time.time,
) -> Delivery:
    """One attempt. The response body is never read into a log: a ticket system's error
    page may quote what we sent."""
    request = signed_request(document, fmt, secret, clock())
    try:
        async with asyncio.timeout(TIMEOUT_SECONDS):
            async with session.post(url, data=request.body, headers=request.headers,
                                    allow_redirects=False) as response:
                status = response.status
                retry_after = _retry_after(response.headers)
    except (aiohttp.ClientError, TimeoutError, OSError) as exc:
        return Delivery(Outcome.RETRY, type(exc).__name__)
    outcome = http_outcome(status)
    if outcome is Outcome.DELIVERED:
        return Delivery(outcome)
    return Delivery(outcome, f"http_{status}",
                    retry_after if outcome is Outcome.RETRY else None)


class WebhookSender:
    """The outbox handler for WEBHOOK items: their payload is the event document."""

    def __init__(self, url: str, secret: str, fmt: WebhookFormat) -> None:
        self.url, self.secret, self.fmt = url, secret, fmt
        self._session: aiohttp.ClientSession | None = None

    async def __call__(self, item: OutboxItem) -> Delivery:
        if self._session is None:
            self._session = aiohttp.ClientSession()
        assert item.payload is not None  # only settled items lose their payload
        return await send_event(self._session, self.url, item.payload, self.fmt, self.secret)

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

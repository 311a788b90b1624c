"""POST one hand-off event to the ticket system and say what came of it."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import aiohttp

from bot.domain.outbox import Outcome, http_outcome
from bot.domain.webhook import WebhookFormat, signed_request

log = logging.getLogger(__name__)

TIMEOUT_SECONDS = 10.0


@dataclass(frozen=True)
class WebhookResult:
    outcome: Outcome
    error: str | None = None  # http_<status>, or the exception's name
    retry_after: float | None = None  # seconds, from a 429 or 503's Retry-After


def _retry_after(headers: Any) -> float | None:
    try:
        seconds = float(headers.get("Retry-After", ""))
    except ValueError:
        return None
    return seconds if 0 <= seconds < 86400 else None


async def send_event(
    session: aiohttp.ClientSession, url: str, document: dict[str, Any], fmt: WebhookFormat,
    secret: str, clock: Callable[[], float] = time.time,
) -> WebhookResult:
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
        return WebhookResult(Outcome.RETRY, type(exc).__name__)
    outcome = http_outcome(status)
    error = None if outcome is Outcome.DELIVERED else f"http_{status}"
    return WebhookResult(outcome, error, retry_after if outcome is Outcome.RETRY else None)

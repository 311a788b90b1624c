"""When a Slack Web API call is tried again, and how long the bot waits.

Slack's rules: a 429 says how long to wait in ``Retry-After``; a 5xx (500, 502, 503, 504...,
with a JSON body or a proxy's text or HTML page) and a dropped connection may be retried
with a backoff. One handler decides for all three, so that they share one count and one
time budget per call:

- at most RETRIES retries;
- 5xx and dropped connections wait BACKOFF_SECONDS x 2^n before retry n (0.5, 1, 2, 4, 8 s),
  shortened by up to half at random so that replicas do not retry in step;
- a 429 waits its ``Retry-After`` in seconds (decimals allowed); missing or unreadable:
  RETRY_AFTER_DEFAULT; never more than RETRY_AFTER_MAX;
- a retry whose wait would take the call's total waiting past RETRY_BUDGET_SECONDS is not
  made: the call fails and the caller logs it.

So a call that keeps getting 5xx gives up after 5 retries and 7.75 to 15.5 s of waiting;
one that keeps getting 429s after at most 30 s of waiting.
"""

from __future__ import annotations

import asyncio
import math
import random

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

from bot.metrics import Metrics
from bot.slack.wiring.api_metrics import api_method, failure

RETRIES = 5
BACKOFF_SECONDS = 0.5
RETRY_AFTER_DEFAULT = 1.0
RETRY_AFTER_MAX = 20.0
RETRY_BUDGET_SECONDS = 30.0

# The connection failed or dropped before an answer (refused, reset, closed mid-response).
CONNECTION_ERRORS = (aiohttp.ServerConnectionError, aiohttp.ClientOSError,
                     aiohttp.ClientPayloadError)
_NEXT_WAIT = "mfa_bot_next_wait"
_WAITED = "mfa_bot_waited"


def retry_after(response: HttpResponse) -> float:
    """Seconds a 429 asks to wait: ``Retry-After`` as a number, else the default; capped."""
    values = next((v for k, v in response.headers.items() if k.lower() == "retry-after"), [])
    try:
        seconds = float(values[0] if isinstance(values, list) else values)
    except (IndexError, TypeError, ValueError):
        return RETRY_AFTER_DEFAULT
    if not math.isfinite(seconds) or seconds < 0:
        return RETRY_AFTER_DEFAULT
    return min(seconds, RETRY_AFTER_MAX)


def retry_kind(response: HttpResponse | None, error: Exception | None) -> str | None:
    """rate_limited, server_error or connection_error; None: do not retry."""
    status = response.status_code if response is not None else None
    if status is None and isinstance(error, SlackApiError):  # a 5xx body that is not JSON
        status = getattr(error.response, "status", None) or getattr(
            error.response, "status_code", None)
    if status == 429:
        return "rate_limited"
    if isinstance(status, int) and 500 <= status <= 599:
        return "server_error"
    if response is None and isinstance(error, CONNECTION_ERRORS):
        return "connection_error"
    return None


class SlackRetries(AsyncRetryHandler):
    """The one retry handler of the bot's Web API client. slack_sdk asks it after every
    attempt, so it also counts each failed attempt (the last one too) and each retry."""

    def __init__(self, metrics: Metrics):
        super().__init__(max_retry_count=RETRIES)
        self.metrics = metrics

    async def can_retry_async(
        self, *, state: RetryState, request: HttpRequest,
        response: HttpResponse | None = None, error: Exception | None = None,
    ) -> bool:
        failed = failure(response, error)
        if failed is not None:
            self.metrics.slack_api_errors.labels(api_method(request), failed).inc()
        return await super().can_retry_async(
            state=state, request=request, response=response, error=error)

    async def _can_retry_async(
        self, *, state: RetryState, request: HttpRequest,
        response: HttpResponse | None = None, error: Exception | None = None,
    ) -> bool:
        kind = retry_kind(response, error)
        if kind is None:
            return False
        if kind == "rate_limited" and response is not None:
            wait = retry_after(response)
        else:
            wait = BACKOFF_SECONDS * 2 ** state.current_attempt * random.uniform(0.5, 1.0)
        values = state.custom_values = state.custom_values or {}
        if values.get(_WAITED, 0.0) + wait > RETRY_BUDGET_SECONDS:
            return False
        values[_NEXT_WAIT] = (kind, wait)
        return True

    async def prepare_for_next_attempt_async(
        self, *, state: RetryState, request: HttpRequest,
        response: HttpResponse | None = None, error: Exception | None = None,
    ) -> None:
        values = state.custom_values or {}
        kind, wait = values.pop(_NEXT_WAIT)
        values[_WAITED] = values.get(_WAITED, 0.0) + wait
        self.metrics.slack_api_retries.labels(api_method(request), kind).inc()
        state.next_attempt_requested = True
        await asyncio.sleep(wait)
        state.increment_current_attempt()

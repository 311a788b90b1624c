"""Count Slack Web API failures through the client's retry-handler hook (retries are
counted by bot/slack/wiring/retries.py, which decides them).

Bolt builds a fresh Web API client for every request, copying only some settings of the
app's client, among them the list of retry handlers: a handler is therefore the one place
that sees every attempt of every call. slack_sdk asks each handler in turn, after every
response or connection error, whether to retry.
"""

from __future__ import annotations

from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

from bot.metrics import Metrics


def api_method(request: HttpRequest) -> str:
    """``https://slack.com/api/chat.postMessage?x=1`` -> ``chat.postMessage``."""
    return request.url.split("?", 1)[0].rsplit("/", 1)[-1] or "unknown"


def failure(response: HttpResponse | None, error: Exception | None) -> str | None:
    """The error name of a failed attempt; None when the call succeeded."""
    if isinstance(error, SlackApiError) and response is None:  # a body that is not JSON
        status = getattr(error.response, "status", None)
        return f"http_{status}" if isinstance(status, int) else "unreadable_answer"
    if error is not None:
        return "connection_error" if response is None else type(error).__name__
    if response is None:
        return None
    body = response.body or {}
    if response.status_code == 429:
        return "ratelimited"
    if response.status_code >= 400:
        return f"http_{response.status_code}"
    if body.get("ok") is False:
        return str(body.get("error") or "unknown")[:64]  # bounded: it becomes a label
    return None


class CountFailures(AsyncRetryHandler):
    """Goes first in the list and never retries: it only counts each failed attempt."""

    def __init__(self, metrics: Metrics):
        super().__init__(max_retry_count=0)
        self.metrics = metrics

    async def can_retry_async(
        self, *, state: RetryState, request: HttpRequest,
        response: HttpResponse | None = None, error: Exception | None = None,
    ) -> bool:
        failed = failure(response, error)
        if failed is not None:
            self.metrics.slack_api_errors.labels(api_method(request), failed).inc()
        return False

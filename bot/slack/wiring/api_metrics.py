"""What a Slack Web API attempt is counted as in metrics: its method, and its failure.

Counted by the client's retry handler (bot/slack/wiring/retries.py): Bolt builds a fresh
Web API client for every request, copying only some settings of the app's client, among
them the retry handlers, so a handler is the one place that sees every attempt of every
call.
"""

from __future__ import annotations

from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse


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

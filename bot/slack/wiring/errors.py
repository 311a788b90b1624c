"""The global error handler: log it (redacted), and apologise to whoever is waiting."""

from __future__ import annotations

import logging

from slack_bolt.context.async_context import AsyncBoltContext

from bot.blocks.replies import APOLOGY
from bot.store.base import StoreError

log = logging.getLogger(__name__)


def slack_error(exc: Exception) -> str:
    """Slack's error code (``not_in_channel``...), else ``http_<status>``, else the
    exception's type. Not every failed answer has Slack's JSON: a proxy's plain-text 502
    leaves a string there, a broken JSON body the raw HTTP response."""
    response = getattr(exc, "response", None)
    data = getattr(response, "data", None)
    if isinstance(data, dict) and data.get("error"):
        return str(data["error"])[:64]
    status = getattr(response, "status_code", None) or getattr(response, "status", None)
    return f"http_{status}" if isinstance(status, int) else type(exc).__name__


def request_kind(body: dict) -> str:
    if body.get("command"):
        return "command"
    if body.get("type") == "event_callback":
        return f"event:{body.get('event', {}).get('type', '?')}"
    return str(body.get("type") or "unknown")


async def on_error(error: Exception, body: dict, context: AsyncBoltContext) -> None:
    # The traceback is for operators; the person gets a short sentence, never the trace.
    # A database outage is an expected condition (/healthz reports it): no traceback.
    log.error(
        "event=error kind=%s error=%s", request_kind(body), type(error).__name__,
        exc_info=None if isinstance(error, StoreError) else error,
    )
    respond = context.respond
    if not context.response_url or respond is None:  # events: nobody is waiting for an answer
        return
    try:
        await respond(response_type="ephemeral", replace_original=False, text=APOLOGY)
    except Exception as exc:  # Slack itself may be what failed
        log.warning("event=apology_failed error=%s", type(exc).__name__)

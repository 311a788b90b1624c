"""The hand-off webhook: what the ticket system receives when a hand-off is opened, taken
or resolved, how it is signed, and where it may be sent. Pure functions; bot/delivery
sends the request.

The event document is built once, when the event happens, and kept in the outbox; every
retry sends the same body and the same ``Idempotency-Key``, with a fresh timestamp and
signature (like Slack's own requests, a receiver may refuse stale ones).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

from bot.domain.checklist import Checklist
from bot.domain.handoff import Handoff
from bot.domain.knowledge import Entry

TIMESTAMP_HEADER = "X-MfaBot-Request-Timestamp"
SIGNATURE_HEADER = "X-MfaBot-Signature"
IDEMPOTENCY_HEADER = "Idempotency-Key"
SIGNATURE_VERSION = "v0"
MAX_SKEW_SECONDS = 300  # what a receiver should accept, as Slack does


class HandoffEvent(StrEnum):
    OPENED = "opened"
    TAKEN = "taken"
    RESOLVED = "resolved"


class WebhookFormat(StrEnum):
    JSON = "json"  # our own document, signed
    PAGERDUTY = "pagerduty"  # PagerDuty Events API v2; the secret is the routing key


# PagerDuty's event_action for each hand-off event.
PAGERDUTY_ACTIONS = {
    HandoffEvent.OPENED: "trigger",
    HandoffEvent.TAKEN: "acknowledge",
    HandoffEvent.RESOLVED: "resolve",
}


def idempotency_key(handoff_id: int, event: HandoffEvent) -> str:
    """Each hand-off goes through each event at most once, so this names the event for
    good: every retry carries it, and a receiver that saw it already can drop the copy."""
    return f"mfa-bot-handoff-{handoff_id}-{event.value}"


def dedup_key(handoff_id: int) -> str:
    """One PagerDuty alert per hand-off: trigger, acknowledge and resolve share it."""
    return f"mfa-bot-handoff-{handoff_id}"


def event_document(
    event: HandoffEvent, handoff: Handoff, entry: Entry | None, checklist: Checklist | None,
    permalink: str | None, at: datetime,
) -> dict[str, Any]:
    """The generic JSON body: the form's fields, the error, the checklist's progress and
    the thread's permalink. Values people typed are sent as typed (JSON-escaped)."""
    form = handoff.form
    return {
        "event": f"handoff.{event.value}",
        "idempotency_key": idempotency_key(handoff.id, event),
        "occurred_at": at.isoformat(),
        "handoff": {
            "id": handoff.id,
            "state": handoff.state.value,
            "requested_by": handoff.requested_by,
            "created_at": handoff.created_at.isoformat(),
            "assignee": handoff.assignee,
            "resolved_by": handoff.resolved_by,
        },
        "error": {
            "code": entry.code if entry is not None else "",
            "message": entry.message if entry is not None else None,
            "summary": entry.summary if entry is not None else "",
        },
        "form": {
            "tenant_id": form.tenant_id,
            "upn": form.upn,
            "correlation_id": form.correlation_id,
            "occurred_at": form.occurred_at,
            "what_happened": form.what_happened,
            "logs_attached": form.logs_attached,
        },
        "checklist": None if checklist is None else {
            "done": checklist.done_count, "total": checklist.total,
        },
        "thread": {
            "channel": handoff.thread.channel,
            "thread_ts": handoff.thread.thread_ts,
            "permalink": permalink,
        },
    }


def pagerduty_body(document: dict[str, Any], routing_key: str) -> dict[str, Any]:
    """The same event as a PagerDuty Events API v2 alert event. Acknowledge and resolve
    need only the routing key, the action and the dedup key."""
    event = HandoffEvent(document["event"].removeprefix("handoff."))
    handoff_id = int(document["handoff"]["id"])
    body: dict[str, Any] = {
        "routing_key": routing_key,
        "event_action": PAGERDUTY_ACTIONS[event],
        "dedup_key": dedup_key(handoff_id),
    }
    if event is not HandoffEvent.OPENED:
        return body
    error = document["error"]
    code = error["code"] or "unknown error"
    summary = f"MFA hand-off #{handoff_id}: {code}"
    if error["summary"]:
        summary += f" ({error['summary']})"
    body["payload"] = {
        "summary": summary[:1024],  # PagerDuty's limit
        "source": "mfa-bot",
        "severity": "error",
        "timestamp": document["occurred_at"],
        "component": "nps-extension",
        "group": "mfa",
        "class": code,
        "custom_details": {
            "form": document["form"],
            "checklist": document["checklist"],
            "requested_by": document["handoff"]["requested_by"],
        },
    }
    body["client"] = "mfa-bot"
    permalink = document["thread"]["permalink"]
    if permalink:
        body["client_url"] = permalink
        body["links"] = [{"href": permalink, "text": "Slack thread"}]
    return body


def render_body(document: dict[str, Any], fmt: WebhookFormat, secret: str) -> bytes:
    """The bytes to POST. Deterministic: a retry sends exactly the same body."""
    payload = pagerduty_body(document, secret) if fmt is WebhookFormat.PAGERDUTY else document
    return json.dumps(payload, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":")).encode("utf-8")


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """``v0=`` + hex HMAC-SHA256 of ``v0:{timestamp}:{body}``, Slack's own scheme."""
    base = f"{SIGNATURE_VERSION}:{timestamp}:".encode() + body
    digest = hmac.new(secret.encode("utf-8"), base, hashlib.sha256).hexdigest()
    return f"{SIGNATURE_VERSION}={digest}"


def verify(secret: str, timestamp: str, body: bytes, given: str, now: float) -> bool:
    """What a receiver checks: a whole-second timestamp within MAX_SKEW_SECONDS of ``now``
    and a matching signature (compared in constant time)."""
    if not timestamp.isascii() or not timestamp.isdigit() or len(timestamp) > 12:
        return False
    if abs(now - int(timestamp)) > MAX_SKEW_SECONDS:
        return False
    return hmac.compare_digest(signature(secret, int(timestamp), body), given)


@dataclass(frozen=True)
class SignedRequest:
    body: bytes
    headers: dict[str, str]


def signed_request(document: dict[str, Any], fmt: WebhookFormat, secret: str,
                   now: float) -> SignedRequest:
    body = render_body(document, fmt, secret)
    timestamp = int(now)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "mfa-bot",
        IDEMPOTENCY_HEADER: str(document["idempotency_key"]),
        TIMESTAMP_HEADER: str(timestamp),
    }
    if fmt is WebhookFormat.JSON:  # PagerDuty authenticates by the routing key instead
        headers[SIGNATURE_HEADER] = signature(secret, timestamp, body)
    return SignedRequest(body, headers)


def url_problem(url: str) -> str | None:
    """Why ``url`` may not receive hand-offs, or None. https only: the body holds a UPN
    and a tenant ID. Plain http only to a loopback address (a sidecar, the tests)."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        parts.port  # noqa: B018  (raises ValueError for a port that is not a number)
    except ValueError:
        return "is not a URL"
    if parts.scheme not in ("http", "https") or not host:
        return "is not an http(s) URL"
    if parts.username or parts.password:
        return "must not carry a user name or password (the secret signs each request)"
    if parts.scheme == "https":
        return None
    if host == "localhost":
        return None
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    return None if loopback else "must use https (plain http only to a loopback address)"

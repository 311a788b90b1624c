"""The hand-off webhook's body, signature, PagerDuty form and URL rules."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime

import pytest

from bot.domain.checklist import Checklist, StepState, ThreadRef
from bot.domain.handoff import Handoff, HandoffForm, HandoffState
from bot.domain.webhook import (
    IDEMPOTENCY_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    HandoffEvent,
    WebhookFormat,
    event_document,
    idempotency_key,
    pagerduty_body,
    render_body,
    signature,
    signed_request,
    url_problem,
    verify,
)
from bot.knowledge_files import load_knowledge

AT = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
THREAD = ThreadRef("C0GENERAL", "1700000000.000100")
FORM = HandoffForm(tenant_id="72f988bf-86f1-41af-91ab-2d7cd011db47", upn="alice@contoso.com",
                   correlation_id="", occurred_at="today 09:12",
                   what_happened="<!channel> it broke", logs_attached=True)
HANDOFF = Handoff(id=7, thread=THREAD, entry_id="CONTACT_SUPPORT", form=FORM,
                  requested_by="U0ALICE", created_at=AT, support_channel="C0SUPPORT")
CHECKLIST = Checklist(id=3, thread=THREAD, entry_id="CONTACT_SUPPORT", created_by="U0ALICE",
                      created_at=AT, steps=(StepState("a", True), StepState("b")))
LINK = "https://example.slack.com/archives/C0GENERAL/p1700000000000100"


def document(event: HandoffEvent = HandoffEvent.OPENED, handoff: Handoff = HANDOFF) -> dict:
    entry = load_knowledge().get("CONTACT_SUPPORT")
    assert entry is not None
    return event_document(event, handoff, entry, CHECKLIST, LINK, AT)


def test_the_document_carries_what_support_needs() -> None:
    doc = document()
    assert doc["event"] == "handoff.opened"
    assert doc["error"]["code"] == "CONTACT_SUPPORT"
    assert doc["error"]["summary"]
    assert doc["form"]["tenant_id"] == FORM.tenant_id
    assert doc["form"]["upn"] == "alice@contoso.com"
    assert doc["form"]["logs_attached"] is True
    assert doc["checklist"] == {"done": 1, "total": 2}
    assert doc["thread"]["permalink"] == LINK
    assert doc["idempotency_key"] == idempotency_key(7, HandoffEvent.OPENED)


def test_each_event_has_its_own_key_and_a_retry_the_same() -> None:
    keys = {idempotency_key(7, e) for e in HandoffEvent} | {idempotency_key(8, HandoffEvent.OPENED)}
    assert len(keys) == 4
    first = signed_request(document(), WebhookFormat.JSON, "s", 1_000)
    retry = signed_request(document(), WebhookFormat.JSON, "s", 1_060)
    assert first.body == retry.body
    assert first.headers[IDEMPOTENCY_HEADER] == retry.headers[IDEMPOTENCY_HEADER]
    assert first.headers[TIMESTAMP_HEADER] != retry.headers[TIMESTAMP_HEADER]


def test_signature_is_slacks_scheme() -> None:
    request = signed_request(document(), WebhookFormat.JSON, "secret", 1_700_000_000.7)
    timestamp = request.headers[TIMESTAMP_HEADER]
    assert timestamp == "1700000000"
    expected = hmac.new(b"secret", b"v0:1700000000:" + request.body, hashlib.sha256).hexdigest()
    assert request.headers[SIGNATURE_HEADER] == "v0=" + expected
    assert verify("secret", timestamp, request.body, request.headers[SIGNATURE_HEADER],
                  1_700_000_100)


@pytest.mark.parametrize(("secret", "timestamp", "body", "now"), [
    ("other", "1700000000", b"{}", 1_700_000_000),  # wrong secret
    ("secret", "1700000000", b"{} ", 1_700_000_000),  # body changed
    ("secret", "1700000000", b"{}", 1_700_000_301),  # too old
    ("secret", "1.5", b"{}", 1_700_000_000),
    ("secret", "", b"{}", 1_700_000_000),
    ("secret", "٣", b"{}", 1_700_000_000),  # a digit, not ASCII
])
def test_verify_refuses(secret: str, timestamp: str, body: bytes, now: float) -> None:
    good = signature("secret", 1_700_000_000, b"{}")
    assert not verify(secret, timestamp, body, good, now)


def test_text_people_typed_is_json_escaped_not_altered() -> None:
    body = json.loads(render_body(document(), WebhookFormat.JSON, "s"))
    assert body["form"]["what_happened"] == "<!channel> it broke"


def test_pagerduty_trigger_acknowledge_resolve_share_one_dedup_key() -> None:
    taken = Handoff(**{**HANDOFF.__dict__, "state": HandoffState.TAKEN, "assignee": "U0BOB"})
    bodies = [pagerduty_body(document(e, taken), "R0UTINGKEY") for e in HandoffEvent]
    assert [b["event_action"] for b in bodies] == ["trigger", "acknowledge", "resolve"]
    assert {b["dedup_key"] for b in bodies} == {"mfa-bot-handoff-7"}
    assert {b["routing_key"] for b in bodies} == {"R0UTINGKEY"}
    trigger = bodies[0]
    assert trigger["payload"]["severity"] == "error"
    assert trigger["payload"]["source"] == "mfa-bot"
    assert "CONTACT_SUPPORT" in trigger["payload"]["summary"]
    assert trigger["payload"]["custom_details"]["form"]["tenant_id"] == FORM.tenant_id
    assert trigger["links"] == [{"href": LINK, "text": "Slack thread"}]
    assert "payload" not in bodies[1] and "payload" not in bodies[2]


def test_pagerduty_requests_are_not_hmac_signed() -> None:
    request = signed_request(document(), WebhookFormat.PAGERDUTY, "R0UTINGKEY", 1_000)
    assert SIGNATURE_HEADER not in request.headers
    assert json.loads(request.body)["routing_key"] == "R0UTINGKEY"


@pytest.mark.parametrize("url", [
    "https://tickets.example.com/hook", "http://127.0.0.1:8080/hook", "http://localhost/x",
    "http://[::1]:9000/hook", "http://127.5.5.5/x", "https://events.pagerduty.com/v2/enqueue",
])
def test_allowed_urls(url: str) -> None:
    assert url_problem(url) is None


@pytest.mark.parametrize("url", [
    "http://tickets.example.com/hook", "http://10.0.0.5/hook", "ftp://127.0.0.1/x",
    "https://user:pw@tickets.example.com/", "tickets.example.com/hook", "https://h:x/",
    "http://127.0.0.1.evil.com/", "",
])
def test_refused_urls(url: str) -> None:
    assert url_problem(url) is not None

"""The HTTP endpoint itself: URL verification, signatures, bad bodies, health."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time

import pytest
from slack_harness import (
    EVENT_LOG_PASTE,
    SIGNING_SECRET,
    event_body,
    message_event,
    scrape,
    signed_headers,
    value,
)

from bot.store.base import StoreUnavailable


async def test_url_verification_echoes_the_challenge(bot):
    answer = await bot.post(json.dumps({"type": "url_verification", "challenge": "c-123"}))
    assert answer.status == 200
    assert answer.json() == {"challenge": "c-123"}


async def test_unsigned_badly_signed_and_stale_requests_are_refused(bot, standin):
    body = json.dumps(event_body(message_event(EVENT_LOG_PASTE)))
    stale = signed_headers(body, timestamp=int(time.time()) - 600)
    wrong = signed_headers(body, secret="not-" + SIGNING_SECRET)
    signed_for_another_body = signed_headers(body.replace("NPS01", "NPS99"))
    for headers in ({}, stale, wrong, signed_for_another_body):
        assert (await bot.post(body, sign=False, headers=headers)).status == 401
    await standin.settle()
    assert standin.posted() == []


async def test_a_malformed_body_is_a_client_error(bot):
    assert (await bot.post('{"type": "event_callback", "event": ')).status == 400
    assert (await bot.post("payload=%7Bnot-json", content_type=(
        "application/x-www-form-urlencoded"))).status == 400
    garbage = b"\xff\xfe not utf-8"
    assert (await bot.post(garbage, sign=False)).status == 401  # refused before it is read
    timestamp = str(int(time.time()))
    signature = "v0=" + hmac.new(SIGNING_SECRET.encode(), f"v0:{timestamp}:".encode() + garbage,
                                 hashlib.sha256).hexdigest()
    headers = {"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": signature}
    assert (await bot.post(garbage, sign=False, headers=headers)).status == 400


async def test_an_oversized_body_is_refused_with_413(bot):
    answer = await bot.post("x" * (10 * 1024 * 1024))
    assert answer.status == 413


async def test_healthz_reports_knowledge_and_store(bot, knowledge):
    answer = await bot.healthz()
    assert answer.status == 200
    assert answer.json() == {
        "status": "ok", "knowledge_entries": len(knowledge.entries), "store": "ok",
        "outbox": {"pending": 0, "oldest_seconds": 0.0}}


async def test_healthz_is_503_when_the_store_does_not_answer(bot, monkeypatch):
    async def down() -> None:
        raise StoreUnavailable("connection refused")

    monkeypatch.setattr(bot.bot.store, "ping", down)
    answer = await bot.healthz()
    assert answer.status == 503
    assert answer.json()["status"] == "unavailable"
    assert answer.json()["reason"] == "store unavailable"


@pytest.mark.parametrize("timestamp", ["abc", "1.5", "", " 1700000000", "١٧٠٠٠٠٠٠٠٠",
                                       "9" * 5000, "-1"])
async def test_an_odd_timestamp_is_refused_without_an_error(bot, caplog, timestamp):
    body = json.dumps(event_body(message_event(EVENT_LOG_PASTE)))
    headers = {**signed_headers(body), "X-Slack-Request-Timestamp": timestamp}
    answer = await bot.post(body, sign=False, headers=headers)
    assert answer.status == 401
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_refused_requests_are_counted_by_reason_in_metrics(bot):
    body = json.dumps(event_body(message_event(EVENT_LOG_PASTE)))
    for headers in ({}, signed_headers(body, timestamp=int(time.time()) - 600),
                    signed_headers(body, secret="not-" + SIGNING_SECRET),
                    signed_headers(body.replace("NPS01", "NPS99"))):
        assert (await bot.post(body, sign=False, headers=headers)).status == 401
    metrics = await scrape(bot)
    assert {reason: value(metrics, "mfa_bot_requests_refused_total", reason=reason)
            for reason in ("missing", "stale", "mismatch", "bad_timestamp")} == {
        "missing": 1, "stale": 1, "mismatch": 2, "bad_timestamp": 0}

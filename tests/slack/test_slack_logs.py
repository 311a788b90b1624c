"""Logs: one structured line per request; tokens, addresses and GUIDs never appear."""

from __future__ import annotations

import json
import logging
import time

import pytest
from slack_harness import (
    APP_TOKEN,
    BOT_TOKEN,
    CHANNEL,
    EVENT_LOG_PASTE,
    GUID,
    SIGNING_SECRET,
    event_body,
    message_event,
    signed_headers,
    wait_until,
)

from bot.logs import RedactingFilter, Tally, redact
from bot.slack.wiring.retries import RETRIES


def test_redact_removes_tokens_addresses_guids_and_named_secrets():
    text = (f"token={BOT_TOKEN} user xoxp-9-8-7 app={APP_TOKEN} secret={SIGNING_SECRET} "
            f"upn=Alice.Smith@contoso.onmicrosoft.com cid={GUID.upper()} kept=ESTS_TOKEN_ERROR")
    clean = redact(text, [SIGNING_SECRET])
    for gone in (BOT_TOKEN, "xoxp-9-8-7", APP_TOKEN, SIGNING_SECRET, "contoso", GUID.upper()):
        assert gone not in clean
    assert "[email]" in clean and "[guid]" in clean and "ESTS_TOKEN_ERROR" in clean


def test_the_filter_cleans_arguments_and_tracebacks():
    try:
        raise ValueError(f"bad user bob@fabrikam.com with {BOT_TOKEN}")
    except ValueError as exc:
        record = logging.LogRecord(
            "x", logging.ERROR, __file__, 1, "user %s tenant %s", ("bob@fabrikam.com", GUID),
            (type(exc), exc, exc.__traceback__),
        )
    RedactingFilter([SIGNING_SECRET]).filter(record)
    assert record.getMessage() == "user [email] tenant [guid]"
    assert "bob@fabrikam.com" not in record.exc_text and BOT_TOKEN not in record.exc_text
    assert "ValueError" in record.exc_text


async def test_handling_a_paste_logs_one_line_and_nothing_personal(bot, standin, caplog):
    caplog.set_level(logging.DEBUG)
    standin.fail("chat.postMessage", 500, times=RETRIES + 1)  # failed posts are logged too
    await bot.event(message_event(EVENT_LOG_PASTE))
    await wait_until(lambda: any("event=outbox_retry" in r.getMessage() for r in caplog.records),
                     "the retry log line")
    await bot.event(message_event(EVENT_LOG_PASTE))
    await standin.wait_for("chat.postMessage")
    await bot.command(f"ESTS_TOKEN_ERROR for alice@contoso.com CID {GUID}")
    await standin.wait_for("response_url")

    def request_lines() -> list[str]:
        return [r.getMessage() for r in caplog.records if r.name == "mfa_bot.requests"]

    await wait_until(lambda: len(request_lines()) == 3, "three request log lines")
    *message_lines, command_line = request_lines()
    for message_line in message_lines:
        assert message_line.startswith("event=message matched=ESTS_TOKEN_ERROR ")
    assert f"channel={CHANNEL}" in message_line and " ms=" in message_line
    assert command_line.startswith("event=command form=paste matched=ESTS_TOKEN_ERROR ")

    everything = caplog.text + "".join(
        r.getMessage() + (r.exc_text or "") for r in caplog.records)
    for private in ("alice@contoso.com", GUID, BOT_TOKEN, SIGNING_SECRET,
                    "Verify the client certificate", "NPS01.contoso.com"):
        assert private not in everything


async def test_silence_is_logged_at_debug_and_answers_at_info(bot, standin, caplog):
    # A channel is mostly chit-chat the bot stays silent on: a line each would bury the
    # answers, so silence is only a DEBUG line.
    caplog.set_level(logging.DEBUG)
    await bot.event(message_event("anyone up for lunch at the usual place?"))
    await bot.event(message_event(EVENT_LOG_PASTE))
    await standin.wait_for("chat.postMessage")

    def request_records() -> list[logging.LogRecord]:
        return [r for r in caplog.records if r.name == "mfa_bot.requests"]

    await wait_until(lambda: len(request_records()) == 2, "two request log lines")
    levels = {r.getMessage().split(" ", 2)[1]: r.levelno for r in request_records()}
    assert levels == {"matched=-": logging.DEBUG, "matched=ESTS_TOKEN_ERROR": logging.INFO}


async def test_socket_mode_never_logs_the_envelopes(start_bot, standin, caplog):
    # slack_sdk's Socket Mode client logs every received message at DEBUG.
    await start_bot("socket", SLACK_APP_TOKEN=APP_TOKEN, LOG_LEVEL="DEBUG")
    caplog.set_level(logging.DEBUG)
    await standin.push("events_api", event_body(message_event(EVENT_LOG_PASTE)))
    await standin.wait_for("chat.postMessage")
    assert "Verify the client certificate" not in caplog.text


PASTED = "Pasted-Secret-Text NPS01.contoso.com"
FORGED = "\n2026-01-01 00:00:00,000 INFO mfa_bot.requests event=FORGED"


def _everything(caplog) -> str:
    return caplog.text + "".join(r.getMessage() + (r.exc_text or "") for r in caplog.records)


@pytest.mark.parametrize("sign", [
    lambda body: signed_headers(body, timestamp=int(time.time()) - 360),  # genuine but late
    lambda body: signed_headers(body, secret="not-" + SIGNING_SECRET),  # a wrong secret
    lambda body: {**signed_headers(body), "X-Slack-Request-Timestamp": "1.5"},
], ids=["late", "wrong-secret", "odd-timestamp"])
async def test_a_refused_request_leaves_no_pasted_text_in_the_log(bot, caplog, sign):
    caplog.set_level(logging.DEBUG)
    body = json.dumps(event_body(message_event(PASTED + FORGED)))
    answer = await bot.post(body, sign=False, headers=sign(body))
    assert answer.status == 401
    assert "Pasted-Secret-Text" not in _everything(caplog)
    assert "event=FORGED" not in caplog.text
    refused = [r.getMessage() for r in caplog.records if "event=requests_refused" in r.getMessage()]
    assert refused and all("status=401" in line for line in refused)


async def test_a_newline_in_a_logged_value_cannot_start_a_line_of_its_own(bot, caplog):
    caplog.set_level(logging.INFO)
    logging.getLogger("slack_bolt.Anything").warning("value: %s", "x" + FORGED + "\x1b[2J")
    [line] = [line for line in caplog.text.splitlines() if "FORGED" in line]
    assert line.startswith("WARNING") and "value: x\\n2026-01-01" in line and "\\x1b[2J" in line


async def test_bolt_messages_that_quote_a_request_keep_only_their_first_words(bot, caplog):
    caplog.set_level(logging.INFO)
    logging.getLogger("slack_bolt.AsyncRequestVerification").info(
        "Invalid request signature detected (signature: v0=1, timestamp: 2, body: %s)", PASTED)
    logging.getLogger("slack_bolt.AsyncApp").warning("Unhandled request ({'text': '%s'})", PASTED)
    assert "Pasted-Secret-Text" not in _everything(caplog)
    assert "Invalid request signature detected (request withheld)" in caplog.text


def test_a_tally_logs_one_line_of_counts_per_interval_and_hands_on_each_count(caplog):
    caplog.set_level(logging.WARNING)
    counted: list[str] = []
    tally = Tally(logging.getLogger("tally-test"), "things_refused", 3600.0, ("slow",),
                  counted.append)
    for reason in ("stale", "mismatch", "stale"):
        tally.count(reason, "status=401")
    lines = [r.getMessage() for r in caplog.records if r.name == "tally-test"]
    assert lines == ["event=things_refused status=401 stale=1"]  # the rest wait an hour
    assert counted == ["stale", "mismatch", "stale"]
    assert tally.totals == {"slow": 0, "stale": 2, "mismatch": 1}

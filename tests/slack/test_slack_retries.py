"""Slack's answers, each as the stand-in gives it, and how the bot retries them
(bot/slack/wiring/retries.py): every 429 whatever its Retry-After, every 5xx (JSON or a proxy's
page), dropped connections; and the total time a failing call may take."""

from __future__ import annotations

import pytest
from slack_harness import EVENT_LOG_PASTE, headers_of, message_event
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

from bot.metrics import Metrics
from bot.slack.wiring import retries

PROXY_PAGE = "<html><body><h1>502 Bad Gateway</h1></body></html>"


@pytest.fixture(autouse=True)
def short_waits(monkeypatch: pytest.MonkeyPatch) -> None:
    """Slack's Retry-After values, honoured but capped low so the test does not wait."""
    monkeypatch.setattr(retries, "RETRY_AFTER_MAX", 0.2)
    monkeypatch.setattr(retries, "RETRY_AFTER_DEFAULT", 0.1)


@pytest.mark.parametrize(("status", "retry_after", "page"), [
    (429, "0", None),
    (429, "1.5", None),  # not an integer
    (429, None, None),  # no Retry-After at all
    (429, "86400", None),  # absurd: capped
    (429, "soon", None),  # unreadable
    (500, None, None),
    (502, None, None),
    (503, None, None),
    (504, None, None),
    (502, None, PROXY_PAGE),  # a proxy's HTML page, not Slack's JSON
    (503, None, "Service Unavailable"),
    (None, None, None),  # the connection dropped before any answer
], ids=["429", "429-decimal", "429-no-header", "429-absurd", "429-unreadable", "500", "502",
        "503", "504", "502-html", "503-text", "dropped"])
async def test_each_slack_fault_is_retried_and_the_reply_posted_once(
        bot, standin, status, retry_after, page):
    standin.fail("chat.postMessage", status, times=2, retry_after=retry_after, page=page)
    await bot.event(message_event(EVENT_LOG_PASTE))
    [reply] = await standin.wait_for("chat.postMessage")
    await standin.settle()
    assert len(standin.of("chat.postMessage")) == 1
    assert len(standin.attempts("chat.postMessage")) == 3
    assert headers_of(reply) == ["ESTS_TOKEN_ERROR"]


@pytest.mark.parametrize("status", [400, 404])
async def test_a_client_error_is_not_retried(bot, standin, status):
    standin.fail("chat.postMessage", status, page="Not here")
    await bot.event(message_event(EVENT_LOG_PASTE))
    await standin.wait_for_attempts("chat.postMessage", 1)
    await standin.settle()
    assert len(standin.attempts("chat.postMessage")) == 1


async def _waits_until_given_up(monkeypatch, response: HttpResponse) -> list[float]:
    """Drive the handler as slack_sdk does against an answer that never changes."""
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    monkeypatch.setattr(retries.asyncio, "sleep", sleep)
    handler = retries.SlackRetries(Metrics())
    state = RetryState()
    request = HttpRequest(method="POST", url="https://slack.test/api/chat.postMessage",
                          headers={}, body_params={})
    while await handler.can_retry_async(state=state, request=request, response=response):
        await handler.prepare_for_next_attempt_async(
            state=state, request=request, response=response)
    return waits


async def test_5xx_is_retried_5_times_within_15_5_seconds(monkeypatch):
    monkeypatch.setattr(retries, "BACKOFF_SECONDS", 0.5)
    waits = await _waits_until_given_up(
        monkeypatch, HttpResponse(status_code=500, headers={}, body={}))
    assert len(waits) == retries.RETRIES == 5
    assert 7.75 <= sum(waits) <= 15.5  # README: "5 retries over at most 15.5 s"
    assert all(0.5 * 2 ** n / 2 <= wait <= 0.5 * 2 ** n for n, wait in enumerate(waits))


async def test_429s_wait_as_told_but_within_the_time_budget(monkeypatch):
    monkeypatch.setattr(retries, "RETRY_AFTER_MAX", 20.0)
    limited = HttpResponse(status_code=429, headers={"Retry-After": ["12.5"]}, body={})
    assert await _waits_until_given_up(monkeypatch, limited) == [12.5, 12.5]  # 37.5 > 30
    absurd = HttpResponse(status_code=429, headers={"Retry-After": ["999999"]}, body={})
    assert await _waits_until_given_up(monkeypatch, absurd) == [20.0]

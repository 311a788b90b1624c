"""Slack faults: rate limits, server errors and dropped connections are retried; a call
that still fails is logged and the bot carries on."""

from __future__ import annotations

import pytest
from slack_harness import EVENT_LOG_PASTE, headers_of, message_event, wait_until

from bot.slack.wiring.retries import RETRIES


@pytest.mark.parametrize("fault", [429, 500, None], ids=["rate-limited", "server-error",
                                                          "dropped-connection"])
async def test_a_failed_post_is_retried_and_posted_exactly_once(bot, standin, fault):
    standin.fail("chat.postMessage", fault)
    await bot.event(message_event(EVENT_LOG_PASTE))
    [reply] = await standin.wait_for("chat.postMessage")
    await standin.settle()
    assert len(standin.of("chat.postMessage")) == 1
    assert len(standin.attempts("chat.postMessage")) == 2
    assert headers_of(reply) == ["ESTS_TOKEN_ERROR"]


async def test_a_post_that_keeps_failing_is_logged_retried_and_the_bot_keeps_serving(
    bot, standin, caplog
):
    standin.fail("chat.postMessage", 500, times=RETRIES + 1)  # the first try and every retry
    first = message_event(EVENT_LOG_PASTE)
    await bot.event(first)
    await standin.wait_for_attempts("chat.postMessage", RETRIES + 1)

    def logged() -> bool:
        return any("event=outbox_retry kind=card id=1 attempts=1 error=fatal_error"
                   in r.getMessage() for r in caplog.records)

    await wait_until(logged, "the retry log line")
    assert standin.of("chat.postMessage") == []

    second = message_event(EVENT_LOG_PASTE)
    await bot.event(second)
    replies = await standin.wait_for("chat.postMessage", 2)  # the outbox's retry, too
    assert {r.body["thread_ts"] for r in replies} == {first["ts"], second["ts"]}
    assert [headers_of(r) for r in replies] == [["ESTS_TOKEN_ERROR"]] * 2

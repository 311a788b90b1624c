"""Slack faults: a call that still fails after its retries is logged and the bot carries
on. Each fault retried and then posted once: tests/slack/test_slack_retries.py."""

from __future__ import annotations

from slack_harness import EVENT_LOG_PASTE, headers_of, message_event, wait_until

from bot.slack.wiring.retries import RETRIES


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

"""Slack failing for a while (several calls in a row): the reply arrives once the fault
clears, and is posted exactly once, even when Slack re-sends the event meanwhile.
(One failed call, and a 500 outlasting the retries, are in test_slack_faults.py.)"""

from __future__ import annotations

import pytest
from slack_harness import EVENT_LOG_PASTE, headers_of, message_event

from bot.slack.wiring.retries import RETRIES

DROP = None  # the stand-in closes the connection without answering


@pytest.mark.parametrize(
    "faults",
    [
        [(429, 3)],
        [(500, 2)],
        [(DROP, 2)],
        [(500, 1), (DROP, 1)],
    ],
    ids=["rate-limited-3-times", "server-error-twice", "dropped-twice", "500-then-dropped"],
)
async def test_a_fault_lasting_several_calls_is_waited_out_and_posted_once(
    bot, standin, faults
):
    for status, times in faults:
        standin.fail("chat.postMessage", status, times)
    await bot.event(message_event(EVENT_LOG_PASTE))
    [reply] = await standin.wait_for("chat.postMessage")
    await standin.settle()
    assert len(standin.of("chat.postMessage")) == 1
    assert len(standin.attempts("chat.postMessage")) == 1 + sum(t for _, t in faults)
    assert headers_of(reply) == ["ESTS_TOKEN_ERROR"]


@pytest.mark.parametrize("fault", [500, DROP], ids=["server-error", "dropped"])
async def test_slack_resending_the_event_during_the_outage_gets_one_reply(
    bot, standin, fault
):
    standin.fail("chat.postMessage", fault, times=2)
    paste = message_event(EVENT_LOG_PASTE)
    assert (await bot.event(paste, event_id="Ev0OUTAGE1")).status == 200
    await standin.wait_for_attempts("chat.postMessage", 1)  # the outage has begun
    for retry in (1, 2):  # Slack's own retries of the delivery, while the bot still waits
        assert (await bot.event(paste, event_id="Ev0OUTAGE1", retry=retry)).status == 200
    [reply] = await standin.wait_for("chat.postMessage")
    await standin.settle()
    assert len(standin.of("chat.postMessage")) == 1
    assert len(standin.attempts("chat.postMessage")) == 3
    assert reply.body["thread_ts"] == paste["ts"]


async def test_after_dropped_connections_outlast_the_retries_the_reply_still_arrives_once(
    bot, standin
):
    standin.fail("chat.postMessage", DROP, times=RETRIES + 1)  # the first try and every retry
    first = message_event(EVENT_LOG_PASTE)
    await bot.event(first)
    await standin.wait_for_attempts("chat.postMessage", RETRIES + 1)
    assert standin.of("chat.postMessage") == []

    second = message_event(EVENT_LOG_PASTE)
    await bot.event(second)
    # The second is answered at once; the first when the outbox tries it again.
    await standin.wait_for("chat.postMessage", 2)
    await standin.settle()
    assert sorted(c.body["thread_ts"] for c in standin.of("chat.postMessage")) == sorted(
        [first["ts"], second["ts"]])

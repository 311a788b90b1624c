"""GET /metrics after a scripted series of requests: every number is exact, and two bots
on one database (two replicas) agree on the escalations but count their own requests."""

from __future__ import annotations

import asyncio
import time

from slack_harness import (
    ALICE,
    CHANNEL,
    CHIT_CHAT,
    EVENT_LOG_PASTE,
    TEAM,
    WAIT_SECONDS,
    Samples,
    buttons,
    message_event,
    scrape,
    value,
)

from bot.blocks import ids
from bot.domain.checklist import ThreadRef
from bot.domain.handoff import HandoffForm
from bot.slack.listeners.shortcuts.troubleshoot import CALLBACK_ID


async def scrape_when(bot, name: str, expected: float, **labels: str) -> Samples:
    """Scrape until ``name`` reached ``expected`` (the bot counts after it replied)."""
    deadline = time.monotonic() + WAIT_SECONDS
    while value(samples := await scrape(bot), name, **labels) < expected:
        assert time.monotonic() < deadline, f"{name}{labels} never reached {expected}"
        await asyncio.sleep(0.05)
    return samples


def shortcut(text: str, response_url: str) -> dict:
    return {
        "type": "message_action", "token": "legacy", "action_ts": str(time.time()),
        "team": {"id": TEAM, "domain": "standin"}, "user": {"id": ALICE, "name": "alice"},
        "channel": {"id": CHANNEL, "name": "general"}, "callback_id": CALLBACK_ID,
        "trigger_id": "1337.42.abcd", "response_url": response_url,
        "message_ts": "1760000100.000200",
        "message": {"type": "message", "user": "U0BOB", "ts": "1760000100.000200",
                    "text": text},
    }


def search(query: str) -> dict:
    return {
        "type": "view_submission", "team": {"id": TEAM, "domain": "standin"},
        "user": {"id": ALICE, "username": "alice", "team_id": TEAM},
        "api_app_id": "A0TEST", "token": "legacy", "trigger_id": "1337.42.search",
        "view": {"id": "VSEARCH", "type": "modal", "callback_id": ids.SEARCH_MODAL,
                 "state": {"values": {ids.SEARCH_QUERY: {ids.SEARCH_QUERY: {
                     "type": "plain_text_input", "value": query}}}}},
    }


async def test_metrics_after_a_scripted_series_of_requests(start_bot, standin, knowledge):
    bot = await start_bot()
    # Events: two pastes (the first reply rate-limited once, then retried), chit-chat,
    # and the Home tab opened.
    standin.fail("chat.postMessage", 429, times=1)
    await bot.event(message_event(EVENT_LOG_PASTE))
    await bot.event(message_event("ESTS_TOKEN_ERROR"))
    await bot.event(message_event(CHIT_CHAT))
    await bot.event({"type": "app_home_opened", "user": ALICE, "channel": "D0ALICE",
                     "tab": "home", "event_ts": "1760000000.000001"})
    [card, _] = await standin.wait_for("chat.postMessage", 2)
    await standin.wait_for("views.publish")
    # A command, a button, a view submission.
    await bot.command("ESTS_TOKEN_ERROR")
    [fixed] = buttons(card, ids.FEEDBACK_FIXED)
    await bot.click(ids.FEEDBACK_FIXED, fixed["value"],
                    message={"ts": "1760000000.000009", "text": "card", "blocks": []})
    await standin.wait_for("chat.postEphemeral")
    assert (await bot.interact(search("ESTS_TOKEN_ERROR"))).status == 200
    # A shortcut in a channel the bot is not in: chat.postEphemeral fails, once.
    standin.answer("chat.postEphemeral", {"ok": False, "error": "not_in_channel"})
    await bot.interact(shortcut("ESTS_TOKEN_ERROR", standin.response_url()))
    await standin.wait_for("response_url", 2)  # the command's answer and the shortcut's
    # Escalations, as another replica would have recorded them.
    store = bot.bot.store
    first, _ = await store.create_handoff(TEAM, ThreadRef(CHANNEL, "1.1"), "ESTS_TOKEN_ERROR",
                                          HandoffForm(), ALICE, "C0SUPPORT")
    await store.create_handoff(TEAM, ThreadRef(CHANNEL, "1.2"), "ESTS_TOKEN_ERROR",
                               HandoffForm(), ALICE, "C0SUPPORT")
    await store.take_handoff(first.id, "U0SUPPORT")

    # Pastes x2, command, search, shortcut.
    samples = await scrape_when(bot, "mfa_bot_matches_total", 5, code="ESTS_TOKEN_ERROR")
    requests = {kind: value(samples, "mfa_bot_requests_total", type=kind)
                for kind in ("event", "command", "action", "view", "shortcut")}
    assert requests == {"event": 4, "command": 1, "action": 1, "view": 1, "shortcut": 1}
    assert value(samples, "mfa_bot_match_seconds_count") == 6  # chit-chat was matched too
    assert value(samples, "mfa_bot_match_seconds_bucket", le="+Inf") == 6
    assert value(samples, "mfa_bot_slack_api_retries_total",
                 method="chat.postMessage", kind="rate_limited") == 1
    assert value(samples, "mfa_bot_slack_api_errors_total",
                 method="chat.postMessage", error="ratelimited") == 1
    assert value(samples, "mfa_bot_slack_api_errors_total",
                 method="chat.postEphemeral", error="not_in_channel") == 1
    escalations = {state: value(samples, "mfa_bot_escalations", state=state)
                   for state in ("open", "taken", "resolved")}
    assert escalations == {"open": 1, "taken": 1, "resolved": 0}
    assert value(samples, "mfa_bot_store_up") == 1
    assert value(samples, "mfa_bot_knowledge_entries") == len(knowledge.entries)
    assert value(samples, "mfa_bot_knowledge_reloads_total", result="ok") == 0

    # A second replica on the same database: same escalations, none of the requests.
    other = await scrape(await start_bot(DATABASE_URL=bot.settings.database_url))
    assert {state: value(other, "mfa_bot_escalations", state=state)
            for state in ("open", "taken", "resolved")} == escalations
    assert value(other, "mfa_bot_requests_total", type="event") == 0
    assert value(other, "mfa_bot_matches_total", code="ESTS_TOKEN_ERROR") == 0

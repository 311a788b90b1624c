"""The "Troubleshoot this error" message shortcut: a private card, and Post in thread."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any

from slack_harness import (
    ALICE,
    CHANNEL,
    CHIT_CHAT,
    EVENT_LOG_PASTE,
    TEAM,
    buttons,
    headers_of,
    shown,
)

from bot.blocks import ids
from bot.blocks.replies import APOLOGY
from bot.blocks.shortcut import POST_IN_THREAD, parse_post_in_thread
from bot.slack.listeners.shortcuts.troubleshoot import CALLBACK_ID

MESSAGE_TS = "1760000100.000200"
THREAD_TS = "1760000000.000100"


def shortcut(text: str, response_url: str, *, thread_ts: str | None = THREAD_TS) -> dict[str, Any]:
    """Slack's message_action payload: Alice used the shortcut on a message in #general."""
    message = {"type": "message", "user": "U0BOB", "ts": MESSAGE_TS, "text": text}
    if thread_ts:
        message["thread_ts"] = thread_ts
    return {
        "type": "message_action", "token": "legacy", "action_ts": str(time.time()),
        "team": {"id": TEAM, "domain": "standin"}, "user": {"id": ALICE, "name": "alice"},
        "channel": {"id": CHANNEL, "name": "general"}, "callback_id": CALLBACK_ID,
        "trigger_id": "1337.42.abcd", "response_url": response_url,
        "message_ts": MESSAGE_TS, "message": message,
    }


async def use_shortcut(bot, standin, text: str, **kw: Any) -> str:
    response_url = standin.response_url()
    answer = await bot.interact(shortcut(text, response_url, **kw))
    assert (answer.status, answer.text) == (200, "")  # acked at once; the card comes after
    return response_url


async def matches(bot, code: str) -> int:
    stats = await bot.bot.store.stats(TEAM, datetime.now(UTC) - timedelta(days=1))
    return next((c.matches for c in stats.codes if c.code == code), 0)


async def test_the_clicker_gets_a_private_card_in_the_thread(bot, standin):
    await use_shortcut(bot, standin, EVENT_LOG_PASTE)
    [card] = await standin.wait_for("chat.postEphemeral")
    assert (card.body["channel"], card.body["user"], card.body["thread_ts"]) == (
        CHANNEL, ALICE, THREAD_TS)
    assert headers_of(card) == ["ESTS_TOKEN_ERROR"]
    assert buttons(card, ids.SHARE) == []  # a response_url cannot post in a thread
    [post] = buttons(card, POST_IN_THREAD)
    entry_id, thread_ts = parse_post_in_thread(post["value"])
    assert bot.bot.kb.get(entry_id).code == "ESTS_TOKEN_ERROR"
    assert thread_ts == THREAD_TS
    assert buttons(card, ids.FEEDBACK_FIXED)
    assert standin.of("chat.postMessage") == []  # nobody else sees anything yet
    assert await matches(bot, "ESTS_TOKEN_ERROR") == 1


async def test_a_message_outside_a_thread_is_answered_in_its_own_thread(bot, standin):
    await use_shortcut(bot, standin, "ESTS_TOKEN_ERROR", thread_ts=None)
    [card] = await standin.wait_for("chat.postEphemeral")
    assert card.body["thread_ts"] == MESSAGE_TS
    [post] = buttons(card, POST_IN_THREAD)
    assert parse_post_in_thread(post["value"])[1] == MESSAGE_TS


async def test_post_in_thread_posts_the_card_there_and_removes_the_private_one(bot, standin):
    await use_shortcut(bot, standin, EVENT_LOG_PASTE)
    [card] = await standin.wait_for("chat.postEphemeral")
    [post] = buttons(card, POST_IN_THREAD)
    response_url = standin.response_url()
    await bot.click(POST_IN_THREAD, post["value"], ephemeral=True, response_url=response_url)
    [public] = await standin.wait_for("chat.postMessage")
    assert (public.body["channel"], public.body["thread_ts"]) == (CHANNEL, THREAD_TS)
    assert headers_of(public) == ["ESTS_TOKEN_ERROR"]
    assert buttons(public, POST_IN_THREAD) == [] and buttons(public, ids.FEEDBACK_FIXED)
    [removed] = await standin.wait_for("response_url")
    assert response_url.endswith(removed.path_id) and removed.body["delete_original"] is True


async def test_post_in_thread_with_a_stale_button_says_so(bot, standin):
    await bot.click(POST_IN_THREAD, '{"entry":"NO_SUCH_ENTRY","thread_ts":"1.2"}',
                    ephemeral=True)
    [reply] = await standin.wait_for("response_url")
    assert "out of date" in reply.body["text"]
    assert standin.of("chat.postMessage") == []


async def test_outside_the_bots_channels_the_answer_goes_through_response_url(bot, standin):
    standin.answer("chat.postEphemeral", {"ok": False, "error": "not_in_channel"})
    response_url = await use_shortcut(bot, standin, EVENT_LOG_PASTE)
    [reply] = await standin.wait_for("response_url")
    assert response_url.endswith(reply.path_id)
    assert reply.body["response_type"] == "ephemeral"
    assert reply.body["replace_original"] is False
    assert headers_of(reply) == ["ESTS_TOKEN_ERROR"]
    # The bot cannot post there: no button that would try.
    assert buttons(reply, POST_IN_THREAD) == [] and buttons(reply, ids.SHARE) == []
    assert await matches(bot, "ESTS_TOKEN_ERROR") == 1


async def test_no_known_error_gets_a_private_no_match(bot, standin):
    await use_shortcut(bot, standin, CHIT_CHAT)
    [reply] = await standin.wait_for("chat.postEphemeral")
    assert "No known NPS-extension error" in reply.body["text"]
    assert headers_of(reply) == [] and buttons(reply, POST_IN_THREAD) == []


async def test_hostile_text_around_the_error_is_never_echoed_raw(bot, standin):
    await use_shortcut(bot, standin, "<!channel> <@U0BOSS> ESTS_TOKEN_ERROR <https://x.test|x>")
    [card] = await standin.wait_for("chat.postEphemeral")
    assert headers_of(card) == ["ESTS_TOKEN_ERROR"]
    for raw in ("<!channel", "<@U0BOSS", "<https://x.test"):
        assert raw not in shown(card)


async def test_another_slack_failure_gets_the_apology(bot, standin):
    standin.answer("chat.postEphemeral", {"ok": False, "error": "invalid_blocks"})
    # No check of the HTTP answer: Bolt forgets an ack when the listener fails within
    # its 10 ms polling interval, which only a stand-in on localhost is fast enough for.
    await bot.interact(shortcut(EVENT_LOG_PASTE, standin.response_url()))
    [reply] = await standin.wait_for("response_url")
    assert reply.body["text"] == APOLOGY

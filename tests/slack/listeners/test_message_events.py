"""Pasted errors in channels, threads and DMs, over the Events API."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta

from slack_harness import (
    ALICE,
    BOT_ID,
    BOT_USER,
    CHANNEL,
    CHIT_CHAT,
    DM_CHANNEL,
    EVENT_LOG_PASTE,
    TEAM,
    buttons,
    headers_of,
    message_event,
    shown,
    wait_until,
)

from bot.blocks import ids
from bot.store import open_store


async def matched_count(bot, code: str) -> int:
    stats = await bot.bot.store.stats(TEAM, datetime.now(UTC) - timedelta(days=1))
    return next((c.matches for c in stats.codes if c.code == code), 0)


async def test_a_pasted_event_log_entry_gets_a_card_in_its_thread(bot, standin):
    event = message_event(EVENT_LOG_PASTE)
    assert (await bot.event(event)).status == 200
    [reply] = await standin.wait_for("chat.postMessage")
    assert reply.body["channel"] == CHANNEL
    assert reply.body["thread_ts"] == event["ts"]
    assert headers_of(reply) == ["ESTS_TOKEN_ERROR"]
    assert "ESTS_TOKEN_ERROR" in reply.body["text"]
    assert reply.body["unfurl_links"] is False and reply.body["unfurl_media"] is False
    assert buttons(reply, ids.FEEDBACK_FIXED)
    assert reply.headers["Authorization"] == f"Bearer {bot.settings.bot_token}"
    assert await matched_count(bot, "ESTS_TOKEN_ERROR") == 1


async def test_a_paste_inside_a_thread_is_answered_in_that_thread(bot, standin):
    event = message_event("seeing ESTS_TOKEN_ERROR again on NPS02", thread_ts="1750000000.000100")
    await bot.event(event)
    [reply] = await standin.wait_for("chat.postMessage")
    assert reply.body["thread_ts"] == "1750000000.000100"


async def test_a_retried_event_is_answered_once(bot, standin):
    event = message_event(EVENT_LOG_PASTE)
    await bot.event(event, event_id="Ev0RETRY01")
    await standin.wait_for("chat.postMessage")
    retried = await bot.event(event, event_id="Ev0RETRY01", retry=1)
    assert retried.status == 200  # Slack must stop retrying
    await standin.settle()
    assert len(standin.of("chat.postMessage")) == 1
    assert await matched_count(bot, "ESTS_TOKEN_ERROR") == 1


async def test_simultaneous_deliveries_of_one_event_are_answered_once(bot, standin):
    event = message_event(EVENT_LOG_PASTE)
    answers = await asyncio.gather(
        *(bot.event(event, event_id="Ev0RACE01", retry=n) for n in range(3)))
    assert [a.status for a in answers] == [200, 200, 200]
    await standin.wait_for("chat.postMessage")
    await standin.settle()
    assert len(standin.of("chat.postMessage")) == 1


async def test_chit_chat_in_a_channel_gets_no_reply(bot, standin):
    assert (await bot.event(message_event(CHIT_CHAT))).status == 200
    await standin.settle()
    assert standin.posted() == []


async def test_chit_chat_in_a_dm_gets_help(bot, standin):
    event = message_event(CHIT_CHAT, channel=DM_CHANNEL, channel_type="im")
    await bot.event(event)
    [reply] = await standin.wait_for("chat.postMessage")
    assert reply.body["channel"] == DM_CHANNEL
    assert reply.body["thread_ts"] == event["ts"]
    assert "/mfa-error" in shown(reply)
    assert headers_of(reply) == []  # not a card


async def test_a_paste_in_a_dm_gets_the_card(bot, standin):
    await bot.event(message_event("UserNotFound", channel=DM_CHANNEL, channel_type="im"))
    [reply] = await standin.wait_for("chat.postMessage")
    assert headers_of(reply) == ["UserNotFound"]


async def test_messages_that_are_not_a_persons_fresh_paste_are_ignored(bot, standin):
    ignored = [
        message_event(EVENT_LOG_PASTE, user=BOT_USER, bot_id=BOT_ID),  # our own
        message_event(EVENT_LOG_PASTE, subtype="bot_message", bot_id="B0OTHER", user=None),
        message_event(EVENT_LOG_PASTE, bot_id="B0OTHER"),  # another app posting as a user
        {**message_event(""), "subtype": "message_changed",
         "message": {"user": ALICE, "text": EVENT_LOG_PASTE, "ts": "1.2"}},
        {**message_event(""), "subtype": "message_deleted",
         "previous_message": {"user": ALICE, "text": EVENT_LOG_PASTE, "ts": "1.2"}},
        message_event(EVENT_LOG_PASTE, subtype="channel_join"),
    ]
    for event in ignored:
        assert (await bot.event(event)).status == 200
    await standin.settle()
    assert standin.posted() == []


async def test_a_mention_is_answered_once_though_slack_sends_two_events(bot, standin):
    text = f"<@{BOT_USER}> what is HTTP_CONNECT_ERROR?"
    message = message_event(text)
    mention = {**message, "type": "app_mention"}
    mention.pop("channel_type")
    await bot.event(message)
    await bot.event(mention)
    [reply] = await standin.wait_for("chat.postMessage")
    await standin.settle()
    assert len(standin.of("chat.postMessage")) == 1
    assert headers_of(reply) == ["HTTP_CONNECT_ERROR"]
    assert reply.body["thread_ts"] == message["ts"]


async def test_a_mention_without_a_known_error_gets_help(bot, standin):
    event = {**message_event(f"<@{BOT_USER}> {CHIT_CHAT}"), "type": "app_mention"}
    await bot.event(event)
    [reply] = await standin.wait_for("chat.postMessage")
    assert "/mfa-error" in shown(reply)


async def test_pingable_text_in_a_paste_is_never_echoed(bot, standin):
    paste = "<!channel> ESTS_TOKEN_ERROR <@U999> <https://evil.example|x> <!here|here>"
    await bot.event(message_event(paste))
    [reply] = await standin.wait_for("chat.postMessage")
    for where in (reply.body["text"], json.dumps(reply.body["blocks"])):
        for ping in ("<!channel", "<!here", "<@U999", "<https://evil.example"):
            assert ping not in where


async def test_a_40000_character_paste_is_answered(bot, standin):
    noise = "Event 4625 logon failure for account svc-backup on host FS01; retrying. "
    paste = (noise * 600)[: 40_000 - len(EVENT_LOG_PASTE) - 1] + "\n" + EVENT_LOG_PASTE
    assert len(paste) == 40_000
    assert (await bot.event(message_event(paste))).status == 200
    [reply] = await standin.wait_for("chat.postMessage")
    assert headers_of(reply) == ["ESTS_TOKEN_ERROR"]


async def test_event_ids_older_than_a_day_are_purged_at_start(
    start_bot, standin, tmp_path, caplog
):
    database_url = f"sqlite:///{tmp_path / 'purge.sqlite3'}"
    two_days_ago = datetime.now(UTC) - timedelta(days=2)
    store = await open_store(database_url, clock=lambda: two_days_ago)
    assert await store.claim_event("Ev0OLD")
    await store.close()
    store = await open_store(database_url)
    assert await store.claim_event("Ev0RECENT")
    await store.close()

    bot = await start_bot(DATABASE_URL=database_url)
    await wait_until(lambda: "event=purge_events purged=1" in caplog.text, "the purge")
    await bot.event(message_event(EVENT_LOG_PASTE), event_id="Ev0RECENT")  # a late retry
    await bot.event(message_event(EVENT_LOG_PASTE), event_id="Ev0OLD")  # forgotten
    await standin.wait_for("chat.postMessage")
    await standin.settle()
    assert len(standin.of("chat.postMessage")) == 1

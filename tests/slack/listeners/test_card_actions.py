"""Buttons on the cards: Share, Did you mean, Fixed it / Didn't help."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from slack_harness import (
    ALICE,
    CHANNEL,
    EVENT_LOG_PASTE,
    TEAM,
    buttons,
    headers_of,
    message_event,
)

from bot.blocks import ids
from bot.blocks.replies import APOLOGY, STALE_CARD
from bot.slack.wiring.retries import RETRIES


async def posted_card(bot, standin, paste: str):
    """Paste ``paste`` in #general and return the card the bot posted (a real message)."""
    await bot.event(message_event(paste))
    [call] = await standin.wait_for("chat.postMessage")
    return call, {"ts": "1760000000.000001", "thread_ts": "1750000000.000001",
                  "text": call.body["text"], "blocks": call.body["blocks"]}


async def test_share_posts_the_card_in_the_channel_and_removes_the_private_one(bot, standin):
    response_url = standin.response_url()
    await bot.command("UserNotFound", response_url=response_url)
    [private] = await standin.wait_for("response_url")
    [share] = buttons(private, ids.SHARE)
    await bot.click(ids.SHARE, share["value"], ephemeral=True, response_url=response_url)
    [_, public] = await standin.wait_for("response_url", 2)
    assert public.body["response_type"] == "in_channel"
    assert public.body["delete_original"] is True
    assert headers_of(public) == ["UserNotFound"]
    assert buttons(public, ids.SHARE) == []  # everyone sees it now
    assert buttons(public, ids.FEEDBACK_FIXED)


async def test_did_you_mean_replaces_a_channel_card(bot, standin, knowledge):
    # A code shared by several messages: the card offers the others as alternatives.
    call, message = await posted_card(bot, standin, "ALTERNATE_LOGIN_ID_ERROR")
    choices = buttons(call, ids.DID_YOU_MEAN)
    assert choices
    picked = knowledge.get(choices[0]["value"])
    await bot.click(ids.DID_YOU_MEAN, picked.id, message=message)
    [update] = await standin.wait_for("chat.update")
    assert (update.body["channel"], update.body["ts"]) == (CHANNEL, message["ts"])
    assert headers_of(update) == [picked.code]
    assert picked.message is not None
    assert picked.message.split()[0] in str(update.body["blocks"])


async def test_did_you_mean_on_a_private_card_replaces_it_through_response_url(
    bot, standin, knowledge
):
    entry = knowledge.by_code("UserNotFound")[0]
    await bot.click(ids.DID_YOU_MEAN, entry.id, ephemeral=True)
    [reply] = await standin.wait_for("response_url")
    assert reply.body["replace_original"] is True
    assert headers_of(reply) == ["UserNotFound"]
    assert buttons(reply, ids.SHARE)  # still private: it can still be shared
    assert standin.of("chat.update") == []


async def votes(bot, code: str) -> tuple[int, int]:
    stats = await bot.bot.store.stats(TEAM, datetime.now(UTC) - timedelta(days=1))
    found = next((c for c in stats.codes if c.code == code), None)
    return (found.fixed, found.not_fixed) if found else (0, 0)


async def test_feedback_is_recorded_once_per_person_and_thanked_privately(bot, standin):
    call, message = await posted_card(bot, standin, "ESTS_TOKEN_ERROR")
    [fixed] = buttons(call, ids.FEEDBACK_FIXED)
    await bot.click(ids.FEEDBACK_FIXED, fixed["value"], message=message)
    [thanks] = await standin.wait_for("chat.postEphemeral")
    assert (thanks.body["channel"], thanks.body["user"]) == (CHANNEL, ALICE)
    assert thanks.body["thread_ts"] == message["thread_ts"]
    assert "Thanks" in thanks.body["text"]
    assert await votes(bot, "ESTS_TOKEN_ERROR") == (1, 0)

    await bot.click(ids.FEEDBACK_FIXED, fixed["value"], message=message)
    await standin.wait_for("chat.postEphemeral", 2)
    assert await votes(bot, "ESTS_TOKEN_ERROR") == (1, 0)

    [not_fixed] = buttons(call, ids.FEEDBACK_NOT_FIXED)
    await bot.click(ids.FEEDBACK_NOT_FIXED, not_fixed["value"], message=message)
    await standin.wait_for("chat.postEphemeral", 3)
    assert await votes(bot, "ESTS_TOKEN_ERROR") == (0, 1)  # a changed vote replaces


async def test_feedback_on_a_private_card_is_thanked_through_response_url(
    bot, standin, knowledge
):
    entry = knowledge.by_code("UserNotFound")[0]
    await bot.click(ids.FEEDBACK_NOT_FIXED, entry.id, ephemeral=True)
    [thanks] = await standin.wait_for("response_url")
    assert thanks.body["replace_original"] is False
    assert thanks.body["response_type"] == "ephemeral"
    assert thanks.body["text"] != STALE_CARD
    assert await votes(bot, "UserNotFound") == (0, 1)


async def test_a_button_for_an_entry_that_no_longer_exists_says_so(bot, standin):
    await bot.click(ids.DID_YOU_MEAN, "NO_SUCH_CODE", ephemeral=True)
    [reply] = await standin.wait_for("response_url")
    assert reply.body["text"] == STALE_CARD
    assert reply.body["replace_original"] is False


async def test_a_failure_after_retries_gets_an_apology_and_the_bot_keeps_serving(
    bot, standin, knowledge
):
    standin.fail("chat.update", 500, times=RETRIES + 1)  # the first try and every retry
    entry = knowledge.by_code("UserNotFound")[0]
    await bot.click(ids.DID_YOU_MEAN, entry.id, message={"ts": "1.2", "text": "x"})
    [apology] = await standin.wait_for("response_url")
    assert apology.body["text"] == APOLOGY
    assert "Traceback" not in str(apology.body)
    assert len(standin.attempts("chat.update")) == RETRIES + 1

    await bot.event(message_event(EVENT_LOG_PASTE))
    [reply] = await standin.wait_for("chat.postMessage")
    assert headers_of(reply) == ["ESTS_TOKEN_ERROR"]

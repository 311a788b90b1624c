"""/mfa-error in each of its forms: ack at once, then a private answer via response_url."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from slack_harness import TEAM, buttons, headers_of, shown

from bot.blocks import ids


async def run_command(bot, standin, text: str):
    response_url = standin.response_url()
    answer = await bot.command(text, response_url=response_url)
    assert (answer.status, answer.text) == (200, "")  # a bare ack: the answer comes after
    reply = await standin.wait_for_answer(response_url)
    assert reply.body["response_type"] == "ephemeral"
    return reply


async def test_a_code_gets_a_private_card_with_a_share_button(bot, standin):
    reply = await run_command(bot, standin, "ESTS_TOKEN_ERROR")
    assert headers_of(reply) == ["ESTS_TOKEN_ERROR"]
    [share] = buttons(reply, ids.SHARE)
    assert bot.bot.kb.get(share["value"]).code == "ESTS_TOKEN_ERROR"
    stats = await bot.bot.store.stats(TEAM, datetime.now(UTC) - timedelta(days=1))
    assert [(c.code, c.matches) for c in stats.codes] == [("ESTS_TOKEN_ERROR", 1)]


async def test_no_text_and_help_give_the_usage(bot, standin):
    empty = await run_command(bot, standin, "")
    help_ = await run_command(bot, standin, "  HELP ")
    assert "/mfa-error list" in shown(empty)
    assert empty.body["blocks"] == help_.body["blocks"]


async def test_list_gives_the_catalogue(bot, standin, knowledge):
    reply = await run_command(bot, standin, "list")
    for entry in knowledge.entries:
        assert entry.code in shown(reply)


async def test_text_with_no_known_error_gets_no_card(bot, standin):
    reply = await run_command(bot, standin, "the printer is on fire")
    assert headers_of(reply) == []
    assert buttons(reply, ids.SHARE) == []
    assert "No known NPS-extension error" in reply.body["text"]
    stats = await bot.bot.store.stats(TEAM, datetime.now(UTC) - timedelta(days=1))
    assert stats.codes == ()


async def test_stats_reports_matches_and_votes_for_the_period(bot, standin):
    await run_command(bot, standin, "ESTS_TOKEN_ERROR")
    await run_command(bot, standin, "ESTS_TOKEN_ERROR")
    week = await run_command(bot, standin, "stats")
    month = await run_command(bot, standin, "stats 30d")
    assert "last 7 days" in week.body["text"] and "last 30 days" in month.body["text"]
    assert "2 matches across 1 code" in week.body["text"]
    assert "ESTS_TOKEN_ERROR" in shown(week)


async def test_stats_with_an_impossible_period_is_treated_as_text(bot, standin):
    reply = await run_command(bot, standin, "stats 9999d")
    assert "last" not in reply.body["text"]

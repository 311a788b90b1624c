"""/mfa-error stats after a scripted week: every number in the answer is exact."""

from __future__ import annotations

import json
from pathlib import Path

from slack_harness import CHANNEL, CHIT_CHAT, EVENT_LOG_PASTE, TEAM, buttons, message_event

from bot.blocks import ids
from bot.domain.checklist import ThreadRef
from bot.domain.handoff import HandoffForm

CARD_TS = ("1760000000.000001", "1760000000.000002", "1760000000.000003")


async def stats_reply(bot, standin, text: str):
    response_url = standin.response_url()
    await bot.command(text, response_url=response_url)
    reply = await standin.wait_for_answer(response_url)
    return reply


def everything_shown(call) -> str:
    return json.dumps(call.body, ensure_ascii=False)


async def test_stats_counts_pastes_lookups_votes_and_escalations_exactly(
    bot, standin, tmp_path: Path
):
    # Three pastes that match, one that does not, one private lookup.
    for paste in (EVENT_LOG_PASTE, "ESTS_TOKEN_ERROR", "REQUEST_FORMAT_ERROR", CHIT_CHAT):
        await bot.event(message_event(paste))
    cards = await standin.wait_for("chat.postMessage", 3)
    await bot.command("ESTS_TOKEN_ERROR")
    await standin.wait_for("response_url")

    # Votes: a changed vote replaces the first one, one vote per card.
    by_code = {}
    for call, ts in zip(cards, CARD_TS, strict=True):
        message = {"ts": ts, "text": call.body["text"], "blocks": call.body["blocks"]}
        by_code.setdefault(call.body["blocks"][0]["text"]["text"], []).append((call, message))
    (first, first_msg), (second, second_msg) = by_code["ESTS_TOKEN_ERROR"]
    [(other, other_msg)] = by_code["REQUEST_FORMAT_ERROR"]
    clicks = [
        (first, ids.FEEDBACK_FIXED, first_msg),
        (first, ids.FEEDBACK_NOT_FIXED, first_msg),
        (second, ids.FEEDBACK_FIXED, second_msg),
        (other, ids.FEEDBACK_NOT_FIXED, other_msg),
    ]
    for n, (card, action_id, message) in enumerate(clicks, 1):
        [button] = buttons(card, action_id)
        await bot.click(action_id, button["value"], message=message)
        await standin.wait_for("chat.postEphemeral", n)  # thanked once recorded

    # Escalations: three opened, two of them resolved.
    store = bot.bot.store
    handoffs = [
        (await store.create_handoff(TEAM, ThreadRef(CHANNEL, ts), "ESTS_TOKEN_ERROR",
                                    HandoffForm(), "U0ALICE", "C0SUPPORT"))[0]
        for ts in CARD_TS
    ]
    await store.take_handoff(handoffs[0].id, "U0SUPPORT")
    await store.resolve_handoff(handoffs[0].id, "U0SUPPORT")
    await store.resolve_handoff(handoffs[1].id, "U0SUPPORT")

    week = await stats_reply(bot, standin, "stats")
    month = await stats_reply(bot, standin, "stats 30d")
    assert week.body["text"] == (
        "MFA NPS-extension errors, last 7 days: 4 matches across 2 codes, 3 escalations opened")
    assert month.body["text"].startswith("MFA NPS-extension errors, last 30 days: 4 matches")
    for reply in (week, month):
        shown = everything_shown(reply)
        assert "`ESTS_TOKEN_ERROR` · 3 matches · fixed it 1 · didn't help 1" in shown
        assert "`REQUEST_FORMAT_ERROR` · 1 match · fixed it 0 · didn't help 1" in shown
        assert "*Escalations opened*\\n3" in shown
        assert "*Escalations resolved*\\n2" in shown

    # Counts only: nothing the people wrote is in the database (the hand-off form aside,
    # which support needs and this test left empty).
    stored = b"".join(p.read_bytes() for p in tmp_path.glob("bot.sqlite3*"))
    for written in (b"NPS01", b"AuthNOptCh", b"lunch"):
        assert written not in stored

"""The log-collection checklist: posted for needs-support pastes and on Escalate, ticked by
anyone, kept in the store (restarts and concurrent clicks included)."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta

from slack_harness import (
    ALICE,
    CHANNEL,
    EVENT_LOG_PASTE,
    NEEDS_SUPPORT_PASTE,
    buttons,
    checkboxes,
    headers_of,
    message_event,
    recorded_checklist,
    shown,
    ticked,
    toggle,
)

from bot.blocks import ids
from bot.blocks.replies import INVITE_ME, SAVE_FAILED
from bot.domain.checklist import ThreadRef
from bot.slack.flows import escalation
from bot.slack.wiring.retries import RETRIES
from bot.store.base import StoreError

BOB = "U0BOB"


async def needs_support_checklist(bot, standin):
    """Paste a needs-support error; returns (checklist message call, stored checklist)."""
    event = message_event(NEEDS_SUPPORT_PASTE)
    await bot.event(event)
    [card, posted] = await standin.wait_for("chat.postMessage", 2)
    assert headers_of(card) == ["CONTACT_SUPPORT"]
    checklist = await recorded_checklist(bot.bot.store, ThreadRef(CHANNEL, event["ts"]))
    return posted, checklist


def checklist_message(checklist) -> dict:
    """The checklist message as a click on it carries it."""
    return {"ts": checklist.message_ts, "thread_ts": checklist.thread.thread_ts}


async def test_a_needs_support_paste_gets_the_checklist_in_its_thread(bot, standin, knowledge):
    posted, checklist = await needs_support_checklist(bot, standin)
    procedure = knowledge.procedure
    assert posted.body["channel"] == CHANNEL
    assert posted.body["thread_ts"] == checklist.thread.thread_ts
    assert headers_of(posted) == [procedure.title]
    steps = [o["value"] for _, element in checkboxes(posted) for o in element["options"]]
    assert steps == [s.id for s in procedure.steps]
    assert all(len(element["options"]) <= 10 for _, element in checkboxes(posted))
    assert f"0 of {len(procedure.steps)} steps done" in shown(posted)
    assert "```" in shown(posted)  # commands are copyable
    assert buttons(posted, ids.HANDOFF_OPEN)[0]["value"] == str(checklist.id)
    assert checklist.entry_id == "CONTACT_SUPPORT"
    assert [s.step_id for s in checklist.steps] == [s.id for s in procedure.steps]


async def test_an_error_card_gets_no_checklist_until_someone_escalates(bot, standin, knowledge):
    event = message_event(EVENT_LOG_PASTE)
    await bot.event(event)
    [card] = await standin.wait_for("chat.postMessage")
    await standin.settle()
    assert len(standin.of("chat.postMessage")) == 1  # an admin-fixable error: just the card

    [escalate] = buttons(card, ids.ESCALATE)
    message = {"ts": "1760000000.000001", "thread_ts": event["ts"], "blocks": card.body["blocks"]}
    await bot.click(ids.ESCALATE, escalate["value"], message=message)
    [_, posted] = await standin.wait_for("chat.postMessage", 2)
    assert posted.body["thread_ts"] == event["ts"]
    assert headers_of(posted) == [knowledge.procedure.title]
    checklist = await bot.bot.store.get_checklist(ThreadRef(CHANNEL, event["ts"]))
    assert checklist.entry_id == escalate["value"]
    assert checklist.created_by == ALICE

    # A second Escalate, by someone else, points to the checklist instead of posting another.
    await bot.act({"type": "button", "action_id": ids.ESCALATE, "block_id": "b1",
                   "value": escalate["value"]}, user=BOB, message=message)
    [pointer] = await standin.wait_for("chat.postEphemeral")
    [link] = standin.of("chat.getPermalink")
    assert link.body["message_ts"] == checklist.message_ts
    assert (pointer.body["user"], pointer.body["thread_ts"]) == (BOB, event["ts"])
    assert "already in this thread" in pointer.body["text"]
    assert f"archives/{CHANNEL}/p" in shown(pointer)
    await standin.settle()
    assert len(standin.of("chat.postMessage")) == 2


async def test_escalate_on_a_private_card_starts_the_checklist_in_the_channel(
    bot, standin, knowledge
):
    entry = knowledge.by_code("ESTS_TOKEN_ERROR")[0]
    await bot.click(ids.ESCALATE, entry.id, ephemeral=True)
    [placeholder] = await standin.wait_for("chat.postMessage")
    [update] = await standin.wait_for("chat.update")
    assert "thread_ts" not in placeholder.body  # a new message: its thread is the escalation
    assert headers_of(update) == [knowledge.procedure.title]
    checklist = await bot.bot.store.get_checklist(ThreadRef(CHANNEL, update.body["ts"]))
    assert checklist is not None
    assert checklist.message_ts == update.body["ts"]
    assert buttons(update, ids.HANDOFF_OPEN)[0]["value"] == str(checklist.id)


async def test_escalate_where_the_bot_is_not_a_member_says_how_to_invite_it(
    bot, standin, knowledge
):
    standin.answer("chat.postMessage", {"ok": False, "error": "not_in_channel"})
    entry = knowledge.by_code("ESTS_TOKEN_ERROR")[0]
    await bot.click(ids.ESCALATE, entry.id, ephemeral=True)
    [reply] = await standin.wait_for("response_url")
    assert reply.body["text"] == INVITE_ME
    assert reply.body["response_type"] == "ephemeral"


async def test_ticking_and_unticking_shows_who_and_when_to_everyone(bot, standin):
    posted, checklist = await needs_support_checklist(bot, standin)
    first = checklist.steps[0].step_id
    await bot.act(toggle(posted, first), message=checklist_message(checklist))
    [update] = await standin.wait_for("chat.update")
    assert (update.body["channel"], update.body["ts"]) == (CHANNEL, checklist.message_ts)
    assert ticked(update) == {first}
    assert f"<@{ALICE}> <!date^" in shown(update)
    assert f"1 of {checklist.total} steps done" in shown(update)
    stored = await bot.bot.store.get_checklist_by_id(checklist.id)
    assert stored.step(first).done and stored.step(first).done_by == ALICE

    await bot.act(toggle(update, first), message=checklist_message(checklist))
    [_, undone] = await standin.wait_for("chat.update", 2)
    assert ticked(undone) == set()
    assert f"0 of {checklist.total} steps done" in shown(undone)
    assert not (await bot.bot.store.get_checklist_by_id(checklist.id)).step(first).done


async def test_simultaneous_ticks_from_stale_views_are_all_kept(bot, standin):
    posted, checklist = await needs_support_checklist(bot, standin)
    one, two = checklist.steps[0].step_id, checklist.steps[1].step_id
    # Both clicks come from the view as first posted: neither has seen the other's tick.
    await asyncio.gather(
        bot.act(toggle(posted, one), message=checklist_message(checklist)),
        bot.act(toggle(posted, two), user=BOB, message=checklist_message(checklist)),
    )
    await standin.wait_for("chat.update", 2)
    await standin.settle()
    assert ticked(standin.of("chat.update")[-1]) == {one, two}
    stored = await bot.bot.store.get_checklist_by_id(checklist.id)
    assert (stored.step(one).done_by, stored.step(two).done_by) == (ALICE, BOB)


async def test_ticks_survive_a_restart_of_the_bot(start_bot, standin):
    first_bot = await start_bot()
    posted, checklist = await needs_support_checklist(first_bot, standin)
    one, two = checklist.steps[0].step_id, checklist.steps[2].step_id
    await first_bot.act(toggle(posted, one), message=checklist_message(checklist))
    await standin.wait_for("chat.update")
    await first_bot.bot.stop()

    second_bot = await start_bot()  # same SQLite file, new process state
    await second_bot.act(toggle(posted, two), user=BOB, message=checklist_message(checklist))
    [_, update] = await standin.wait_for("chat.update", 2)
    assert ticked(update) == {one, two}
    assert f"<@{ALICE}>" in shown(update) and f"<@{BOB}>" in shown(update)


async def test_a_store_failure_on_a_tick_gets_a_short_private_apology(
    bot, standin, monkeypatch
):
    posted, checklist = await needs_support_checklist(bot, standin)

    async def broken(*args, **kwargs):
        raise StoreError("disk I/O error")

    monkeypatch.setattr(bot.bot.store, "set_step", broken)
    await bot.act(toggle(posted, checklist.steps[0].step_id), message=checklist_message(checklist))
    [apology] = await standin.wait_for("chat.postEphemeral")
    assert apology.body["text"] == SAVE_FAILED
    assert apology.body["user"] == ALICE
    assert "Traceback" not in json.dumps(apology.body)
    await standin.settle()
    assert standin.of("chat.update") == []


async def test_a_checklist_slack_refused_is_posted_by_the_outbox_once(
    bot, standin, monkeypatch
):
    monkeypatch.setattr(escalation, "REPOST_AFTER", timedelta(0))  # no wait in a test
    event = message_event(EVENT_LOG_PASTE)
    await bot.event(event)
    [card] = await standin.wait_for("chat.postMessage")
    [escalate] = buttons(card, ids.ESCALATE)
    message = {"ts": "1760000000.000001", "thread_ts": event["ts"]}
    standin.fail("chat.postMessage", 500, times=RETRIES + 1)  # the first try and every retry
    await bot.click(ids.ESCALATE, escalate["value"], message=message)
    await standin.wait_for_attempts("chat.postMessage", 1 + RETRIES + 1)
    saved = await bot.bot.store.get_checklist(ThreadRef(CHANNEL, event["ts"]))
    assert saved.message_ts is None
    # Pressed again while it is owed: still one checklist.
    await bot.click(ids.ESCALATE, escalate["value"], message=message)

    [_, posted] = await standin.wait_for("chat.postMessage", 2)
    await standin.settle()
    assert len(standin.of("chat.postMessage")) == 2
    assert not standin.of("response_url")  # nothing to apologise for: it was owed, not lost
    assert posted.body["thread_ts"] == event["ts"]
    assert buttons(posted, ids.HANDOFF_OPEN)[0]["value"] == str(saved.id)
    assert (await bot.bot.store.get_checklist_by_id(saved.id)).message_ts is not None

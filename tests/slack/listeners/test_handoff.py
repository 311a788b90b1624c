"""The hand-off to support: the pre-filled form, validation, the support message, and
support's Take it / Resolved buttons (members only, idempotent)."""

from __future__ import annotations

import asyncio

import pytest
from slack_harness import (
    ALICE,
    BOT_USER,
    CHANNEL,
    EVENT_LOG_PASTE,
    GUID,
    buttons,
    headers_of,
    message_event,
    recorded_checklist,
    shown,
    toggle,
    wait_until,
)

from bot.blocks import ids
from bot.blocks.replies import NO_SUPPORT_CHANNEL, NOT_SUPPORT
from bot.domain.checklist import ThreadRef
from bot.domain.handoff import HandoffState

SUPPORT = "C0SUPPORT"
BOB = "U0BOB"  # not in the support channel nor the group
TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47"
PASTE = EVENT_LOG_PASTE.replace("ESTS_TOKEN_ERROR", "CONTACT_SUPPORT")


@pytest.fixture
async def support_bot(start_bot):
    return await start_bot(MFA_BOT_SUPPORT_CHANNEL=SUPPORT)


def button(action_id: str, value: str) -> dict:
    return {"type": "button", "action_id": action_id, "block_id": "b1", "value": value}


async def checklist_of_paste(bot, standin):
    """Paste a needs-support error; the thread's first message is that paste."""
    event = message_event(PASTE)
    standin.answer("conversations.replies", {
        "ok": True, "has_more": False,
        "messages": [{"type": "message", "user": ALICE, "text": PASTE, "ts": event["ts"]}]})
    await bot.event(event)
    await standin.wait_for("chat.postMessage", 2)
    return await recorded_checklist(bot.bot.store, ThreadRef(CHANNEL, event["ts"]))


async def open_form(bot, standin, checklist, *, user: str = ALICE) -> dict:
    opened = len(standin.of("views.open"))
    await bot.act(button(ids.HANDOFF_OPEN, str(checklist.id)), user=user,
                  message={"ts": checklist.message_ts, "thread_ts": checklist.thread.thread_ts})
    calls = await standin.wait_for("views.open", opened + 1)
    return calls[-1].body


def initial(view: dict) -> dict[str, str]:
    return {b["block_id"]: b["element"].get("initial_value", "") for b in view["blocks"]
            if b["type"] == "input" and b["element"]["type"] == "plain_text_input"}


def values(tenant: str = TENANT, upn: str = "alice@contoso.com", cid: str = GUID) -> dict:
    texts = {"tenant_id": tenant, "upn": upn, "correlation_id": cid,
             "occurred_at": "2024-05-01 10:03 UTC", "what_happened": "Every VPN sign-in fails."}
    filled = {name: {name: {"type": "plain_text_input", "value": value}}
              for name, value in texts.items()}
    filled["logs_attached"] = {"logs_attached": {
        "type": "checkboxes", "selected_options": [{"value": ids.LOGS_ATTACHED_VALUE}]}}
    return filled


def support_posts(standin) -> list:
    return [c for c in standin.of("chat.postMessage") if c.body["channel"] == SUPPORT]


def thread_notices(standin, checklist) -> list:
    """The bot's messages in the thread after the card and the checklist."""
    return [c for c in standin.of("chat.postMessage")
            if c.body.get("thread_ts") == checklist.thread.thread_ts][2:]


async def handed_off(bot, standin):
    checklist = await checklist_of_paste(bot, standin)
    view = await open_form(bot, standin, checklist)
    response = await bot.submit(view["view"], values())
    assert response.status == 200 and response.text == ""  # closes the form
    [posted] = await wait_for_support_post(standin)
    await standin.wait_for("chat.postMessage", 4)  # card, checklist, support, notice
    # The post's ts is recorded once Slack has answered it: wait for that, not the post.
    for _ in range(250):
        handoff = await bot.bot.store.get_handoff_for_thread(checklist.thread)
        if handoff is not None and handoff.support_message_ts is not None:
            return checklist, handoff, posted
        await asyncio.sleep(0.02)
    raise AssertionError("the support message's ts was never recorded")


async def wait_for_support_post(standin, count: int = 1) -> list:
    await standin.wait_for("chat.postMessage", 2 + count)
    return support_posts(standin)


async def test_the_form_opens_prefilled_from_the_pasted_event(support_bot, standin):
    checklist = await checklist_of_paste(support_bot, standin)
    opened = await open_form(support_bot, standin, checklist)
    [replies] = standin.of("conversations.replies")
    assert (replies.body["channel"], replies.body["ts"]) == (CHANNEL, checklist.thread.thread_ts)
    assert replies.body["limit"] == "1"
    assert opened["trigger_id"] == "1337.42.abcd"
    view = opened["view"]
    assert view["callback_id"] == ids.HANDOFF_MODAL
    assert initial(view)["correlation_id"] == GUID
    assert initial(view)["upn"] == "alice@contoso.com"
    assert "NPS01.contoso.com" in initial(view)["what_happened"]
    assert initial(view)["tenant_id"] == ""  # the paste did not have it


async def test_the_form_opens_empty_when_the_thread_cannot_be_read(support_bot, standin):
    checklist = await checklist_of_paste(support_bot, standin)
    standin.answer("conversations.replies", {"ok": False, "error": "missing_scope"})
    view = (await open_form(support_bot, standin, checklist))["view"]
    assert set(initial(view).values()) == {""}


async def test_a_malformed_tenant_id_is_shown_under_its_field(support_bot, standin):
    checklist = await checklist_of_paste(support_bot, standin)
    view = (await open_form(support_bot, standin, checklist))["view"]
    response = await support_bot.submit(view, values(tenant="contoso"))
    assert response.status == 200
    answer = response.json()
    assert answer["response_action"] == "errors"
    assert set(answer["errors"]) == {"tenant_id"}
    await standin.settle()
    assert support_posts(standin) == []
    assert await support_bot.bot.store.get_handoff_for_thread(checklist.thread) is None


async def test_a_valid_form_goes_to_the_support_channel_and_the_thread_is_told(
    support_bot, standin
):
    checklist, handoff, posted = await handed_off(support_bot, standin)
    assert handoff.state is HandoffState.OPEN
    assert handoff.form.tenant_id == TENANT and handoff.form.logs_attached
    assert handoff.support_message_ts is not None
    assert headers_of(posted) == [f"Hand-off #{handoff.id}: CONTACT_SUPPORT"]
    text = shown(posted)
    assert TENANT in text and "alice@contoso.com" in text
    assert f"<@{ALICE}>" in text
    link = [c for c in standin.of("chat.getPermalink")
            if c.body["message_ts"] == checklist.thread.thread_ts]
    assert link and f"https://standin.slack.test/archives/{CHANNEL}/p" in text
    assert [b["action_id"] for b in buttons(posted)] == [ids.HANDOFF_TAKE, ids.HANDOFF_RESOLVE]
    [notice] = thread_notices(standin, checklist)
    assert notice.body["channel"] == CHANNEL
    assert "Sent to support" in notice.body["text"]

    # The thread is with support now: the button says so instead of opening a second form.
    await support_bot.act(button(ids.HANDOFF_OPEN, str(checklist.id)),
                          message={"ts": checklist.message_ts,
                                   "thread_ts": checklist.thread.thread_ts})
    [already] = await standin.wait_for("chat.postEphemeral")
    assert f"hand-off #{handoff.id}" in already.body["text"]
    assert len(standin.of("views.open")) == 1


async def take_or_resolve(bot, action_id: str, handoff, posted, user: str = ALICE):
    await bot.act(button(action_id, str(handoff.id)), user=user,
                  message={"ts": handoff.support_message_ts, "channel": SUPPORT,
                           "blocks": posted.body["blocks"]})


async def test_support_takes_then_resolves_and_the_thread_follows(support_bot, standin):
    checklist, handoff, posted = await handed_off(support_bot, standin)
    await take_or_resolve(support_bot, ids.HANDOFF_TAKE, handoff, posted)
    [taken] = await standin.wait_for("chat.update")
    assert (taken.body["channel"], taken.body["ts"]) == (SUPPORT, handoff.support_message_ts)
    assert f"Taken by <@{ALICE}>" in shown(taken)
    assert buttons(taken, ids.HANDOFF_TAKE) == []
    await standin.wait_for("chat.postMessage", 5)
    assert f"Taken by <@{ALICE}>" in shown(thread_notices(standin, checklist)[-1])

    await take_or_resolve(support_bot, ids.HANDOFF_RESOLVE, handoff, posted)
    [_, resolved] = await standin.wait_for("chat.update", 2)
    assert f"Resolved by <@{ALICE}>" in shown(resolved)
    assert buttons(resolved) == []
    await standin.wait_for("chat.postMessage", 6)
    assert f"Resolved by <@{ALICE}>" in shown(thread_notices(standin, checklist)[-1])
    stored = await support_bot.bot.store.get_handoff(handoff.id)
    assert (stored.state, stored.assignee, stored.resolved_by) == (
        HandoffState.RESOLVED, ALICE, ALICE)


async def test_someone_outside_support_is_refused(support_bot, standin):
    _, handoff, posted = await handed_off(support_bot, standin)
    for action_id in (ids.HANDOFF_TAKE, ids.HANDOFF_RESOLVE):
        await take_or_resolve(support_bot, action_id, handoff, posted, user=BOB)
    refusals = await standin.wait_for("chat.postEphemeral", 2)
    assert [(r.body["user"], r.body["channel"], r.body["text"]) for r in refusals] == [
        (BOB, SUPPORT, NOT_SUPPORT)] * 2
    await standin.settle()
    assert standin.of("chat.update") == []
    assert (await support_bot.bot.store.get_handoff(handoff.id)).state is HandoffState.OPEN
    # The member list was read once for both clicks (cached), one page at a time.
    [members] = standin.of("conversations.members")
    assert members.body["channel"] == SUPPORT


async def test_a_member_of_the_support_group_may_take_it(start_bot, standin):
    bot = await start_bot(MFA_BOT_SUPPORT_CHANNEL=SUPPORT, MFA_BOT_SUPPORT_GROUP="S0SUPPORT")
    standin.answer("conversations.members", {
        "ok": True, "members": [BOT_USER], "response_metadata": {"next_cursor": ""}})
    _, handoff, posted = await handed_off(bot, standin)
    await take_or_resolve(bot, ids.HANDOFF_TAKE, handoff, posted)  # ALICE is in the group
    await standin.wait_for("chat.update")
    [group] = standin.of("usergroups.users.list")
    assert group.body["usergroup"] == "S0SUPPORT"
    assert (await bot.bot.store.get_handoff(handoff.id)).assignee == ALICE


async def test_a_double_click_on_take_changes_and_tells_once(support_bot, standin):
    checklist, handoff, posted = await handed_off(support_bot, standin)
    await asyncio.gather(*(take_or_resolve(support_bot, ids.HANDOFF_TAKE, handoff, posted)
                           for _ in range(2)))
    await standin.wait_for("chat.update")
    await standin.settle()
    assert len(standin.of("chat.update")) == 1
    assert len(thread_notices(standin, checklist)) == 2  # "Sent to support", "Taken by"
    assert standin.of("chat.postEphemeral") == []  # one's own double click needs no answer


async def test_without_a_support_channel_hand_off_explains_how_to_set_one(bot, standin):
    checklist = await checklist_of_paste(bot, standin)
    [_, posted] = standin.of("chat.postMessage")
    assert "MFA_BOT_SUPPORT_CHANNEL" in shown(posted)
    await bot.act(button(ids.HANDOFF_OPEN, str(checklist.id)),
                  message={"ts": checklist.message_ts, "thread_ts": checklist.thread.thread_ts})
    [note] = await standin.wait_for("chat.postEphemeral")
    assert note.body["text"] == NO_SUPPORT_CHANNEL
    assert note.body["thread_ts"] == checklist.thread.thread_ts
    await standin.settle()
    assert standin.of("views.open") == []


async def test_ticks_after_the_hand_off_show_on_the_support_message(support_bot, standin):
    checklist, handoff, _ = await handed_off(support_bot, standin)
    view = standin.of("chat.postMessage")[1]  # the card, then the checklist
    assert "0 of 10 steps done" in shown(view)
    await support_bot.act(toggle(view, checklist.steps[0].step_id),
                          message={"ts": checklist.message_ts,
                                   "thread_ts": checklist.thread.thread_ts})

    def support_updates() -> list:
        return [c for c in standin.of("chat.update") if c.body["channel"] == SUPPORT]

    await wait_until(lambda: bool(support_updates()), "the support message to follow")
    assert support_updates()[-1].body["ts"] == handoff.support_message_ts
    assert "1 of 10 steps done" in shown(support_updates()[-1])

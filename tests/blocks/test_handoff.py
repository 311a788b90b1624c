from __future__ import annotations

import json

import pytest

from bot.blocks import ids
from bot.blocks.handoff import (
    handoff_modal,
    handoff_support_message,
    handoff_thread_notice,
    modal_errors,
)
from bot.domain.checklist import ThreadRef
from bot.domain.handoff import HandoffForm, HandoffState
from tests.blocks.support import (
    LONG,
    TICKER,
    assert_valid,
    buttons,
    joined,
    make_checklist,
    make_handoff,
)

PREFILL = HandoffForm(tenant_id="72f988bf-86f1-41af-91ab-2d7cd011db47", upn="alice@contoso.com",
                      occurred_at="11/14/2023 10:13:20 PM", what_happened="line 1\nline 2",
                      logs_attached=True)

THREAD = ThreadRef("C0GENERAL", "1700000000.000100")


def _inputs(view):
    return {b["block_id"]: b for b in view["blocks"] if b["type"] == "input"}


def test_modal_frame():
    view = handoff_modal(PREFILL, 7, THREAD)
    assert_valid(view, "modal")
    assert view["type"] == "modal" and view["callback_id"] == ids.HANDOFF_MODAL
    assert view["title"]["text"] == "Hand off to support"
    assert view["submit"]["text"] == "Send to support"
    assert view["close"]["text"] == "Cancel"
    assert json.loads(view["private_metadata"]) == {
        "checklist_id": 7, "channel": THREAD.channel, "thread_ts": THREAD.thread_ts}


def test_modal_inputs_are_prefilled_and_only_tenant_and_upn_required():
    inputs = _inputs(handoff_modal(PREFILL, 7, THREAD))
    assert tuple(inputs) == ids.HANDOFF_FIELDS
    assert {k: b["optional"] for k, b in inputs.items()} == {
        "tenant_id": False, "upn": False, "correlation_id": True, "occurred_at": True,
        "what_happened": True, "logs_attached": True}
    assert all(b["element"]["action_id"] == k for k, b in inputs.items())
    assert inputs["tenant_id"]["element"]["initial_value"] == PREFILL.tenant_id
    assert inputs["upn"]["element"]["initial_value"] == "alice@contoso.com"
    assert inputs["occurred_at"]["element"]["initial_value"] == "11/14/2023 10:13:20 PM"
    assert "initial_value" not in inputs["correlation_id"]["element"]
    assert inputs["what_happened"]["element"]["multiline"] is True
    assert inputs["what_happened"]["element"]["initial_value"] == "line 1\nline 2"
    assert "GUID" in inputs["tenant_id"]["hint"]["text"]
    assert "alice@contoso.com" in inputs["upn"]["hint"]["text"]
    logs = inputs["logs_attached"]["element"]
    assert logs["type"] == "checkboxes"
    assert [o["value"] for o in logs["initial_options"]] == [ids.LOGS_ATTACHED_VALUE]


def test_logs_not_ticked_without_logs():
    logs = _inputs(handoff_modal(HandoffForm(), 1, THREAD))["logs_attached"]["element"]
    assert "initial_options" not in logs


def test_oversized_or_multiline_prefill_still_opens():
    form = HandoffForm(tenant_id="a\nb\x00c", upn=LONG, what_happened=LONG + "\n" + LONG)
    view = handoff_modal(form, 1, THREAD)
    assert_valid(view, "modal")
    assert _inputs(view)["tenant_id"]["element"]["initial_value"] == "a bc"


def test_modal_errors_are_keyed_by_block_id():
    errors = HandoffForm(tenant_id="nope", upn="nope").errors()
    response = modal_errors(errors)
    assert response["response_action"] == "errors"
    assert set(response["errors"]) == {"tenant_id", "upn"}
    assert set(response["errors"]) <= set(_inputs(handoff_modal(HandoffForm(), 1, THREAD)))


def test_support_message_has_what_support_needs(error_entry, procedure):
    handoff = make_handoff()
    checklist = make_checklist(procedure, done=7)
    message = handoff_support_message(handoff, error_entry, checklist,
                                      "https://x.slack.com/archives/C0123/p1700000000000100")
    assert_valid(message.as_kwargs())
    text = joined(message.blocks)
    assert message.blocks[0]["text"]["text"] == "Hand-off #12: ESTS_TOKEN_ERROR"
    for shown in ("*Tenant ID*\n72f988bf-86f1-41af-91ab-2d7cd011db47",
                  "*UPN*\nalice@contoso.com",
                  "*CID / session*\n3f2504e0-4f89-11d3-9a0c-0305e82c3301",
                  "*When*\n2023-11-14 22:13 UTC", "*Logs attached*\nYes",
                  "*Checklist*\n7 of 9 steps done", f"*Requested by*\n<@{TICKER}>",
                  "<https://x.slack.com/archives/C0123/p1700000000000100|Open the thread>",
                  ">Users get no push.", "Open"):
        assert shown in text
    assert "ESTS_TOKEN_ERROR" in message.text


def test_support_group_is_pinged_only_while_the_hand_off_is_open(error_entry):
    opened = handoff_support_message(make_handoff(), error_entry, None, None,
                                     notify_group="S0SUPPORT")
    assert "<!subteam^S0SUPPORT>" in joined(opened.blocks)
    assert "subteam" not in opened.text  # the fallback text never pings twice
    taken = make_handoff(state=HandoffState.TAKEN, assignee=TICKER)
    assert "subteam" not in joined(handoff_support_message(
        taken, error_entry, None, None, notify_group="S0SUPPORT").blocks)
    assert "subteam" not in joined(handoff_support_message(
        make_handoff(), error_entry, None, None, notify_group="<!channel>").blocks)


def test_missing_fields_and_manual_escalation():
    handoff = make_handoff(form=HandoffForm(tenant_id="t", upn="u"), entry_id="")
    message = handoff_support_message(handoff, None, None, None)
    text = joined(message.blocks)
    assert message.blocks[0]["text"]["text"] == "Hand-off #12: manual escalation"
    assert "*CID / session*\n_not given_" in text
    assert "*Checklist*\nnone" in text and "*Logs attached*\nNo" in text
    assert "<#C0123>" in text and "What happened" not in text


@pytest.mark.parametrize(("state", "line", "actions"), [
    (HandoffState.OPEN, "Open", [ids.HANDOFF_TAKE, ids.HANDOFF_RESOLVE]),
    (HandoffState.TAKEN, "Taken by <@USUPPORT1>", [ids.HANDOFF_RESOLVE]),
    (HandoffState.RESOLVED, "Resolved by <@USUPPORT1>", []),
])
def test_state_line_and_buttons_follow_the_state(error_entry, state, line, actions):
    message = handoff_support_message(make_handoff(state), error_entry, None, None)
    assert line in joined(message.blocks)
    found = buttons(message.blocks)
    assert [b["action_id"] for b in found] == actions
    assert all(b["value"] == "12" for b in found)
    notice = handoff_thread_notice(make_handoff(state))
    assert (line if state is not HandoffState.OPEN else "Sent to support in <#CSUPPORT>") in \
        joined(notice.blocks)
    assert "<@" not in notice.text


def test_long_what_happened_is_cut_to_fit(error_entry):
    handoff = make_handoff(form=HandoffForm(what_happened="&" * 40_000, upn=LONG))
    assert_valid(handoff_support_message(handoff, error_entry, None, None).as_kwargs())

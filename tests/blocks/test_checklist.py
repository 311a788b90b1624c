from __future__ import annotations

import pytest

from bot.blocks import ids
from bot.blocks.checklist import (
    COMPLETE,
    checklist_message,
    checklist_pointer_message,
    step_groups,
    toggled_steps,
)
from tests.blocks.support import (
    LONG,
    TICKER,
    assert_valid,
    buttons,
    joined,
    make_checklist,
    make_procedure,
)


def _groups(message):
    return [b for b in message.blocks
            if b["type"] == "actions" and b["elements"][0]["type"] == "checkboxes"]


def test_progress_ticks_and_hand_off_button(procedure, error_entry):
    checklist = make_checklist(procedure, done=4)
    message = checklist_message(procedure, checklist, error_entry, support_configured=True)
    assert_valid(message.as_kwargs())
    text = joined(message.blocks)
    assert "4 of 9 steps done" in text and "4 of 9 steps done" in message.text
    assert "For `ESTS_TOKEN_ERROR`: Summary of ESTS_TOKEN_ERROR" in text
    assert f"✓ 1. <@{TICKER}> <!date^1700000000^{{time}}|22:13 UTC>" in text
    assert "✓ 5." not in text
    assert buttons(message.blocks)[-1] == {
        "type": "button", "text": {"type": "plain_text", "text": "Hand off to support",
                                   "emoji": True},
        "action_id": ids.HANDOFF_OPEN, "value": "7", "style": "primary"}
    assert "MFA_BOT_SUPPORT_CHANNEL" not in text


def test_one_checkbox_group_per_ten_steps_with_the_done_ones_ticked():
    procedure = make_procedure(25)
    checklist = make_checklist(procedure, done=12)
    groups = _groups(checklist_message(procedure, checklist, None, support_configured=True))
    assert [g["elements"][0]["action_id"] for g in groups] == [
        "checklist_toggle_0", "checklist_toggle_1", "checklist_toggle_2"]
    assert [g["block_id"] for g in groups] == ["cl:7:0:3ff", "cl:7:1:3", "cl:7:2:0"]
    second = groups[1]["elements"][0]
    assert [o["value"] for o in second["options"]] == [f"s{i}" for i in range(11, 21)]
    assert second["options"][0]["text"]["text"] == "11. Step 11 title"
    assert second["options"][0]["description"]["text"] == "Detail of step 11."
    assert [o["value"] for o in second["initial_options"]] == ["s11", "s12"]
    assert "initial_options" not in groups[2]["elements"][0]


def test_commands_are_in_copyable_code_blocks(procedure):
    message = checklist_message(procedure, make_checklist(procedure), None,
                                support_configured=True)
    assert "```Get-Thing -Id 1 | Out-File C:\\NPS\\s1.txt```" in joined(message.blocks)


def test_complete_checklist_says_what_to_do_next(procedure):
    checklist = make_checklist(procedure, done=9)
    message = checklist_message(procedure, checklist, None, support_configured=True)
    assert COMPLETE in joined(message.blocks)


def test_unconfigured_support_still_shows_the_button_and_says_why(procedure):
    message = checklist_message(procedure, make_checklist(procedure), None,
                                support_configured=False)
    assert buttons(message.blocks)[-1]["action_id"] == ids.HANDOFF_OPEN
    assert "MFA_BOT_SUPPORT_CHANNEL" in joined(message.blocks)


def test_fifty_long_steps_stay_within_limits():
    procedure = make_procedure(50, title=LONG, intro=LONG, step_title=LONG, detail=LONG,
                               commands=(LONG, LONG))
    checklist = make_checklist(procedure, done=33)
    message = checklist_message(procedure, checklist, None, support_configured=False)
    assert_valid(message.as_kwargs())
    assert len(_groups(message)) == 5


def test_the_real_sized_procedure_keeps_full_commands():
    procedure = make_procedure(10, commands=("c" * 1200,))
    message = checklist_message(procedure, make_checklist(procedure), None,
                                support_configured=True)
    assert_valid(message.as_kwargs())
    assert "c" * 1200 in joined(message.blocks)


@pytest.mark.parametrize(("mask", "selected", "changes"), [
    (0b01, ["s1", "s2"], {"s2": True}),  # ticked s2
    (0b11, ["s2"], {"s1": False}),  # unticked s1
    (0b11, ["s1", "s2"], {}),  # nothing new
    (0b00, ["s3"], {"s3": True}),
])
def test_a_click_changes_only_what_the_clicker_changed(procedure, mask, selected, changes):
    block_id = ids.checklist_block_id(7, 0, mask)
    assert toggled_steps(procedure, block_id, selected) == (7, changes)


def test_a_click_in_the_second_group_maps_to_its_steps():
    procedure = make_procedure(15)
    assert toggled_steps(procedure, "cl:3:1:1", []) == (3, {"s11": False})


@pytest.mark.parametrize("block_id", ["cl:7:5:0", "other", "cl:x:0:0", "cl:7:0:zz"])
def test_foreign_block_ids_are_not_read_as_clicks(procedure, block_id):
    assert toggled_steps(procedure, block_id, ["s1"]) is None


def test_rendered_block_ids_round_trip(procedure):
    checklist = make_checklist(procedure, done=3, checklist_id=42)
    groups = _groups(checklist_message(procedure, checklist, None, support_configured=True))
    assert ids.parse_checklist_block_id(groups[0]["block_id"]) == (42, 0, 0b111)
    assert [len(g) for g in step_groups(make_procedure(21))] == [10, 10, 1]


def test_pointer_links_to_the_existing_checklist():
    with_link = checklist_pointer_message("https://x.slack.com/archives/C1/p1?a=1&b=2")
    assert "<https://x.slack.com/archives/C1/p1?a=1&amp;b=2|open it>" in joined(with_link.blocks)
    assert "already in this thread" in checklist_pointer_message(None).text

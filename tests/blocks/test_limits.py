"""problems() catches each Block Kit limit the builders rely on, one failing payload each."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from bot.blocks.limits import problems


def _button(**kw: Any) -> dict[str, Any]:
    return {"type": "button", "text": {"type": "plain_text", "text": "Go"}, "action_id": "go",
            "value": "v", **kw}


def _option(value: str, text: str = "Step", **kw: Any) -> dict[str, Any]:
    return {"text": {"type": "plain_text", "text": text}, "value": value, **kw}


def _message(*blocks: dict[str, Any], text: str = "fallback") -> dict[str, Any]:
    return {"text": text, "blocks": list(blocks)}


SECTION = {"type": "section", "text": {"type": "mrkdwn", "text": "hello"}}


def _modal(**kw: Any) -> dict[str, Any]:
    view = {
        "type": "modal", "callback_id": "cb", "title": {"type": "plain_text", "text": "Title"},
        "submit": {"type": "plain_text", "text": "Send"},
        "blocks": [{"type": "input", "block_id": "q", "label": {"type": "plain_text", "text": "Q"},
                    "element": {"type": "plain_text_input", "action_id": "q"}}],
    }
    view.update(kw)
    return view


def test_a_valid_message_modal_and_home_have_no_problems():
    message = _message(
        {"type": "header", "text": {"type": "plain_text", "text": "CODE"}},
        SECTION,
        {"type": "context", "elements": [{"type": "mrkdwn", "text": "ctx"}]},
        {"type": "actions", "block_id": "b1", "elements": [
            _button(), _button(action_id="other"),
            {"type": "checkboxes", "action_id": "cb", "options": [_option("a"), _option("b")],
             "initial_options": [_option("a")]},
        ]},
        {"type": "section", "fields": [{"type": "mrkdwn", "text": "f"}], "accessory": _button()},
        {"type": "divider"},
    )
    assert problems(message) == []
    assert problems(_modal(), surface="modal") == []
    assert problems({"type": "home", "blocks": [SECTION]}, surface="home") == []


def _checkboxes(options: list[dict[str, Any]], **kw: Any) -> dict[str, Any]:
    return _message({"type": "actions", "elements": [
        {"type": "checkboxes", "action_id": "cb", "options": options, **kw}]})


CASES: list[tuple[str, dict[str, Any], str, str]] = [
    ("51 blocks", _message(*[SECTION] * 51), "message", "blocks: 51 blocks > 50"),
    ("101 view blocks", {"type": "home", "blocks": [SECTION] * 101}, "home", "101 blocks > 100"),
    ("no fallback", _message(SECTION, text=""), "message", "text: 0 chars < 1"),
    ("missing fallback", {"blocks": [SECTION]}, "message", "text: missing"),
    ("fallback too long", _message(SECTION, text="x" * 40_001), "message", "text: 40001"),
    ("section text", _message({"type": "section", "text": {"type": "mrkdwn", "text": "x" * 3001}}),
     "message", "blocks[0].text.text: 3001 chars > 3000"),
    ("empty section text", _message({"type": "section", "text": {"type": "mrkdwn", "text": ""}}),
     "message", "blocks[0].text.text: 0 chars < 1"),
    ("field text",
     _message({"type": "section", "fields": [{"type": "mrkdwn", "text": "x" * 2001}]}),
     "message", "fields[0].text: 2001 chars > 2000"),
    ("11 fields", _message({"type": "section", "fields": [{"type": "mrkdwn", "text": "x"}] * 11}),
     "message", "fields: 11 items"),
    ("header", _message({"type": "header", "text": {"type": "plain_text", "text": "x" * 151}}),
     "message", "blocks[0].text.text: 151 chars > 150"),
    ("mrkdwn header", _message({"type": "header", "text": {"type": "mrkdwn", "text": "x"}}),
     "message", "text type must be one of plain_text"),
    ("button text", _message({"type": "actions", "elements": [
        _button(text={"type": "plain_text", "text": "x" * 76})]}),
     "message", "elements[0].text.text: 76 chars > 75"),
    ("button value", _message({"type": "actions", "elements": [_button(value="v" * 2001)]}),
     "message", "elements[0].value: 2001 chars > 2000"),
    ("action_id", _message({"type": "actions", "elements": [_button(action_id="a" * 256)]}),
     "message", "elements[0].action_id: 256 chars > 255"),
    ("block_id", _message({**SECTION, "block_id": "b" * 256}), "message",
     "blocks[0].block_id: 256 chars > 255"),
    ("duplicate block_id", _message({**SECTION, "block_id": "b"}, {**SECTION, "block_id": "b"}),
     "message", "duplicate block_id 'b'"),
    ("26 actions", _message({"type": "actions", "elements": [
        _button(action_id=f"a{i}") for i in range(26)]}), "message", "elements: 26 items"),
    ("duplicate action_id", _message({"type": "actions", "elements": [_button(), _button()]}),
     "message", "duplicate action_id"),
    ("11 context elements", _message({"type": "context", "elements": [
        {"type": "mrkdwn", "text": "c"}] * 11}), "message", "elements: 11 items"),
    ("11 checkboxes", _checkboxes([_option(str(i)) for i in range(11)]), "message",
     "options: 11 items"),
    ("option text", _checkboxes([_option("a", "x" * 76)]), "message",
     "options[0].text.text: 76 chars > 75"),
    ("option description", _checkboxes([_option("a", description={
        "type": "plain_text", "text": "d" * 76})]), "message",
     "options[0].description.text: 76 chars > 75"),
    ("option value", _checkboxes([_option("v" * 151)]), "message",
     "options[0].value: 151 chars > 150"),
    ("duplicate option", _checkboxes([_option("a"), _option("a")]), "message",
     "duplicate option value"),
    ("stray initial option", _checkboxes([_option("a")], initial_options=[_option("b")]),
     "message", "initial_options[0]: not one of the options"),
    ("unknown block", _message({"type": "video"}), "message", "unknown block type 'video'"),
    ("unknown element", _message({"type": "actions", "elements": [{"type": "datepicker"}]}),
     "message", "unknown element type 'datepicker'"),
    ("button style", _message({"type": "actions", "elements": [_button(style="blue")]}),
     "message", "unknown style 'blue'"),
    ("modal title", _modal(title={"type": "plain_text", "text": "x" * 25}), "modal",
     "title.text: 25 chars > 24"),
    ("modal submit", _modal(submit={"type": "plain_text", "text": "x" * 25}), "modal",
     "submit.text: 25 chars > 24"),
    ("modal close", _modal(close={"type": "plain_text", "text": "x" * 25}), "modal",
     "close.text: 25 chars > 24"),
    ("no submit", {k: v for k, v in _modal().items() if k != "submit"}, "modal",
     "needs a submit button"),
    ("private_metadata", _modal(private_metadata="m" * 3001), "modal",
     "private_metadata: 3001 chars > 3000"),
    ("wrong surface", _modal(type="home"), "modal", "type: must be 'modal'"),
    ("initial value", _modal(blocks=[{"type": "input", "label": {"type": "plain_text", "text": "Q"},
                                      "element": {"type": "plain_text_input", "action_id": "q",
                                                  "max_length": 10, "initial_value": "x" * 11}}]),
     "modal", "initial_value: 11 chars > 10"),
]


@pytest.mark.parametrize(("name", "payload", "surface", "expected"), CASES,
                         ids=[c[0] for c in CASES])
def test_each_broken_limit_is_reported(name, payload, surface, expected):
    found = problems(copy.deepcopy(payload), surface=surface)
    assert any(expected in p for p in found), found


def test_unknown_surface_is_a_programming_error():
    with pytest.raises(ValueError, match="surface"):
        problems({}, surface="email")

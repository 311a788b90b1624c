"""The shape check in front of Bolt passes every kind of request Slack really sends (the
samples follow api.slack.com's payload references) and names what is wrong otherwise."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from bot.slack.wiring.request_shape import shape_problem

USER = {"id": "U0ALICE", "username": "alice", "name": "alice", "team_id": "T0TEST"}
TEAM = {"id": "T0TEST", "domain": "standin"}
BUTTON = {"type": "button", "action_id": "card_feedback_fixed", "block_id": "b1",
          "value": "ESTS_TOKEN_ERROR", "action_ts": "1760000000.1",
          "text": {"type": "plain_text", "text": "Fixed it", "emoji": True}}
VIEW = {"id": "V0001", "team_id": "T0TEST", "type": "modal", "callback_id": "handoff_modal",
        "private_metadata": '{"checklist_id": 1}', "hash": "1.abc", "root_view_id": "V0001",
        "blocks": [], "state": {"values": {"upn": {"upn": {"type": "plain_text_input",
                                                           "value": None}}}}}
EVENT_ENVELOPE = {"token": "legacy", "team_id": "T0TEST", "api_app_id": "A0TEST",
                  "type": "event_callback", "event_id": "Ev01", "event_time": 1760000000,
                  "authorizations": [{"enterprise_id": None, "team_id": "T0TEST",
                                      "user_id": "UBOT", "is_bot": True,
                                      "is_enterprise_install": False}],
                  "is_ext_shared_channel": False, "event_context": "4-abc"}


def event(**inner: Any) -> dict[str, Any]:
    return {**EVENT_ENVELOPE, "event": inner}


REAL: dict[str, dict[str, Any]] = {
    "message": event(type="message", channel="C0GENERAL", user="U0ALICE", text="hi",
                     ts="1760000000.000100", event_ts="1760000000.000100",
                     channel_type="channel", team="T0TEST", blocks=[]),
    "thread reply": event(type="message", channel="C0GENERAL", user="U0ALICE", text="hi",
                          ts="1760000000.000200", thread_ts="1760000000.000100",
                          parent_user_id="U0BOB", channel_type="channel"),
    "message_changed": event(type="message", subtype="message_changed", channel="C0GENERAL",
                             hidden=True, ts="1760000000.000300",
                             message={"type": "message", "text": "edited", "user": "U0ALICE",
                                      "ts": "1760000000.000100"},
                             previous_message={"type": "message", "text": "hi"}),
    "bot_message": event(type="message", subtype="bot_message", channel="C0GENERAL",
                         bot_id="B0OTHER", username="other", text="beep", ts="1760000000.4"),
    "file_share": event(type="message", subtype="file_share", channel="D0ALICE",
                        user="U0ALICE", text="log attached", ts="1760000000.5",
                        files=[{"id": "F01", "name": "nps.log"}], channel_type="im"),
    "app_mention": event(type="app_mention", channel="C0GENERAL", user="U0ALICE",
                         text="<@UBOT> ESTS_TOKEN_ERROR", ts="1760000000.6",
                         event_ts="1760000000.6"),
    "app_home_opened": event(type="app_home_opened", user="U0ALICE", channel="D0ALICE",
                             tab="home", event_ts="1760000000.7", view=VIEW),
    "reaction_added (not handled)": event(type="reaction_added", user="U0ALICE",
                                          reaction="+1", item={"type": "message"}),
    "url_verification": {"token": "legacy", "challenge": "c-123", "type": "url_verification"},
    "app_rate_limited": {"token": "legacy", "type": "app_rate_limited", "team_id": "T0TEST",
                         "minute_rate_limited": 1518467820, "api_app_id": "A0TEST"},
    "slash command (form fields)": {
        "token": "legacy", "team_id": "T0TEST", "team_domain": "standin",
        "channel_id": "C0GENERAL", "channel_name": "general", "user_id": "U0ALICE",
        "user_name": "alice", "command": "/mfa-error", "text": "ESTS_TOKEN_ERROR",
        "api_app_id": "A0TEST", "is_enterprise_install": "false",
        "response_url": "https://hooks.slack.com/commands/T0TEST/1/abc",
        "trigger_id": "1337.42.abcd"},
    "ssl_check": {"ssl_check": "1", "token": "legacy"},
    "button on a channel message": {
        "type": "block_actions", "user": USER, "api_app_id": "A0TEST", "token": "legacy",
        "container": {"type": "message", "message_ts": "1760000000.000100",
                      "channel_id": "C0GENERAL", "is_ephemeral": False},
        "trigger_id": "1337.42.abcd", "team": TEAM, "enterprise": None,
        "is_enterprise_install": False, "channel": {"id": "C0GENERAL", "name": "general"},
        "message": {"type": "message", "user": "UBOT", "ts": "1760000000.000100",
                    "bot_id": "BBOT", "text": "card", "blocks": []},
        "state": {"values": {}},
        "response_url": "https://hooks.slack.com/actions/T0TEST/1/abc",
        "actions": [BUTTON]},
    "button on an ephemeral card": {
        "type": "block_actions", "user": USER, "team": TEAM,
        "container": {"type": "message", "message_ts": "1760000000.000100",
                      "channel_id": "C0GENERAL", "is_ephemeral": True},
        "channel": {"id": "C0GENERAL", "name": "general"},
        "response_url": "https://hooks.slack.com/actions/T0TEST/2/abc",
        "actions": [dict(BUTTON, action_id="card_share")]},
    "checkboxes on a checklist": {
        "type": "block_actions", "user": USER, "team": TEAM,
        "container": {"type": "message", "message_ts": "1760000000.8",
                      "channel_id": "C0GENERAL", "is_ephemeral": False},
        "channel": {"id": "C0GENERAL"}, "message": {"ts": "1760000000.8", "blocks": []},
        "response_url": "https://hooks.slack.com/actions/T0TEST/3/abc",
        "actions": [{"type": "checkboxes", "action_id": "checklist_toggle_0",
                     "block_id": "cl:1:0:0", "action_ts": "1760000000.9",
                     "selected_options": [{"text": {"type": "mrkdwn", "text": "Step"},
                                           "value": "collect_logs"}]}]},
    "button in App Home": {
        "type": "block_actions", "user": USER, "team": TEAM,
        "container": {"type": "view", "view_id": "V0002"}, "trigger_id": "1337.42.abcd",
        "view": dict(VIEW, type="home", callback_id=""),
        "actions": [dict(BUTTON, action_id="home_search", value="search")]},
    "button in a modal": {
        "type": "block_actions", "user": USER, "team": TEAM,
        "container": {"type": "view", "view_id": "V0001"}, "view": VIEW,
        "actions": [dict(BUTTON, action_id="x")]},
    "view_submission": {"type": "view_submission", "team": TEAM, "user": USER, "view": VIEW,
                        "api_app_id": "A0TEST", "token": "legacy", "trigger_id": "1.2.3",
                        "response_urls": []},
    "view_closed": {"type": "view_closed", "team": TEAM, "user": USER, "view": VIEW,
                    "is_cleared": False},
    "global shortcut": {"type": "shortcut", "token": "legacy", "action_ts": "1.2",
                        "team": TEAM, "user": USER, "callback_id": "mfa_lookup",
                        "trigger_id": "1.2.3"},
    "message shortcut": {"type": "message_action", "token": "legacy", "callback_id": "post",
                         "trigger_id": "1.2.3", "message_ts": "1760000000.000100",
                         "team": TEAM, "user": USER,
                         "channel": {"id": "C0GENERAL", "name": "general"},
                         "message": {"type": "message", "user": "U0ALICE",
                                     "ts": "1760000000.000100", "text": "ESTS_TOKEN_ERROR"},
                         "response_url": "https://hooks.slack.com/app/T0TEST/4/abc"},
}


@pytest.mark.parametrize("body", REAL.values(), ids=REAL.keys())
def test_what_slack_sends_passes(body):
    assert shape_problem(body) is None


def broken(name: str, *path: str | int, value: Any = ...) -> dict[str, Any]:
    """REAL[name] with the field at ``path`` set to ``value``, or removed."""
    body = copy.deepcopy(REAL[name])
    parent = body
    for key in path[:-1]:
        parent = parent[key]
    if value is ...:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    return body


@pytest.mark.parametrize(("body", "problem"), [
    ([], "body is not an object"),
    (broken("message", "event", value=None), "event is not an object"),
    (broken("message", "event", "type"), "event.type is missing"),
    (broken("message", "event", "channel"), "event.channel is missing"),
    (broken("message", "event", "text", value=["x"]), "event.text has the wrong type"),
    (broken("message", "event_time", value=True), "body.event_time has the wrong type"),
    (broken("message", "authorizations", 0, value="x"), "authorizations[0] is not an object"),
    (broken("button on a channel message", "user"), "user is not an object"),
    (broken("button on a channel message", "actions", value=[]), "actions is missing"),
    (broken("button on a channel message", "actions", 0, "value"),
     "actions[0].value is missing"),
    (broken("button on a channel message", "container"), "container is not an object"),
    (broken("button on a channel message", "message"), "message is not an object"),
    (broken("button on a channel message", "response_url"), "response_url is missing"),
    (broken("button on a channel message", "response_url", value="not a url"),
     "response_url is not a URL"),
    (broken("checkboxes on a checklist", "actions", 0, "selected_options", 0, value="x"),
     "actions[0].options[0] is not an object"),
    (broken("view_submission", "view", "type"), "view.type is missing"),
    (broken("view_submission", "view", "state", value={"values": {"b": "x"}}),
     "view.state.values is not blocks of actions"),
    (broken("message shortcut", "callback_id"), "callback_id is missing"),
    (broken("message shortcut", "channel"), "channel is not an object"),
    (broken("message shortcut", "message"), "message is not an object"),
    (broken("slash command (form fields)", "response_url"), "command.response_url is missing"),
    (broken("slash command (form fields)", "response_url", value="x"),
     "response_url is not a URL"),
    (broken("slash command (form fields)", "user_id"), "command.user_id is missing"),
    (broken("slash command (form fields)", "trigger_id"), "command.trigger_id is missing"),
])
def test_what_breaks_the_structure_is_named(body, problem):
    assert shape_problem(body) == problem

"""The structure Slack's requests always have, checked before Bolt sees a request.

A signed body that breaks it was not sent by Slack as documented (a buggy proxy, a test
tool, someone holding the signing secret), and Bolt or a listener would fail on it with a
500 and a traceback. Only structure is checked: which fields are objects, lists or
strings, and which must be there; never their values, so every real request passes.
"""

from __future__ import annotations

import re
from typing import Any

_URL = re.compile(r"^https?://[^\s/?#]+/\S*$")
# field -> (accepted types, required). A field set to null counts as absent.
Spec = dict[str, tuple[type | tuple[type, ...], bool]]

_TOP: Spec = {
    "type": (str, False), "token": (str, False), "team_id": (str, False),
    "api_app_id": (str, False), "enterprise_id": (str, False), "event_id": (str, False),
    "event_time": (int, False), "authorizations": (list, False), "team": (dict, False),
    "enterprise": (dict, False), "is_enterprise_install": ((bool, str), False),
    "user": (dict, False), "channel": (dict, False), "container": (dict, False),
    "message": (dict, False), "view": (dict, False), "actions": (list, False),
    "state": (dict, False), "response_url": (str, False), "trigger_id": (str, False),
    "callback_id": (str, False), "command": (str, False), "user_id": (str, False),
    "channel_id": (str, False), "text": (str, False), "challenge": (str, False),
}
_AUTHORIZATION: Spec = {"team_id": (str, False), "user_id": (str, False),
                        "enterprise_id": (str, False), "is_bot": (bool, False),
                        "is_enterprise_install": (bool, False)}
_MESSAGE_EVENT: Spec = {
    "channel": (str, True), "ts": (str, True), "user": (str, False), "text": (str, False),
    "thread_ts": (str, False), "subtype": (str, False), "bot_id": (str, False),
    "channel_type": (str, False), "team": (str, False), "event_ts": (str, False),
    "message": (dict, False), "blocks": (list, False), "files": (list, False),
}
_EVENTS: dict[str, Spec] = {
    "message": _MESSAGE_EVENT,
    "app_mention": _MESSAGE_EVENT,
    "app_home_opened": {"user": (str, True), "channel": (str, False), "tab": (str, False),
                        "view": (dict, False), "event_ts": (str, False)},
}
_ID: Spec = {"id": (str, True)}
_ACTION: Spec = {
    "action_id": (str, True), "block_id": (str, True), "type": (str, False),
    "value": (str, False), "action_ts": (str, False), "selected_options": (list, False),
    "selected_option": (dict, False), "text": (dict, False),
}
_CONTAINER: Spec = {"type": (str, True), "message_ts": (str, False),
                    "channel_id": (str, False), "is_ephemeral": (bool, False),
                    "view_id": (str, False), "thread_ts": (str, False)}
_POSTED_MESSAGE: Spec = {"ts": (str, True), "thread_ts": (str, False), "text": (str, False),
                         "blocks": (list, False)}
_VIEW: Spec = {"type": (str, True), "callback_id": (str, False), "id": (str, False),
               "private_metadata": (str, False), "state": (dict, False),
               "hash": (str, False), "root_view_id": (str, False), "blocks": (list, False)}


def _check(value: Any, spec: Spec, where: str) -> str | None:
    if not isinstance(value, dict):
        return f"{where} is not an object"
    for field, (types, required) in spec.items():
        found = value.get(field)
        if found is None:
            if required:
                return f"{where}.{field} is missing"
        elif not isinstance(found, types) or (types is int and isinstance(found, bool)):
            return f"{where}.{field} has the wrong type"
    return None


def _action_values(actions: list[dict[str, Any]]) -> str | None:
    """Every button the bot shows carries a value, and Slack sends it back with each click;
    every option chosen in a checkbox group is an option with a value."""
    for i, action in enumerate(actions):
        if action.get("type") == "button" and action.get("value") is None:
            return f"actions[{i}].value is missing"
        options = action.get("selected_options") or []
        if (problem := _each(options, {"value": (str, True)}, f"actions[{i}].options")):
            return problem
    return None


def _each(items: list[Any], spec: Spec, where: str) -> str | None:
    return next((p for i, item in enumerate(items)
                 if (p := _check(item, spec, f"{where}[{i}]")) is not None), None)


def _state(view: dict[str, Any]) -> str | None:
    values = (view.get("state") or {}).get("values", {})
    if not isinstance(values, dict) or not all(
        isinstance(block, dict) and all(isinstance(a, dict) for a in block.values())
        for block in values.values()
    ):
        return "view.state.values is not blocks of actions"
    return None


def _event(body: dict[str, Any]) -> str | None:
    event = body.get("event")
    problem = _check(event, {"type": (str, True)}, "event")
    if problem is not None or not isinstance(event, dict):
        return problem
    return _check(event, _EVENTS.get(event["type"], {}), "event")


def _block_actions(body: dict[str, Any]) -> str | None:
    actions = body.get("actions")
    if not actions:
        return "actions is missing"
    response_url = body.get("response_url")
    if response_url is not None and not _URL.match(response_url):
        return "response_url is not a URL"
    container = body.get("container")
    in_message = isinstance(container, dict) and container.get("type") == "message"
    on_message = in_message and isinstance(container, dict) and not container.get("is_ephemeral")
    return (
        _check(body.get("user"), _ID, "user")
        or _each(actions, _ACTION, "actions")
        or _action_values(actions)
        or _check(container, _CONTAINER, "container")
        # A click in a message, ephemeral or not, always comes with its response_url.
        or ("response_url is missing" if in_message and not body.get("response_url")
            else None)
        # A click on a channel message always names the channel and the message.
        or (_check(body.get("channel"), _ID, "channel") if on_message or "channel" in body
            else None)
        or (_check(body.get("message"), _POSTED_MESSAGE, "message")
            if on_message or "message" in body else None)
        or (_check(body["view"], _VIEW, "view") or _state(body["view"])
            if "view" in body else None)
    )


def _view(body: dict[str, Any]) -> str | None:
    return (_check(body.get("user"), _ID, "user") or _check(body.get("view"), _VIEW, "view")
            or _state(body["view"]))


def _shortcut(body: dict[str, Any]) -> str | None:
    if not isinstance(body.get("callback_id"), str):
        return "callback_id is missing"
    on_message = body.get("type") == "message_action"  # always names its message
    return (_check(body.get("user"), _ID, "user")
            or (_check(body.get("channel"), _ID, "channel") if on_message else None)
            or (_check(body.get("message"), _POSTED_MESSAGE, "message")
                if on_message or "message" in body else None))


# A slash command always comes with these (the answer goes to its response_url).
_COMMAND: Spec = {"command": (str, True), "user_id": (str, True), "channel_id": (str, True),
                  "response_url": (str, True), "trigger_id": (str, True)}


def _command(body: dict[str, Any]) -> str | None:
    problem = _check(body, _COMMAND, "command")
    if problem is None and not _URL.match(body["response_url"]):
        return "response_url is not a URL"
    return problem


_BY_TYPE = {
    "event_callback": _event,
    "block_actions": _block_actions,
    "view_submission": _view,
    "view_closed": _view,
    "shortcut": _shortcut,
    "message_action": _shortcut,
}


def shape_problem(body: Any) -> str | None:
    """What is wrong with a parsed request body, in a few words (no values from it), or
    None when it has the structure Slack documents."""
    problem = _check(body, _TOP, "body")
    if problem is None and isinstance(body.get("authorizations"), list):
        problem = _each(body["authorizations"], _AUTHORIZATION, "authorizations")
    if problem is None and body.get("command") is not None:
        problem = _command(body)
    elif problem is None and (check := _BY_TYPE.get(body.get("type"))) is not None:
        problem = check(body)
    return problem

"""Hostile and malformed requests to /slack/events, correctly signed so that they reach the
bot's own code: each gets a 4xx or a quiet 200, never a 5xx nor an ERROR log line, and the
bot keeps answering afterwards. (Bad signatures, truncated JSON, a bad ``payload=``,
unsigned non-UTF-8 bytes and oversized bodies are in test_slack_server.py.)"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import Request, urlopen

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from slack_harness import (
    ALICE,
    CHANNEL,
    EVENT_LOG_PASTE,
    SIGNING_SECRET,
    TEAM,
    WAIT_SECONDS,
    SlackStandIn,
    bot_environ,
    event_body,
    headers_of,
    message_event,
    signed_headers,
)

from bot.blocks import ids
from bot.config import Settings
from bot.knowledge_files import load_knowledge
from bot.slack.runtime.lifecycle import Bot

FORM = "application/x-www-form-urlencoded"


def errors_logged(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [f"{r.name}: {r.getMessage()}" for r in caplog.records if r.levelno >= logging.ERROR]


def action(action_id: str, response_url: str, **drop_or_set: Any) -> dict[str, Any]:
    """A block_actions payload clicking ``action_id`` on a card in #general; a field set to
    None is left out."""
    payload: dict[str, Any] = {
        "response_url": response_url,
        "type": "block_actions", "team": {"id": TEAM, "domain": "standin"},
        "user": {"id": ALICE, "username": "alice", "team_id": TEAM},
        "api_app_id": "A0TEST", "token": "legacy", "trigger_id": "1337.42.abcd",
        "container": {"type": "message", "message_ts": "1760000000.000001",
                      "channel_id": CHANNEL, "is_ephemeral": False},
        "channel": {"id": CHANNEL, "name": "general"},
        "message": {"type": "message", "ts": "1760000000.000001", "text": "card", "blocks": []},
        "actions": [{"type": "button", "action_id": action_id, "block_id": "b1",
                     "value": "ESTS_TOKEN_ERROR", "action_ts": "1760000000.1"}],
    }
    payload.update(drop_or_set)
    return {k: v for k, v in payload.items() if v is not None}


def form(payload: Any) -> str:
    return urlencode({"payload": json.dumps(payload)})


def event(inner: Any) -> str:
    body = event_body({})
    body["event"] = inner
    return json.dumps(body)


def hostile_requests(response_url: str) -> dict[str, tuple[str, str]]:
    """name -> (body, content type); every one signed."""

    def click(action_id: str, **drop_or_set: Any) -> str:
        return form(action(action_id, response_url, **drop_or_set))

    known_buttons = (ids.FEEDBACK_FIXED, ids.DID_YOU_MEAN, ids.SHARE, ids.ESCALATE,
                     ids.HANDOFF_OPEN, ids.HANDOFF_TAKE, f"{ids.CHECKLIST_TOGGLE}0")
    cases: dict[str, tuple[str, str]] = {
        "empty JSON body": ("", "application/json"),
        "empty form body": ("", FORM),
        "JSON array": ("[]", "application/json"),
        "JSON string": ('"event_callback"', "application/json"),
        "JSON null": ("null", "application/json"),
        "JSON number": ("42", "application/json"),
        "event as text/plain": (event(message_event(EVENT_LOG_PASTE)), "text/plain"),
        "form as JSON": (click(ids.FEEDBACK_FIXED), "application/json"),
        "multipart": ("--x\r\nContent-Disposition: form-data; name=\"payload\"\r\n\r\n{}\r\n--x--",
                      "multipart/form-data; boundary=x"),
        "empty payload=": ("payload=", FORM),
        "payload= a JSON array": (form([1, 2]), FORM),
        "payload= a JSON string": (form("block_actions"), FORM),
        "unknown event type": (event({"type": "reaction_added", "user": ALICE}),
                               "application/json"),
        "event without a type": (event({"channel": CHANNEL, "text": "x"}), "application/json"),
        "event is null": (event(None), "application/json"),
        "event is a list": (event([message_event(EVENT_LOG_PASTE)]), "application/json"),
        "event is a string": (event("message"), "application/json"),
        "callback without event": (json.dumps({k: v for k, v in event_body({}).items()
                                               if k != "event"}), "application/json"),
        "unknown request type": (json.dumps({"type": "app_rate_limited", "team_id": TEAM}),
                                 "application/json"),
        "url_verification without challenge": (json.dumps({"type": "url_verification"}),
                                               "application/json"),
        "unknown action id": (click("no_such_button"), FORM),
        "unknown view callback": (form({"type": "view_submission", "user": {"id": ALICE},
                                        "view": {"callback_id": "nope", "state": {}}}), FORM),
        "view_submission without view": (form({"type": "view_submission",
                                               "user": {"id": ALICE}}), FORM),
        "unknown shortcut": (form({"type": "message_action", "callback_id": "nope",
                                   "user": {"id": ALICE}}), FORM),
        "slash command without command": (urlencode({"text": "x", "user_id": ALICE}), FORM),
    }
    for field, value in (("text", 42), ("text", {"a": 1}), ("text", None), ("channel", None),
                         ("ts", None), ("user", None), ("channel", ["C1"]), ("ts", 17.5),
                         ("thread_ts", {"x": 1})):
        broken = {k: v for k, v in message_event(EVENT_LOG_PASTE).items() if k != field}
        if value is not None:
            broken[field] = value
        cases[f"message with {field}={value!r}"] = (event(broken), "application/json")
        if (field, value) != ("text", None):  # a bare mention is a question: answered
            mention = dict(broken, type="app_mention", channel_type=None)
            cases[f"app_mention with {field}={value!r}"] = (event(mention), "application/json")
    for action_id in known_buttons:
        for field in ("user", "container", "actions", "message", "channel"):
            cases[f"{action_id} without {field}"] = (click(action_id, **{field: None}), FORM)
        cases[f"{action_id} with no actions"] = (click(action_id, actions=[]), FORM)
        cases[f"{action_id} with an empty action"] = (click(action_id, actions=[{}]), FORM)
        cases[f"{action_id} with value a list"] = (click(action_id, actions=[{
            "type": "button", "action_id": action_id, "block_id": "b1", "value": ["x"]}]), FORM)
    return cases


async def test_malformed_requests_get_a_4xx_or_a_quiet_200(bot, standin, caplog):
    caplog.set_level(logging.INFO)
    statuses = {}
    for name, (body, content_type) in hostile_requests(standin.response_url()).items():
        statuses[name] = (await bot.post(body, content_type=content_type)).status
    server_errors = {name: status for name, status in statuses.items() if status >= 500}
    assert server_errors == {}
    assert set(statuses.values()) <= {200, 400, 404, 413, 415}
    await standin.settle()
    assert errors_logged(caplog) == []
    assert standin.posted() == []

    await bot.event(message_event(EVENT_LOG_PASTE))
    [reply] = await standin.wait_for("chat.postMessage")
    assert headers_of(reply) == ["ESTS_TOKEN_ERROR"]


async def test_non_utf8_bytes_signed_correctly_are_a_client_error(bot, standin, caplog):
    body = b'{"type": "event_callback", "event": {"text": "\xff\xfe"}}'
    stamp = str(int(time.time()))
    digest = hmac.new(SIGNING_SECRET.encode(), f"v0:{stamp}:".encode() + body,
                      hashlib.sha256).hexdigest()
    answer = await bot.post(body, sign=False, headers={
        "X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": f"v0={digest}"})
    assert answer.status == 400
    assert errors_logged(caplog) == []


# -- the property: random JSON-ish bodies, correctly signed, never a 5xx ------------------

JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
    | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=12,
)
# Mostly strings, as Slack sends, so that many bodies get past the shape check.
VALUES = st.text(max_size=30) | JSONISH
EVENT_FIELDS = ("type", "channel", "channel_type", "user", "text", "ts", "thread_ts",
                "subtype", "bot_id", "team", "tab", "blocks", "files", "message")


def _overridden(draw: st.DrawFn, base: dict[str, Any], fields: list[str]) -> dict[str, Any]:
    """``base`` with a few of ``fields`` given odd values or left out."""
    for field in draw(st.sets(st.sampled_from(fields), max_size=3)):
        if draw(st.booleans()):
            base.pop(field, None)
        else:
            base[field] = draw(VALUES)
    return base


@st.composite
def events(draw: st.DrawFn) -> dict[str, Any]:
    """A real message, mention or App Home event, bent out of shape in a few places."""
    kind = draw(st.sampled_from(["message", "app_mention", "app_home_opened"]))
    text = draw(st.sampled_from([EVENT_LOG_PASTE, "seeing ESTS_TOKEN_ERROR again", "hi"]))
    inner = _overridden(draw, message_event(text, type=kind), list(EVENT_FIELDS))
    body = event_body(inner)
    return _overridden(draw, body, ["team_id", "api_app_id", "authorizations", "event_time",
                                    "event_id", "event"])


@st.composite
def interactions(draw: st.DrawFn, response_url: str) -> dict[str, Any]:
    """A click on a real or made-up button, bent out of shape in a few places."""
    action_id = draw(st.sampled_from([ids.FEEDBACK_FIXED, ids.FEEDBACK_NOT_FIXED,
                                      ids.DID_YOU_MEAN, ids.SHARE, ids.ESCALATE,
                                      ids.HANDOFF_TAKE, ids.HANDOFF_RESOLVE, ids.HANDOFF_OPEN,
                                      f"{ids.CHECKLIST_TOGGLE}0"]) | st.text(max_size=20))
    payload = action(action_id, response_url)
    payload["actions"][0] = _overridden(draw, payload["actions"][0],
                                        ["value", "block_id", "type", "selected_options"])
    return _overridden(draw, payload, sorted(payload))


@pytest.fixture
def threaded_bot(tmp_path: Path) -> Iterator[tuple[str, SlackStandIn]]:
    """One bot and stand-in for a whole property, on an event loop in another thread, so
    that Hypothesis can drive it from a plain function."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()

    def run(coro: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, loop).result(timeout=30)

    standin = SlackStandIn()
    run(standin.start())
    settings_ = Settings.from_env(bot_environ(standin, tmp_path), "http")
    bot = Bot(settings_, load_knowledge(), host="127.0.0.1")
    run(bot.start())
    try:
        yield f"http://127.0.0.1:{settings_.port}/slack/events", standin
    finally:
        run(standin.settle())  # let the replies to the last requests finish
        run(bot.stop())
        run(standin.stop())
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)
        loop.close()


def post(url: str, body: str, content_type: str) -> int:
    request = Request(url, data=body.encode(), method="POST",
                      headers=signed_headers(body, content_type=content_type))
    try:
        with urlopen(request, timeout=30) as response:
            return response.status
    except HTTPError as error:
        return error.code


def test_random_signed_bodies_never_get_a_5xx_and_the_bot_still_answers(
    threaded_bot, caplog
):
    url, standin = threaded_bot

    @settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(body=events() | interactions(standin.response_url()) | JSONISH)
    def never_a_5xx(body: Any) -> None:
        if isinstance(body, dict) and body.get("type") == "block_actions":
            assert post(url, form(body), FORM) < 500
        else:
            assert post(url, json.dumps(body), "application/json") < 500

    never_a_5xx()
    assert errors_logged(caplog) == []
    paste = message_event(EVENT_LOG_PASTE)
    assert post(url, json.dumps(event_body(paste)), "application/json") == 200

    def replies() -> list:  # random DMs above may still be answered: find ours by thread
        return [c for c in standin.of("chat.postMessage")
                if c.body.get("thread_ts") == paste["ts"]]

    deadline = time.monotonic() + WAIT_SECONDS
    while not replies() and time.monotonic() < deadline:
        time.sleep(0.02)
    [reply] = replies()
    assert headers_of(reply) == ["ESTS_TOKEN_ERROR"]

"""Signed requests Slack would never send as such (IDs past 64 bits, ``²³``, numbers in
text inputs, a slash command without its response_url), replays, and clicks that name
someone else's checklist: each gets a 400 or a polite answer, never a 5xx, never silence
(a 404 three seconds later), never an ERROR line; nothing is changed on their word."""

from __future__ import annotations

import json
import logging
from urllib.parse import urlencode

import pytest
from aiohttp import web
from slack_harness import (
    ALICE,
    CHANNEL,
    NEEDS_SUPPORT_PASTE,
    SlackStandIn,
    bot_environ,
    message_event,
    recorded_checklist,
    toggle,
)
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks import ids
from bot.blocks.replies import CHECKLIST_GONE, STALE_CARD
from bot.config import Settings
from bot.domain.checklist import ThreadRef
from bot.domain.handoff import HandoffForm
from bot.slack.flows.support_team import SupportTeam
from bot.slack.listeners.views.handoff_submit import GENERAL_FIELD
from tests.local_http import serving

SUPPORT = "C0SUPPORT"
HUGE = str(10**400)
TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47"
FORM = "application/x-www-form-urlencoded"


def errors_logged(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [f"{r.name}: {r.getMessage()}" for r in caplog.records if r.levelno >= logging.ERROR]


def button(action_id: str, value: str) -> dict:
    return {"type": "button", "action_id": action_id, "block_id": "b1", "value": value}


async def posted_checklist(bot, standin, channel: str = CHANNEL):
    """A needs-support paste in ``channel``: (the checklist message as posted, stored)."""
    event = message_event(NEEDS_SUPPORT_PASTE, channel=channel)
    before = len(standin.of("chat.postMessage"))
    await bot.event(event)
    posts = await standin.wait_for("chat.postMessage", before + 2)
    checklist = await recorded_checklist(bot.bot.store, ThreadRef(channel, event["ts"]))
    return posts[-1], checklist


def on(checklist) -> dict:
    """The checklist's own message, as a click on it carries it."""
    return {"ts": checklist.message_ts, "thread_ts": checklist.thread.thread_ts,
            "channel": checklist.thread.channel}


async def test_odd_ids_and_values_get_a_polite_answer(start_bot, standin, caplog):
    bot = await start_bot(MFA_BOT_SUPPORT_CHANNEL=SUPPORT)
    view, checklist = await posted_checklist(bot, standin)
    message = on(checklist)
    tick = toggle(view, checklist.steps[0].step_id)
    clicks = {
        "checklist_id past 64 bits": dict(tick, block_id=f"cl:{HUGE}:0:0"),
        "checklist_id 2**63": dict(tick, block_id=f"cl:{2**63}:0:0"),
        "hand-off button ²³": button(ids.HANDOFF_OPEN, "²³"),
        "hand-off button past 64 bits": button(ids.HANDOFF_OPEN, HUGE),
        "take ²³": button(ids.HANDOFF_TAKE, "²³"),
        "resolve past 64 bits": button(ids.HANDOFF_RESOLVE, HUGE),
    }
    for name, action in clicks.items():
        url = standin.response_url()
        answer = await bot.act(action, message=message, response_url=url)
        assert answer.status == 200, name
        reply = await standin.wait_for_answer(url)
        assert reply.body["text"] == STALE_CARD, name
    stored = await bot.bot.store.get_checklist_by_id(checklist.id)
    assert stored == checklist  # nothing ticked on their word
    assert standin.of("views.open") == []
    assert errors_logged(caplog) == []


async def test_odd_form_submissions_keep_the_form_open_with_the_reason(
        start_bot, standin, caplog):
    bot = await start_bot(MFA_BOT_SUPPORT_CHANNEL=SUPPORT)
    _, checklist = await posted_checklist(bot, standin)
    await bot.act(button(ids.HANDOFF_OPEN, str(checklist.id)), message=on(checklist))
    [opened] = await standin.wait_for("views.open")
    view = opened.body["view"]
    filled = {name: {name: {"type": "plain_text_input", "value": value}}
              for name, value in (("tenant_id", TENANT), ("upn", "alice@contoso.com"))}

    # A number where Slack always sends text: the field counts as empty.
    numbers = {name: {name: {"type": "plain_text_input", "value": 42}}
               for name in ("tenant_id", "upn", "what_happened")}
    answer = await bot.submit(view, numbers)
    assert answer.status == 200
    assert set(answer.json()["errors"]) == {"tenant_id", "upn"}

    for metadata in ('{"checklist_id": 1e400}', f'{{"checklist_id": {HUGE}}}',
                     '{"checklist_id": "²³"}', '[1]', 'not json',
                     json.dumps({"checklist_id": checklist.id})):  # without its thread
        answer = await bot.submit(dict(view, private_metadata=metadata), filled)
        assert answer.status == 200, metadata
        assert answer.json() == {"response_action": "errors",
                                 "errors": {GENERAL_FIELD: CHECKLIST_GONE}}, metadata
    assert await bot.bot.store.get_handoff_for_thread(checklist.thread) is None
    assert errors_logged(caplog) == []


async def test_a_slash_command_without_its_response_url_is_a_client_error(bot, caplog):
    form = {"token": "legacy", "team_id": "T0TEST", "channel_id": CHANNEL, "user_id": ALICE,
            "command": "/mfa-error", "text": "ESTS_TOKEN_ERROR", "trigger_id": "1.2.3"}
    answer = await bot.post(urlencode(form), content_type=FORM)
    assert answer.status == 400
    assert errors_logged(caplog) == []


async def test_a_replayed_slash_command_is_answered_once(bot, standin):
    url = standin.response_url()
    form = {"token": "legacy", "team_id": "T0TEST", "channel_id": CHANNEL, "user_id": ALICE,
            "command": "/mfa-error", "text": "ESTS_TOKEN_ERROR", "trigger_id": "1337.9.ab",
            "response_url": url}
    body = urlencode(form)
    for _ in range(3):  # the same signed request, within its five minutes
        assert (await bot.post(body, content_type=FORM)).status == 200
    await standin.wait_for_answer(url)
    await standin.settle()
    assert len([c for c in standin.of("response_url") if url.endswith(c.path_id)]) == 1


async def test_clicks_count_only_on_the_checklists_own_message(start_bot, standin):
    bot = await start_bot(MFA_BOT_SUPPORT_CHANNEL=SUPPORT)
    view, checklist = await posted_checklist(bot, standin)
    _, other = await posted_checklist(bot, standin, channel="C0OTHER")
    step = checklist.steps[0].step_id
    elsewhere = {  # the IDs of one checklist, clicked on another message
        "another checklist's message": on(other),
        "another message in the thread": dict(on(checklist), ts="1760000999.000001"),
        "the same ts in another channel": dict(on(checklist), channel="C0OTHER"),
    }
    for name, message in elsewhere.items():
        for action in (toggle(view, step), button(ids.HANDOFF_OPEN, str(checklist.id))):
            url = standin.response_url()
            assert (await bot.act(action, message=message, response_url=url)).status == 200
            reply = await standin.wait_for_answer(url)
            assert reply.body["text"] == STALE_CARD, name
    assert await bot.bot.store.get_checklist_by_id(checklist.id) == checklist
    assert standin.of("views.open") == []
    assert standin.of("conversations.replies") == []  # no pre-fill read for them

    # On its own message, the same click counts.
    assert (await bot.act(toggle(view, step), message=on(checklist))).status == 200
    stored = await bot.bot.store.get_checklist_by_id(checklist.id)
    assert stored is not None and stored.step(step).done  # saved before the ack


async def test_take_and_resolve_count_only_on_the_hand_offs_own_message(start_bot, standin):
    bot = await start_bot(MFA_BOT_SUPPORT_CHANNEL=SUPPORT)
    _, checklist = await posted_checklist(bot, standin)
    store = bot.bot.store
    handoff, _ = await store.create_handoff("T0TEST", checklist.thread, checklist.entry_id,
                                            HandoffForm(tenant_id=TENANT), ALICE, SUPPORT)
    await store.set_handoff_message(handoff.id, "1760000500.000001")
    support_message = {"ts": "1760000500.000001", "channel": SUPPORT}
    for action_id in (ids.HANDOFF_TAKE, ids.HANDOFF_RESOLVE):
        for message in (on(checklist), dict(support_message, ts="1760000500.000002"),
                        dict(support_message, channel=CHANNEL)):
            url = standin.response_url()
            await bot.act(button(action_id, str(handoff.id)), message=message, response_url=url)
            assert (await standin.wait_for_answer(url)).body["text"] == STALE_CARD
    unchanged = await store.get_handoff(handoff.id)
    assert unchanged is not None and unchanged.assignee is None and unchanged.resolved_by is None

    await bot.act(button(ids.HANDOFF_TAKE, str(handoff.id)), message=support_message)
    taken = await store.get_handoff(handoff.id)
    assert taken is not None and taken.assignee == ALICE  # saved before the ack


async def test_a_proxys_plain_text_502_does_not_stop_a_support_member(tmp_path):
    async def bad_gateway(request: web.Request) -> web.Response:
        return web.Response(status=502, text="Bad Gateway", content_type="text/plain")

    async def group(request: web.Request) -> web.Response:
        return web.json_response({"ok": True, "users": [ALICE]})

    app = web.Application()
    app.router.add_route("*", "/api/conversations.members", bad_gateway)
    app.router.add_route("*", "/api/usergroups.users.list", group)
    async with serving(app) as port:
        client = AsyncWebClient(token="xoxb-1-2-x", base_url=f"http://127.0.0.1:{port}/api/")
        env = bot_environ(SlackStandIn(), tmp_path, MFA_BOT_SUPPORT_CHANNEL=SUPPORT,
                          MFA_BOT_SUPPORT_GROUP="S0SUPPORT")
        settings = Settings.from_env(env, "http")
        assert await SupportTeam().includes(client, settings, ALICE) is True
        assert await SupportTeam().includes(client, settings, "U0BOB") is None  # unknown

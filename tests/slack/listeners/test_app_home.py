"""The App Home tab: published when opened, its search button, the search modal."""

from __future__ import annotations

import asyncio
import json
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from slack_harness import (
    ALICE,
    CHANNEL,
    EVENT_LOG_PASTE,
    TEAM,
    WAIT_SECONDS,
    Response,
    message_event,
)

from bot.blocks import ids
from bot.blocks.limits import problems
from bot.domain.checklist import ThreadRef
from bot.domain.handoff import HandoffForm

SUPPORT = "U0SUPPORT"


def home_opened(tab: str = "home") -> dict[str, Any]:
    return {"type": "app_home_opened", "user": ALICE, "channel": "D0ALICE", "tab": tab,
            "event_ts": f"{time.time():.6f}"}


def home_blocks_text(call) -> str:
    return json.dumps(call.body["view"]["blocks"], ensure_ascii=False)


async def until_matched(bot, code: str, count: int) -> None:
    """Wait until the store counted ``count`` matches of ``code`` (recorded after replying)."""
    async def counted() -> int:
        stats = await bot.bot.store.stats(TEAM, datetime.now(UTC) - timedelta(days=1))
        return next((c.matches for c in stats.codes if c.code == code), 0)

    deadline = time.monotonic() + WAIT_SECONDS
    while await counted() < count:
        assert time.monotonic() < deadline, f"{code} was not counted {count} times"
        await asyncio.sleep(0.02)


def view_buttons(view: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for block in view["blocks"]:
        elements = [block.get("accessory")] if block["type"] == "section" else block.get(
            "elements", [])
        found += [e for e in elements if e and e.get("type") == "button"]
    return found


async def open_home(bot, standin, count: int = 1):
    await bot.event(home_opened())
    calls = await standin.wait_for("views.publish", count)
    return calls[-1]


async def test_opening_the_home_tab_publishes_escalations_top_errors_and_catalogue(
    bot, standin, knowledge
):
    for paste in (EVENT_LOG_PASTE, "ESTS_TOKEN_ERROR", "REQUEST_FORMAT_ERROR"):
        await bot.event(message_event(paste))
    await until_matched(bot, "ESTS_TOKEN_ERROR", 2)
    await until_matched(bot, "REQUEST_FORMAT_ERROR", 1)
    store = bot.bot.store
    opened, _ = await store.create_handoff(
        TEAM, ThreadRef(CHANNEL, "1760000000.000001"), "ESTS_TOKEN_ERROR", HandoffForm(),
        ALICE, "C0SUPPORT")
    taken, _ = await store.create_handoff(
        TEAM, ThreadRef(CHANNEL, "1760000000.000002"), "REQUEST_FORMAT_ERROR", HandoffForm(),
        ALICE, "C0SUPPORT")
    await store.take_handoff(taken.id, SUPPORT)
    resolved, _ = await store.create_handoff(
        TEAM, ThreadRef(CHANNEL, "1760000000.000003"), "REQUEST_FORMAT_ERROR", HandoffForm(),
        ALICE, "C0SUPPORT")
    await store.resolve_handoff(resolved.id, SUPPORT)

    home = await open_home(bot, standin)
    assert home.body["user_id"] == ALICE
    assert home.body["view"]["type"] == "home"
    text = home_blocks_text(home)
    escalations = text.split("Open escalations")[1].split("Top errors")[0]
    assert f"*#{opened.id}*" in escalations and f"*#{taken.id}*" in escalations
    assert f"*#{resolved.id}*" not in escalations
    assert f"<@{SUPPORT}>" in escalations  # who has the taken one
    top = text.split("Top errors")[1].split("Catalogue")[0]
    for period in ("Last 7 days", "Last 30 days"):
        assert f"*{period}*\\n1. `ESTS_TOKEN_ERROR` · 2\\n2. `REQUEST_FORMAT_ERROR` · 1" in top
    catalogue = text.split("Catalogue")[1]
    assert all(f"`{entry.name}`" in catalogue for entry in knowledge.entries)
    [search] = view_buttons(home.body["view"])
    assert search["action_id"] == ids.HOME_SEARCH


async def test_each_opening_publishes_the_current_numbers(bot, standin):
    first = await open_home(bot, standin)
    assert "_no data yet_" in home_blocks_text(first)
    await bot.event(message_event("ESTS_TOKEN_ERROR"))
    await until_matched(bot, "ESTS_TOKEN_ERROR", 1)
    second = await open_home(bot, standin, 2)
    assert "1. `ESTS_TOKEN_ERROR` · 1" in home_blocks_text(second)


async def test_the_messages_tab_publishes_nothing(bot, standin):
    await bot.event(home_opened("messages"))
    await standin.settle()
    assert standin.of("views.publish") == []


async def test_the_search_button_opens_the_search_modal(bot, standin):
    await bot.interact({
        "type": "block_actions", "team": {"id": TEAM, "domain": "standin"},
        "user": {"id": ALICE, "username": "alice", "team_id": TEAM},
        "api_app_id": "A0TEST", "token": "legacy", "trigger_id": "1337.42.home",
        "container": {"type": "view", "view_id": "VHOME"},
        "view": {"id": "VHOME", "type": "home", "blocks": []},
        "actions": [{"type": "button", "action_id": ids.HOME_SEARCH, "block_id": "b1",
                     "value": "search", "action_ts": str(time.time())}],
    })
    [opened] = await standin.wait_for("views.open")
    assert opened.body["trigger_id"] == "1337.42.home"
    assert opened.body["view"]["callback_id"] == ids.SEARCH_MODAL


async def search(bot, query: str) -> dict[str, Any]:
    """Submit the search modal; returns the view Slack is told to show instead."""
    answer: Response = await bot.interact({
        "type": "view_submission", "team": {"id": TEAM, "domain": "standin"},
        "user": {"id": ALICE, "username": "alice", "team_id": TEAM},
        "api_app_id": "A0TEST", "token": "legacy", "trigger_id": "1337.42.search",
        "view": {
            "id": "VSEARCH", "type": "modal", "callback_id": ids.SEARCH_MODAL,
            "private_metadata": "", "hash": "1.abc",
            "state": {"values": {ids.SEARCH_QUERY: {ids.SEARCH_QUERY: {
                "type": "plain_text_input", "value": query}}}},
        },
    })
    assert answer.status == 200
    reply = answer.json()
    assert reply["response_action"] == "update"
    view = reply["view"]
    assert problems(view, surface="modal") == []
    assert view_buttons(view) == []  # card buttons act on messages: none in a modal
    return view


def view_headers(view: dict[str, Any]) -> list[str]:
    return [b["text"]["text"] for b in view["blocks"] if b["type"] == "header"]


async def test_a_search_shows_the_card_in_the_modal_and_counts_the_match(bot, standin):
    view = await search(bot, EVENT_LOG_PASTE)
    assert view["callback_id"] == ids.SEARCH_MODAL  # search again from the same modal
    assert view["blocks"][0]["element"]["initial_value"] == EVENT_LOG_PASTE
    assert view_headers(view) == ["ESTS_TOKEN_ERROR"]
    assert "What to do" in json.dumps(view["blocks"])
    await until_matched(bot, "ESTS_TOKEN_ERROR", 1)


async def test_a_code_shared_by_several_messages_lists_them_without_buttons(bot):
    view = await search(bot, "ALTERNATE_LOGIN_ID_ERROR")
    assert view_headers(view) == ["ALTERNATE_LOGIN_ID_ERROR"]
    assert "Did you mean" in json.dumps(view["blocks"])


async def test_a_search_without_a_known_error_says_so(bot):
    view = await search(bot, "the printer is on fire <!channel>")
    assert view_headers(view) == []
    assert "No known NPS-extension error" in json.dumps(view["blocks"])

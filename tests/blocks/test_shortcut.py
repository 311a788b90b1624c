from __future__ import annotations

from bot.blocks import ids
from bot.blocks.shortcut import (
    POST_IN_THREAD,
    parse_post_in_thread,
    post_in_thread_value,
    shortcut_message,
)
from bot.domain.results import MatchResult, Suggestion
from tests.blocks.support import LONG, assert_valid, buttons, make_entry, make_match

THREAD = "1700000000.000100"


def test_each_card_offers_post_in_thread_instead_of_share(error_entry, warning_entry):
    result = MatchResult(matches=(make_match(error_entry), make_match(warning_entry)))
    message = shortcut_message(result, thread_ts=THREAD)
    assert_valid(message.as_kwargs())
    found = buttons(message.blocks)
    assert [b for b in found if b["action_id"] == ids.SHARE] == []
    posts = [parse_post_in_thread(b["value"]) for b in found if b["action_id"] == POST_IN_THREAD]
    assert posts == [(error_entry.id, THREAD), (warning_entry.id, THREAD)]
    assert [b for b in found if b["action_id"] == ids.FEEDBACK_FIXED]


def test_without_a_thread_to_post_in_there_is_no_post_button(error_entry):
    message = shortcut_message(MatchResult(matches=(make_match(error_entry),)), thread_ts=None)
    assert {b["action_id"] for b in buttons(message.blocks)} & {POST_IN_THREAD, ids.SHARE} == set()


def test_no_match_gives_the_suggestions(warning_entry):
    result = MatchResult(suggestions=(Suggestion(warning_entry, 60),))
    message = shortcut_message(result, thread_ts=THREAD)
    assert [b["value"] for b in buttons(message.blocks)] == [warning_entry.id]


def test_thirty_errors_stay_within_the_limits():
    entries = [make_entry(f"CODE_{i:02d}", f"message {i}", summary=LONG) for i in range(30)]
    result = MatchResult(matches=tuple(make_match(e, LONG) for e in entries))
    assert_valid(shortcut_message(result, thread_ts=THREAD).as_kwargs())


def test_post_in_thread_values_round_trip_and_reject_garbage():
    assert parse_post_in_thread(post_in_thread_value("E:1", THREAD)) == ("E:1", THREAD)
    for garbage in ("", "E:1", "[]", '{"entry": 1, "thread_ts": "1.2"}', '{"entry": "E"}'):
        assert parse_post_in_thread(garbage) is None

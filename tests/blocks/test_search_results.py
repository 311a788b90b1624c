from __future__ import annotations

from bot.blocks import ids
from bot.blocks.search_results import search_results_view
from bot.domain.results import MatchResult, Suggestion
from tests.blocks.support import (
    FORBIDDEN,
    HOSTILE,
    LONG,
    assert_valid,
    buttons,
    make_entry,
    make_match,
    mrkdwn_texts,
)


def headers(view: dict) -> list[str]:
    return [b["text"]["text"] for b in view["blocks"] if b["type"] == "header"]


def test_a_match_shows_the_card_under_the_query_without_buttons(error_entry, warning_entry):
    result = MatchResult(matches=(make_match(error_entry),),
                         suggestions=(Suggestion(warning_entry, 60),))
    view = search_results_view("ESTS_TOKEN_ERROR", result)
    assert_valid(view, "modal")
    assert view["callback_id"] == ids.SEARCH_MODAL
    query = view["blocks"][0]
    assert query["block_id"] == ids.SEARCH_QUERY
    assert query["element"]["initial_value"] == "ESTS_TOKEN_ERROR"
    assert headers(view) == ["ESTS_TOKEN_ERROR"]
    assert buttons(view["blocks"]) == []
    assert any(warning_entry.code in text for text in mrkdwn_texts(view))  # still named


def test_no_match_says_so(error_entry):
    view = search_results_view("printer on fire", MatchResult())
    assert_valid(view, "modal")
    assert headers(view) == []
    assert any("No known NPS-extension error" in text for text in mrkdwn_texts(view))


def test_a_hostile_long_query_is_cut_and_never_parsed():
    entries = [make_entry(f"CODE_{i:02d}", f"message {i}", summary=LONG) for i in range(30)]
    result = MatchResult(matches=tuple(make_match(e, HOSTILE) for e in entries))
    view = search_results_view(HOSTILE + LONG, result)
    assert_valid(view, "modal")
    assert buttons(view["blocks"]) == []
    for text in mrkdwn_texts(view):
        assert not any(bad in text for bad in FORBIDDEN)

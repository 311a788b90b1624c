from __future__ import annotations

from bot.blocks import ids
from bot.blocks.home import MAX_HANDOFFS, home_view, search_modal
from bot.domain.handoff import HandoffState
from bot.domain.stats import CodeStats
from tests.blocks.support import assert_valid, buttons, joined, make_entry, make_handoff, make_kb


def test_home_has_search_escalations_top_errors_and_catalogue(error_entry, warning_entry):
    kb = make_kb((error_entry, warning_entry))
    handoffs = [make_handoff(), make_handoff(HandoffState.TAKEN, handoff_id=13,
                                             entry_id=error_entry.id)]
    view = home_view(kb, handoffs, [CodeStats("ESTS_TOKEN_ERROR", 12, 3, 1)],
                     [CodeStats("AccessReject", 40)])
    assert_valid(view, "home")
    assert buttons(view["blocks"])[0]["action_id"] == ids.HOME_SEARCH
    text = joined(view["blocks"])
    assert "*#12* `ESTS_TOKEN_ERROR` · :hourglass_flowing_sand: Open" in text
    assert "*#13* `ESTS_TOKEN_ERROR` · :raising_hand: Taken by <@USUPPORT1>" in text
    assert "*Last 7 days*\n1. `ESTS_TOKEN_ERROR` · 12" in text
    assert "*Last 30 days*\n1. `AccessReject` · 40" in text
    assert "`AccessReject`" in text.split("Catalogue")[1]


def test_empty_home():
    view = home_view(make_kb((make_entry(),)), [], [], [])
    text = joined(view["blocks"])
    assert "No open escalations." in text and "_no data yet_" in text


def test_big_home_stays_within_limits():
    kb = make_kb(tuple(make_entry(f"CODE_{i:05d}_{'X' * 40}") for i in range(8000)))
    handoffs = [make_handoff(handoff_id=i) for i in range(40)]
    top = [CodeStats(f"CODE_{i}", 100 - i) for i in range(50)]
    view = home_view(kb, handoffs, top, top)
    assert_valid(view, "home")
    text = joined(view["blocks"])
    assert text.count("*#") == MAX_HANDOFFS and "…and 30 more" in text


def test_search_modal():
    view = search_modal()
    assert_valid(view, "modal")
    assert view["callback_id"] == ids.SEARCH_MODAL
    [query] = view["blocks"]
    assert query["block_id"] == query["element"]["action_id"] == ids.SEARCH_QUERY

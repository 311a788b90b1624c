from __future__ import annotations

from datetime import UTC, datetime

from bot.blocks.stats import MAX_CODES, stats_message
from bot.domain.stats import CodeStats, Stats
from tests.blocks.support import assert_valid, joined

SINCE = datetime(2024, 1, 1, tzinfo=UTC)


def test_no_data_yet():
    message = stats_message(Stats(since=SINCE), 7)
    assert "No data yet" in joined(message.blocks)
    assert message.text == "MFA NPS-extension errors, last 7 days: no data yet"


def test_counts_feedback_and_escalations():
    stats = Stats(since=SINCE, codes=(CodeStats("ESTS_TOKEN_ERROR", 12, 3, 1),
                                      CodeStats("AccessReject", 1)),
                  escalations_opened=4, escalations_resolved=2,
                  median_seconds_to_resolve=3 * 3600 + 12 * 60 + 30)
    message = stats_message(stats, 7)
    assert_valid(message.as_kwargs())
    text = joined(message.blocks)
    assert "`ESTS_TOKEN_ERROR` · 12 matches · fixed it 3 · didn't help 1" in text
    assert "`AccessReject` · 1 match · fixed it 0" in text
    assert "*Escalations opened*\n4" in text and "*Escalations resolved*\n2" in text
    assert "*Median time to resolve*\n3 h 12 min" in text
    assert message.text == ("MFA NPS-extension errors, last 7 days: 13 matches across 2 codes, "
                            "4 escalations opened")


def test_escalations_without_matches_are_data_and_unknown_median_is_a_dash():
    message = stats_message(Stats(since=SINCE, escalations_opened=1), 1)
    text = joined(message.blocks)
    assert "last 1 day" in text and "No data yet" not in text
    assert "*Median time to resolve*\n-" in text


def test_many_codes_stay_within_limits():
    codes = tuple(CodeStats(f"CODE_{i}_{'X' * 100}", 1000 - i) for i in range(MAX_CODES + 50))
    message = stats_message(Stats(since=SINCE, codes=codes), 30)
    assert_valid(message.as_kwargs())
    assert "…and 50 more codes" in joined(message.blocks)


def test_hand_offs_still_owed_are_listed():
    assert "still on their way" not in joined(stats_message(Stats(since=SINCE), 7).blocks)
    for stats in (Stats(since=SINCE), Stats(since=SINCE, escalations_opened=3)):
        message = stats_message(stats, 7, [3, 7])
        assert_valid(message.as_kwargs())
        assert "Hand-offs still on their way (2): #3, #7" in joined(message.blocks)
    many = stats_message(Stats(since=SINCE), 7, list(range(1, 121)))
    assert_valid(many.as_kwargs())
    assert "(120): #1, #2" in joined(many.blocks) and "#50 and 70 more" in joined(many.blocks)

from __future__ import annotations

from datetime import datetime

import pytest

from bot.blocks.labels import duration, mention, progress, slack_date, slack_time


@pytest.mark.parametrize(("seconds", "text"), [
    (0, "under 1 min"), (59, "under 1 min"), (60, "1 min"), (45 * 60 + 59, "45 min"),
    (3600, "1 h"), (3 * 3600 + 12 * 60, "3 h 12 min"), (86400, "1 d"),
    (2 * 86400 + 5 * 3600 + 59, "2 d 5 h"),
])
def test_duration_reads_like_a_person_would_say_it(seconds, text):
    assert duration(seconds) == text


def test_times_render_in_the_readers_zone_with_a_utc_fallback():
    naive_utc = datetime(2023, 11, 14, 22, 13, 20)
    assert slack_time(naive_utc) == "<!date^1700000000^{time}|22:13 UTC>"
    assert slack_date(naive_utc) == (
        "<!date^1700000000^{date_short} {time}|2023-11-14 22:13 UTC>")


@pytest.mark.parametrize(("user", "text"), [
    ("U0123ABC", "<@U0123ABC>"), (None, "someone"), ("U1><!channel", "someone"), ("", "someone"),
])
def test_only_plain_user_ids_become_mentions(user, text):
    assert mention(user) == text


def test_progress():
    assert progress(4, 9) == "4 of 9 steps done"
    assert progress(0, 1) == "0 of 1 step done"

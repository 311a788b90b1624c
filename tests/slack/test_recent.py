"""The per-process memory of answered requests, which de-duplicates when the store can't."""

from __future__ import annotations

from bot.slack.wiring.recent import RecentIds


def test_a_key_is_first_once_and_the_oldest_is_forgotten_first():
    recent = RecentIds(size=3)
    assert [recent.first(k) for k in ("a", "b", "a", "c")] == [True, True, False, True]
    assert recent.first("d")  # over the size: "b", the least recently seen, goes
    assert [recent.first(k) for k in ("a", "c", "d", "b")] == [False, False, False, True]

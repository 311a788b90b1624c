"""The outbox's rules: expiry, backoff, what is retried and what fails."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.outbox import (
    OutboxItem,
    OutboxKind,
    Outcome,
    RetryPolicy,
    http_outcome,
    is_expired,
    slack_outcome,
    thread_lane,
)

T0 = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
HOUR = timedelta(minutes=60)


def item(kind: OutboxKind, attempts: int = 1) -> OutboxItem:
    return OutboxItem(id=1, kind=kind, lane=thread_lane("C1", "1.2"), payload={},
                      created_at=T0, due_at=T0, attempts=attempts)


def test_a_card_expires_only_past_the_limit() -> None:
    card = item(OutboxKind.CARD)
    assert not is_expired(card, T0 + HOUR, HOUR)
    assert is_expired(card, T0 + HOUR + timedelta(seconds=1), HOUR)


@pytest.mark.parametrize("kind", [k for k in OutboxKind if k is not OutboxKind.CARD])
def test_everything_else_is_owed_however_late(kind: OutboxKind) -> None:
    assert not is_expired(item(kind), T0 + timedelta(days=30), HOUR)


def test_backoff_doubles_up_to_the_cap() -> None:
    policy = RetryPolicy(first=timedelta(seconds=2), cap=timedelta(seconds=60))
    waits = [policy.delay(n).total_seconds() for n in range(1, 9)]
    assert waits == [2, 4, 8, 16, 32, 60, 60, 60]


def test_jitter_shortens_by_at_most_half() -> None:
    policy = RetryPolicy(first=timedelta(seconds=8))
    assert policy.delay(1, jitter=0.999).total_seconds() == pytest.approx(4.004)
    assert policy.delay(1, jitter=5.0) >= timedelta(seconds=4)  # out of range: clamped


def test_retry_after_is_a_floor_within_the_cap() -> None:
    policy = RetryPolicy(first=timedelta(seconds=1), cap=timedelta(seconds=30))
    assert policy.delay(1, retry_after=10).total_seconds() == 10
    assert policy.delay(1, retry_after=10_000).total_seconds() == 30
    assert policy.next_due(item(OutboxKind.CARD, attempts=2), T0) == T0 + timedelta(seconds=2)


def test_only_a_retry_looks_for_an_earlier_post() -> None:
    assert not item(OutboxKind.CARD, attempts=1).tried_before
    assert item(OutboxKind.CARD, attempts=2).tried_before
    assert OutboxKind.THREAD_NOTICE.posts_to_slack
    assert not OutboxKind.CHECKLIST_UPDATE.posts_to_slack
    assert not OutboxKind.WEBHOOK.posts_to_slack


@pytest.mark.parametrize(("error", "outcome"), [
    (None, Outcome.DELIVERED),
    ("http_503", Outcome.RETRY),
    ("ratelimited", Outcome.RETRY),
    ("connection_error", Outcome.RETRY),
    ("not_in_channel", Outcome.FAILED),
    ("channel_not_found", Outcome.FAILED),
])
def test_slack_outcomes(error: str | None, outcome: Outcome) -> None:
    assert slack_outcome(error) is outcome


@pytest.mark.parametrize(("status", "outcome"), [
    (200, Outcome.DELIVERED), (202, Outcome.DELIVERED), (204, Outcome.DELIVERED),
    (None, Outcome.RETRY), (408, Outcome.RETRY), (429, Outcome.RETRY), (500, Outcome.RETRY),
    (503, Outcome.RETRY), (301, Outcome.FAILED), (400, Outcome.FAILED), (401, Outcome.FAILED),
    (404, Outcome.FAILED),
])
def test_http_outcomes(status: int | None, outcome: Outcome) -> None:
    assert http_outcome(status) is outcome

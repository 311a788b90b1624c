"""The outbox: every post the bot owes, written down before it is tried, and the rules for
retrying, expiring and giving up. No Slack, no database: the store keeps the items, the
sender (bot/delivery) carries them out.

Ordering: items that share a ``lane`` (one Slack thread, or one hand-off's webhook events)
are delivered in the order they were written; the store only hands out a lane's oldest
pending item, so a retry never lets a later item overtake it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

# Slack message metadata that marks our own posts: the event payload holds the outbox id,
# so a retry after a crash can find a post that went out but was never recorded.
METADATA_EVENT_TYPE = "mfa_bot_outbox"
DEFAULT_CARD_EXPIRY = timedelta(minutes=60)


class OutboxKind(StrEnum):
    CARD = "card"  # the answer to a paste
    CHECKLIST = "checklist"  # the log-collection checklist, posted in the thread
    CHECKLIST_UPDATE = "checklist_update"  # re-render it after a tick
    HANDOFF_MESSAGE = "handoff_message"  # the hand-off in the support channel
    HANDOFF_UPDATE = "handoff_update"  # re-render it after Take it / Resolved
    THREAD_NOTICE = "thread_notice"  # "Sent to support", "Taken by", "Resolved by"
    WEBHOOK = "webhook"  # a hand-off event sent to the ticket system

    @property
    def posts_to_slack(self) -> bool:
        """A new Slack message (as opposed to an update or a webhook call): the kinds that
        carry the outbox id in metadata and are looked for before a re-post."""
        return self in (OutboxKind.CARD, OutboxKind.CHECKLIST, OutboxKind.HANDOFF_MESSAGE,
                        OutboxKind.THREAD_NOTICE)


class OutboxState(StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    EXPIRED = "expired"  # a card that would arrive too late to make sense
    FAILED = "failed"  # an answer that retrying cannot change (channel gone, 400...)


class Outcome(StrEnum):
    DELIVERED = "delivered"
    RETRY = "retry"
    FAILED = "failed"


@dataclass(frozen=True)
class Delivery:
    """What one attempt came to; ``retry_after``: seconds the other side asked to wait."""

    outcome: Outcome
    error: str | None = None
    retry_after: float | None = None


@dataclass(frozen=True)
class NewOutboxItem:
    """An item as the bot writes it; the store numbers and dates it."""

    kind: OutboxKind
    lane: str
    payload: dict[str, Any]
    team_id: str = ""
    handoff_id: int | None = None  # for "hand-offs still undelivered" in /mfa-error stats


@dataclass(frozen=True)
class OutboxBacklog:
    """What is still owed, all replicas together."""

    depth: int
    oldest: datetime | None  # when the oldest pending item was written

    def age(self, now: datetime) -> timedelta:
        return timedelta(0) if self.oldest is None else max(now - self.oldest, timedelta(0))


@dataclass(frozen=True)
class OutboxItem:
    id: int
    kind: OutboxKind
    lane: str  # items of one lane go out in order (see module doc)
    payload: dict[str, Any] | None  # None once delivered, expired or failed
    created_at: datetime
    due_at: datetime  # not tried before this
    attempts: int = 0  # attempts started, the one under way included
    state: OutboxState = OutboxState.PENDING
    last_error: str | None = None
    team_id: str = ""
    handoff_id: int | None = None

    @property
    def tried_before(self) -> bool:
        """An earlier attempt may have reached Slack even if it was never recorded."""
        return self.attempts > 1


def thread_lane(channel: str, thread_ts: str | None) -> str:
    """The lane of posts in one thread (or at the top of one channel)."""
    return f"slack:{channel}:{thread_ts or ''}"


def webhook_lane(handoff_id: int) -> str:
    return f"webhook:{handoff_id}"


def expires(kind: OutboxKind) -> bool:
    """Only a paste's card goes stale: hand-off messages, thread notices, checklists and
    webhook events are owed however late, because someone relies on them."""
    return kind is OutboxKind.CARD


def is_expired(item: OutboxItem, now: datetime, card_expiry: timedelta) -> bool:
    return expires(item.kind) and now - item.created_at > card_expiry


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff, capped, shortened by up to half at random (``jitter`` in
    [0, 1)) so that replicas do not retry in step. No attempt limit: a transient failure is
    retried until it clears, or until a card expires."""

    first: timedelta = timedelta(seconds=2)
    cap: timedelta = timedelta(minutes=5)
    factor: float = 2.0

    def delay(self, attempts: int, jitter: float = 0.0,
              retry_after: float | None = None) -> timedelta:
        """Wait before the next try after ``attempts`` failed ones; a 429's Retry-After is
        a floor."""
        grow = self.first.total_seconds() * self.factor ** max(attempts - 1, 0)
        seconds = min(self.cap.total_seconds(), grow) * (1.0 - min(max(jitter, 0.0), 0.999) / 2)
        if retry_after is not None:
            seconds = max(seconds, min(retry_after, self.cap.total_seconds()))
        return timedelta(seconds=seconds)

    def next_due(self, item: OutboxItem, now: datetime, jitter: float = 0.0,
                 retry_after: float | None = None) -> datetime:
        return now + self.delay(item.attempts, jitter, retry_after)


# Slack errors that another try cannot fix: the item fails and is counted.
PERMANENT_SLACK_ERRORS = frozenset({
    "channel_not_found", "not_in_channel", "is_archived", "invalid_blocks", "invalid_auth",
    "account_inactive", "token_revoked", "missing_scope", "msg_too_long", "no_text",
    "message_not_found", "cant_update_message", "restricted_action", "thread_not_found",
    "invalid_metadata_format", "invalid_metadata_schema",
})


def slack_outcome(error: str | None) -> Outcome:
    """``error`` as bot/slack/errors.py names it (Slack's code, http_<status>,
    connection_error...); None: Slack accepted the call."""
    if error is None:
        return Outcome.DELIVERED
    return Outcome.FAILED if error in PERMANENT_SLACK_ERRORS else Outcome.RETRY


def http_outcome(status: int | None) -> Outcome:
    """A webhook answer: 2xx delivered; no answer, 408, 425, 429 and 5xx retried; any
    other 4xx (a wrong URL, a rejected signature) fails at once."""
    if status is None:
        return Outcome.RETRY
    if 200 <= status <= 299:
        return Outcome.DELIVERED
    if status in (408, 425, 429) or status >= 500:
        return Outcome.RETRY
    return Outcome.FAILED

"""The one storage interface the bot talks to. SQLite and PostgreSQL implement it.

Rules every implementation keeps:
- each method is one short transaction; updates are single atomic statements, never a
  read-modify-write in Python, so concurrent clicks (even on different replicas) all count;
- methods that change state are idempotent and say whether they changed anything;
- no user-written text is stored for statistics: codes and counts only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Protocol

from bot.domain.bundle.report import BundleReport
from bot.domain.checklist import Checklist, ThreadRef
from bot.domain.handoff import Handoff, HandoffForm, HandoffState
from bot.domain.outbox import NewOutboxItem, OutboxBacklog, OutboxItem, OutboxState
from bot.domain.stats import Stats

MAX_BUNDLE_REPORTS = 20  # per thread, newest kept


class StoreError(Exception):
    """A storage failure the caller should report as a short, friendly error."""


class StoreUnavailable(StoreError):
    """The database cannot be reached right now (connection lost, disk gone)."""


# The row ``ping`` writes in the events table; Slack's event IDs start with "Ev".
HEALTH_PROBE_ID = "mfa-bot:healthz"


class Store(Protocol):
    # lifecycle -------------------------------------------------------------------------
    async def ping(self) -> None:
        """Raise StoreUnavailable (or StoreError) when the database cannot answer or cannot
        be written: the check writes and commits one row (HEALTH_PROBE_ID in events)."""

    async def close(self) -> None: ...

    # Events API de-duplication ---------------------------------------------------------
    async def claim_event(self, event_id: str, *, timeout: float | None = None) -> bool:
        """True for the first caller to record ``event_id``; False for every retry.
        TimeoutError after ``timeout`` seconds; the write itself goes on."""

    async def purge_events(self, older_than: datetime) -> int:
        """Forget event IDs recorded before ``older_than``; returns how many."""

    # statistics and feedback (codes and counts, no user text) -------------------------
    async def record_match(self, team_id: str, code: str) -> None:
        """Counted in memory, no round trip: written by ``flush_matches`` (every few
        seconds, before ``stats``, at ``close``). A killed process loses only these."""

    async def flush_matches(self) -> int:
        """Write the counted matches in one transaction; returns how many. On failure
        they are kept for the next flush (up to a bound) and the error is raised."""

    async def record_matches(self, matches: Sequence[tuple[str, str, datetime]]) -> None:
        """Many (team_id, code, at) at once, in one transaction: batched statistics."""

    async def record_feedback(
        self, team_id: str, code: str, message_ts: str, user_id: str, fixed: bool
    ) -> bool:
        """One vote per user per card; a changed vote replaces the old one.
        Returns True when something changed."""

    async def stats(self, team_id: str, since: datetime) -> Stats: ...

    # log-collection checklist ----------------------------------------------------------
    async def create_checklist(
        self, team_id: str, thread: ThreadRef, entry_id: str, step_ids: Sequence[str],
        created_by: str,
    ) -> tuple[Checklist, bool]:
        """At most one checklist per thread: returns (checklist, created)."""

    async def get_checklist(self, thread: ThreadRef) -> Checklist | None: ...

    async def get_checklist_by_id(self, checklist_id: int) -> Checklist | None: ...

    async def set_checklist_message(self, checklist_id: int, message_ts: str) -> None: ...

    async def set_step(
        self, checklist_id: int, step_id: str, done: bool, user_id: str
    ) -> Checklist:
        """Tick or untick one step atomically and return the current state of all steps.
        Ticking a ticked step keeps the first ticker; raises StoreError for unknown IDs."""

    # hand-off to support ---------------------------------------------------------------
    async def create_handoff(
        self, team_id: str, thread: ThreadRef, entry_id: str, form: HandoffForm,
        requested_by: str, support_channel: str,
    ) -> tuple[Handoff, bool]:
        """At most one unresolved hand-off per thread: returns (handoff, created)."""

    async def get_handoff(self, handoff_id: int) -> Handoff | None: ...

    async def get_handoff_for_thread(self, thread: ThreadRef) -> Handoff | None:
        """The newest hand-off of the thread, whatever its state."""

    async def set_handoff_message(self, handoff_id: int, message_ts: str) -> None: ...

    async def take_handoff(self, handoff_id: int, user_id: str) -> tuple[Handoff, bool]:
        """OPEN -> TAKEN by ``user_id``; anything else changes nothing."""

    async def resolve_handoff(self, handoff_id: int, user_id: str) -> tuple[Handoff, bool]:
        """OPEN or TAKEN -> RESOLVED; a resolved hand-off stays as it is."""

    async def list_handoffs(
        self, team_id: str, states: Iterable[HandoffState]
    ) -> list[Handoff]: ...

    async def count_handoffs_by_state(self) -> dict[HandoffState, int]:
        """How many hand-offs are in each state, all teams together; every state is a
        key, zero included. For metrics: read at scrape time, so all replicas agree."""

    # attached log bundles --------------------------------------------------------------
    async def add_bundle_report(self, thread: ThreadRef, report: BundleReport) -> None:
        """Keep what a bundle attached in ``thread`` held, for the hand-off."""

    async def list_bundle_reports(self, thread: ThreadRef) -> list[BundleReport]:
        """The thread's bundle reports, oldest first (at most MAX_BUNDLE_REPORTS)."""

    # outbox: every post the bot owes (bot/domain/outbox.py, bot/delivery/sender.py) ------
    async def enqueue_outbox(
        self, items: Sequence[NewOutboxItem], lease: timedelta
    ) -> tuple[list[OutboxItem], list[OutboxItem]]:
        """Write ``items`` in one transaction: (all of them, those leased to the caller at
        once because nothing was pending before them in their lane)."""

    async def claim_outbox(self, limit: int, lease: timedelta) -> list[OutboxItem]:
        """Lease up to ``limit`` due items, each the oldest pending one of its lane and not
        leased to anyone else (or its lease ran out); counts the attempt. Replicas
        claiming at once get different items."""

    async def retry_outbox(
        self, item_id: int, attempts: int, due_at: datetime, error: str
    ) -> bool:
        """Release the item for another try at ``due_at``. Only the latest claim (its
        ``attempts``) may; returns whether it did."""

    async def finish_outbox(
        self, item_id: int, attempts: int, state: OutboxState, error: str | None
    ) -> bool:
        """Settle the item (delivered, expired, failed) and drop its payload; only the
        latest claim may. Returns whether it did."""

    async def outbox_backlog(self) -> OutboxBacklog:
        """How many items are pending and since when, all teams together."""

    async def undelivered_handoffs(self, team_id: str) -> list[int]:
        """IDs of the team's hand-offs with something still pending (the support message,
        a thread notice, a webhook event)."""

    async def purge_outbox(self, older_than: datetime) -> int:
        """Forget settled items settled before ``older_than``; returns how many."""

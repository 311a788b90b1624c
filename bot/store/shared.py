"""The Store written once, over a small per-backend Database adapter (bot.store.sqlite,
bot.store.postgres): the adapters differ in placeholders, time, row counts and errors,
never in SQL (bot.store.statements) or in what the caller gets back (bot.store.rows)."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable, Coroutine, Iterable, Mapping, Sequence
from contextlib import suppress
from datetime import datetime, timedelta
from typing import Any, Generic, Protocol, Self, TypeVar

import orjson

from bot.domain.bundle.report import BundleReport
from bot.domain.checklist import Checklist, ThreadRef
from bot.domain.handoff import Handoff, HandoffForm, HandoffState
from bot.domain.outbox import NewOutboxItem, OutboxBacklog, OutboxItem, OutboxState
from bot.domain.stats import Stats
from bot.store import statements as sql
from bot.store.base import HEALTH_PROBE_ID, MAX_BUNDLE_REPORTS, StoreError
from bot.store.rows import (
    Row,
    build_stats,
    checklist_from_rows,
    form_to_json,
    handoff_from_row,
    outbox_from_row,
)

Clock = Callable[[], datetime]
Params = Mapping[str, Any]
T = TypeVar("T")
P = TypeVar("P")

log = logging.getLogger(__name__)

# Matches counted but not yet written, at most: beyond this (a long outage) the oldest go.
MAX_PENDING_MATCHES = 100_000
FLUSH_SECONDS = 5.0  # how often counted matches are written: what a kill -9 can lose


class Session(Protocol):
    """Runs statements of bot.store.statements; errors come out as StoreError."""

    async def execute(self, statement: str, params: Params) -> int:
        """Rows changed."""

    async def execute_many(self, statement: str, rows: Sequence[Params]) -> None: ...

    async def fetch_row(self, statement: str, params: Params) -> Row | None: ...

    async def fetch(self, statement: str, params: Params) -> list[Row]: ...


# A transaction's statements, given its session.
Work = Callable[[Session], Coroutine[Any, Any, T]]


class Database(Session, Protocol):
    """Each Session call on the Database itself is a transaction of its own (one round
    trip); ``atomically`` runs several as one transaction, and on SQLite from BEGIN to
    COMMIT without yielding to the event loop, so ``work`` must await nothing but its
    session's statements."""

    async def atomically(self, work: Work[T], *, write: bool, slow: bool = False) -> T:
        """``slow``: the work may take long (a scan of a large table): it must not hold
        up anything else meanwhile (SQLite runs it on its thread)."""

    def to_time(self, moment: datetime) -> Any:
        """A timestamp as the database stores it (raises ValueError if naive)."""

    def from_time(self, value: Any) -> Any:
        """A stored timestamp (None allowed) as an aware UTC datetime."""

    async def close(self) -> None: ...


def _expire(done: asyncio.Future[Any]) -> None:
    if not done.done():
        done.set_exception(TimeoutError())


class GroupCommit(Generic[P, T]):
    """Group commit: calls made while an earlier batch is being written are written
    together by ``write`` (one transaction, one commit), and
    each caller still returns only once its own row is committed. ``write`` gets the
    calls' arguments in order and returns their results in the same order."""

    def __init__(self, write: Callable[[list[P]], Awaitable[list[T]]]) -> None:
        self._write = write
        self._queue: list[tuple[P, asyncio.Future[T]]] = []
        self._writer: asyncio.Task[None] | None = None

    async def __call__(self, args: P, timeout: float | None = None) -> T:
        """``write``'s result for ``args``, or TimeoutError after ``timeout`` seconds (the
        batch is written all the same). Cheaper than a task to abandon on the ack path."""
        loop = asyncio.get_running_loop()
        done: asyncio.Future[T] = loop.create_future()
        self._queue.append((args, done))
        if self._writer is None:
            self._writer = asyncio.create_task(self._drain())
        if timeout is None:
            return await done
        timer = loop.call_later(timeout, _expire, done)
        try:
            return await done
        finally:
            timer.cancel()

    async def _drain(self) -> None:
        try:
            while self._queue:
                batch, self._queue = self._queue, []
                try:
                    results = await self._write([args for args, _ in batch])
                except BaseException as exc:
                    for _, done in batch:
                        if not done.done():
                            done.set_exception(exc)
                    if isinstance(exc, asyncio.CancelledError):
                        raise
                    continue
                for (_, done), result in zip(batch, results, strict=True):
                    if not done.done():  # its caller may have given up (a timeout)
                        done.set_result(result)
        finally:
            self._writer = None


class SqlStore:
    """Implements bot.store.base.Store on any Database."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock
        # The per-event writes, grouped under load (GroupCommit).
        self._claims = GroupCommit(self._claim_events)
        self._finishes = GroupCommit(self._finish_items)
        self._enqueues = GroupCommit(self._enqueue_all)
        self._pending: list[tuple[str, str, datetime]] = []  # matches not yet written
        self._flusher: asyncio.Task[None] | None = None

    @classmethod
    async def _ready(cls, db: Database, setup: Awaitable[None], clock: Clock) -> Self:
        """The store on ``db`` once ``setup`` (connect, migrate) is done; else ``db`` is
        closed and the error raised."""
        try:
            await setup
        except BaseException:
            await db.close()
            raise
        return cls(db, clock)

    def _now(self) -> Any:
        return self._db.to_time(self._clock())

    # lifecycle -------------------------------------------------------------------------
    async def ping(self) -> None:
        await self._db.execute(sql.TOUCH_EVENT, {"event_id": HEALTH_PROBE_ID, "now": self._now()})

    async def close(self) -> None:
        if self._flusher is not None:
            self._flusher.cancel()
            with suppress(asyncio.CancelledError):
                await self._flusher
        try:
            await self.flush_matches()
        except StoreError as exc:
            log.warning("event=matches_lost count=%d error=%s", len(self._pending),
                        type(exc).__name__)
        await self._db.close()

    # events ----------------------------------------------------------------------------
    async def claim_event(self, event_id: str, *, timeout: float | None = None) -> bool:
        return await self._claims({"event_id": event_id, "now": self._now()}, timeout) == 1

    async def _claim_events(self, batch: list[Params]) -> list[int]:
        return await self._each(sql.CLAIM_EVENT, batch, "event_id")

    async def _each(self, statement: str, batch: list[Params], key: str) -> list[int]:
        """``statement`` once per params, in one transaction: rows changed by each. Rows
        are written in ``key`` order, so two replicas' batches never deadlock on
        PostgreSQL."""
        if len(batch) == 1:
            return [await self._db.execute(statement, batch[0])]
        order = sorted(range(len(batch)), key=lambda i: batch[i][key])

        async def write(session: Session) -> list[int]:
            changed = [0] * len(batch)
            for i in order:
                changed[i] = await session.execute(statement, batch[i])
            return changed

        return await self._db.atomically(write, write=True)

    async def _purge(self, statement: str, older_than: datetime) -> int:
        cutoff = {"cutoff": self._db.to_time(older_than)}

        async def purge(session: Session) -> int:
            return await session.execute(statement, cutoff)

        return await self._db.atomically(purge, write=True, slow=True)

    async def purge_events(self, older_than: datetime) -> int:
        return await self._purge(sql.PURGE_EVENTS, older_than)

    # statistics and feedback -----------------------------------------------------------
    async def record_match(self, team_id: str, code: str) -> None:
        self._pending.append((team_id, code, self._clock()))
        del self._pending[:-MAX_PENDING_MATCHES]
        if self._flusher is None:
            self._flusher = asyncio.create_task(self._flush_every(FLUSH_SECONDS))

    async def _flush_every(self, seconds: float) -> None:
        while True:
            await asyncio.sleep(seconds)
            try:
                await self.flush_matches()
            except StoreError as exc:
                log.warning("event=record_match_failed pending=%d error=%s",
                            len(self._pending), type(exc).__name__)

    async def flush_matches(self) -> int:
        batch, self._pending = self._pending, []
        if not batch:
            return 0
        try:
            await self.record_matches(batch)
        except BaseException:
            self._pending[:0] = batch  # kept, in order, for the next flush
            del self._pending[:-MAX_PENDING_MATCHES]
            raise
        return len(batch)

    async def record_matches(self, matches: Sequence[tuple[str, str, datetime]]) -> None:
        """Many (team_id, code, at) in one transaction: the batched statistics."""
        rows = [
            {"team_id": team, "code": code, "now": self._db.to_time(at)}
            for team, code, at in matches
        ]
        if rows:
            async def write(session: Session) -> None:
                await session.execute_many(sql.RECORD_MATCH, rows)

            await self._db.atomically(write, write=True)

    async def record_feedback(
        self, team_id: str, code: str, message_ts: str, user_id: str, fixed: bool
    ) -> bool:
        params = {
            "message_ts": message_ts, "code": code, "user_id": user_id, "team_id": team_id,
            "fixed": fixed, "now": self._now(),
        }
        return await self._db.execute(sql.RECORD_FEEDBACK, params) == 1

    async def stats(self, team_id: str, since: datetime) -> Stats:
        params = {"team": team_id, "since": self._db.to_time(since)}
        await self.flush_matches()  # this process's counts are always in what it reads

        async def read(session: Session) -> tuple[list[Row], Row | None, list[Row]]:
            return (await session.fetch(sql.CODE_STATS, params),
                    await session.fetch_row(sql.HANDOFFS_OPENED, params),
                    await session.fetch(sql.HANDOFFS_RESOLVED, params))

        # Up to a year of matches: a scan that must not stop the bot answering meanwhile.
        codes, opened, pairs = await self._db.atomically(read, write=False, slow=True)
        moment = self._db.from_time
        return build_stats(
            since, codes, int(opened["opened"]) if opened else 0,
            [(moment(row["created_at"]), moment(row["resolved_at"])) for row in pairs],
        )

    # checklist -------------------------------------------------------------------------
    async def _load_checklist(
        self, session: Session, statement: str, params: Params
    ) -> Checklist | None:
        row = await session.fetch_row(statement, params)
        if row is None:
            return None
        steps = await session.fetch(sql.CHECKLIST_STEPS, {"id": row["id"]})
        return checklist_from_rows(row, steps, self._db.from_time)

    async def create_checklist(
        self, team_id: str, thread: ThreadRef, entry_id: str, step_ids: Sequence[str],
        created_by: str,
    ) -> tuple[Checklist, bool]:
        where = {"channel": thread.channel, "thread_ts": thread.thread_ts}
        params = where | {"team_id": team_id, "entry_id": entry_id, "created_by": created_by,
                          "now": self._now()}

        async def create(session: Session) -> tuple[Checklist | None, bool]:
            # A concurrent insert for the same thread makes this wait, then do nothing.
            row = await session.fetch_row(sql.CREATE_CHECKLIST, params)
            if row is not None:
                await session.execute_many(sql.ADD_STEP, [
                    {"checklist_id": row["id"], "step_id": step_id, "position": position}
                    for position, step_id in enumerate(step_ids)
                ])
            found = await self._load_checklist(session, sql.CHECKLIST_BY_THREAD, where)
            return found, row is not None

        checklist, created = await self._db.atomically(create, write=True)
        if checklist is None:  # only if the row was deleted between the two statements
            raise StoreError("the checklist vanished while it was being created")
        return checklist, created

    async def _read_checklist(self, statement: str, params: Params) -> Checklist | None:
        async def read(session: Session) -> Checklist | None:
            return await self._load_checklist(session, statement, params)

        return await self._db.atomically(read, write=False)

    async def get_checklist(self, thread: ThreadRef) -> Checklist | None:
        return await self._read_checklist(
            sql.CHECKLIST_BY_THREAD, {"channel": thread.channel, "thread_ts": thread.thread_ts}
        )

    async def get_checklist_by_id(self, checklist_id: int) -> Checklist | None:
        return await self._read_checklist(sql.CHECKLIST_BY_ID, {"id": checklist_id})

    async def set_checklist_message(self, checklist_id: int, message_ts: str) -> None:
        params = {"message_ts": message_ts, "id": checklist_id}
        if not await self._db.execute(sql.SET_CHECKLIST_MESSAGE, params):
            raise StoreError(f"unknown checklist {checklist_id}")

    async def set_step(
        self, checklist_id: int, step_id: str, done: bool, user_id: str
    ) -> Checklist:
        step = {"checklist_id": checklist_id, "step_id": step_id}
        tick = step | {"user_id": user_id, "now": self._now()}

        async def update(session: Session) -> Checklist | None:
            if done:
                await session.execute(sql.TICK_STEP, tick)
            else:
                await session.execute(sql.UNTICK_STEP, step)
            return await self._load_checklist(session, sql.CHECKLIST_BY_ID, {"id": checklist_id})

        checklist = await self._db.atomically(update, write=True)
        if checklist is None or checklist.step(step_id) is None:
            raise StoreError(f"unknown checklist {checklist_id} or step {step_id!r}")
        return checklist

    # hand-off --------------------------------------------------------------------------
    def _handoff(self, row: Row | None) -> Handoff | None:
        return None if row is None else handoff_from_row(row, self._db.from_time)

    async def create_handoff(
        self, team_id: str, thread: ThreadRef, entry_id: str, form: HandoffForm,
        requested_by: str, support_channel: str,
    ) -> tuple[Handoff, bool]:
        where = {"channel": thread.channel, "thread_ts": thread.thread_ts}
        params = where | {
            "team_id": team_id, "entry_id": entry_id, "form": form_to_json(form),
            "requested_by": requested_by, "now": self._now(), "support_channel": support_channel,
        }

        async def create(session: Session) -> tuple[Handoff, bool] | None:
            # Retry covers the blocking hand-off being resolved between the two statements
            # (PostgreSQL; SQLite's write lock keeps it there).
            for _ in range(3):
                created = self._handoff(await session.fetch_row(sql.CREATE_HANDOFF, params))
                if created is not None:
                    return created, True
                existing = self._handoff(await session.fetch_row(sql.UNRESOLVED_HANDOFF, where))
                if existing is not None:
                    return existing, False
            return None

        outcome = await self._db.atomically(create, write=True)
        if outcome is None:
            raise StoreError("could not create the hand-off: the thread kept changing")
        return outcome

    async def get_handoff(self, handoff_id: int) -> Handoff | None:
        return self._handoff(await self._db.fetch_row(sql.HANDOFF_BY_ID, {"id": handoff_id}))

    async def get_handoff_for_thread(self, thread: ThreadRef) -> Handoff | None:
        return self._handoff(await self._db.fetch_row(
            sql.NEWEST_HANDOFF, {"channel": thread.channel, "thread_ts": thread.thread_ts}
        ))

    async def set_handoff_message(self, handoff_id: int, message_ts: str) -> None:
        params = {"message_ts": message_ts, "id": handoff_id}
        if not await self._db.execute(sql.SET_HANDOFF_MESSAGE, params):
            raise StoreError(f"unknown hand-off {handoff_id}")

    async def _transition(
        self, statement: str, handoff_id: int, user_id: str
    ) -> tuple[Handoff, bool]:
        params = {"id": handoff_id, "user_id": user_id, "now": self._now()}

        async def update(session: Session) -> tuple[Handoff | None, bool]:
            changed = self._handoff(await session.fetch_row(statement, params))
            if changed is not None:
                return changed, True
            return self._handoff(await session.fetch_row(sql.HANDOFF_BY_ID, params)), False

        handoff, changed = await self._db.atomically(update, write=True)
        if handoff is None:
            raise StoreError(f"unknown hand-off {handoff_id}")
        return handoff, changed

    async def take_handoff(self, handoff_id: int, user_id: str) -> tuple[Handoff, bool]:
        return await self._transition(sql.TAKE_HANDOFF, handoff_id, user_id)

    async def resolve_handoff(self, handoff_id: int, user_id: str) -> tuple[Handoff, bool]:
        return await self._transition(sql.RESOLVE_HANDOFF, handoff_id, user_id)

    async def count_handoffs_by_state(self) -> dict[HandoffState, int]:
        rows = await self._db.fetch(sql.COUNT_HANDOFFS, {})
        return {state: 0 for state in HandoffState} | {
            HandoffState(row["state"]): int(row["n"]) for row in rows}

    async def list_handoffs(
        self, team_id: str, states: Iterable[HandoffState]
    ) -> list[Handoff]:
        wanted = sorted({HandoffState(s).value for s in states})
        if not wanted:
            return []
        params = {"team_id": team_id} | {f"s{i}": state for i, state in enumerate(wanted)}
        rows = await self._db.fetch(sql.list_handoffs(len(wanted)), params)
        return [handoff_from_row(row, self._db.from_time) for row in rows]

    # attached log bundles --------------------------------------------------------------
    async def add_bundle_report(self, thread: ThreadRef, report: BundleReport) -> None:
        await self._db.execute(sql.ADD_BUNDLE_REPORT, {
            "channel": thread.channel, "thread_ts": thread.thread_ts,
            "report": json.dumps(report.as_dict()), "now": self._now(),
        })

    async def list_bundle_reports(self, thread: ThreadRef) -> list[BundleReport]:
        rows = await self._db.fetch(sql.LIST_BUNDLE_REPORTS, {
            "channel": thread.channel, "thread_ts": thread.thread_ts,
            "limit": MAX_BUNDLE_REPORTS,
        })
        return [BundleReport.from_dict(json.loads(row["report"])) for row in reversed(rows)]

    # outbox ----------------------------------------------------------------------------
    def _items(self, rows: Iterable[Row]) -> list[OutboxItem]:
        return [outbox_from_row(row, self._db.from_time) for row in rows]

    async def enqueue_outbox(
        self, items: Sequence[NewOutboxItem], lease: timedelta
    ) -> tuple[list[OutboxItem], list[OutboxItem]]:
        # Encoded here, so that a payload that cannot be fails its own caller only.
        encoded = [(item, orjson.dumps(item.payload, option=orjson.OPT_SORT_KEYS).decode())
                   for item in items]
        written = await self._enqueues((encoded, lease))
        return written, [item for item in written if item.attempts == 1]

    async def _enqueue_all(
        self, batch: list[tuple[list[tuple[NewOutboxItem, str]], timedelta]]
    ) -> list[list[OutboxItem]]:
        """Several callers' items, each caller's in order, in one transaction."""
        now = self._clock()

        async def enqueue(session: Session) -> list[list[OutboxItem]]:
            written: list[list[OutboxItem]] = []
            for items, lease in batch:
                mine: list[OutboxItem] = []
                for item, payload in items:
                    row = await session.fetch_row(sql.ENQUEUE_OUTBOX, {
                        "kind": item.kind.value, "lane": item.lane,
                        "payload": payload,
                        "team_id": item.team_id, "handoff_id": item.handoff_id,
                        "now": self._db.to_time(now),
                        "lease_until": self._db.to_time(now + lease),
                    })
                    if row is None:
                        raise StoreError("the outbox item was not written")
                    mine.append(outbox_from_row(row, self._db.from_time, item.payload))
                written.append(mine)
            return written

        return await self._db.atomically(enqueue, write=True)

    async def claim_outbox(self, limit: int, lease: timedelta) -> list[OutboxItem]:
        now = self._clock()
        rows = await self._db.fetch(sql.CLAIM_OUTBOX, {
            "now": self._db.to_time(now), "lease_until": self._db.to_time(now + lease),
            "limit": limit,
        })
        return sorted(self._items(rows), key=lambda item: item.id)

    async def retry_outbox(
        self, item_id: int, attempts: int, due_at: datetime, error: str
    ) -> bool:
        return await self._db.execute(sql.RETRY_OUTBOX, {
            "id": item_id, "attempts": attempts, "due_at": self._db.to_time(due_at),
            "error": error[:200],
        }) == 1

    async def finish_outbox(
        self, item_id: int, attempts: int, state: OutboxState, error: str | None
    ) -> bool:
        if state is OutboxState.PENDING:
            raise ValueError("finish_outbox settles an item: delivered, expired or failed")
        return await self._finishes({
            "id": item_id, "attempts": attempts, "state": state.value,
            "error": None if error is None else error[:200], "now": self._now(),
        }) == 1

    async def _finish_items(self, batch: list[Params]) -> list[int]:
        return await self._each(sql.FINISH_OUTBOX, batch, "id")

    async def outbox_backlog(self) -> OutboxBacklog:
        row = await self._db.fetch_row(sql.OUTBOX_BACKLOG, {})
        if row is None:
            return OutboxBacklog(0, None)
        return OutboxBacklog(int(row["depth"]), self._db.from_time(row["oldest"]))

    async def undelivered_handoffs(self, team_id: str) -> list[int]:
        rows = await self._db.fetch(sql.UNDELIVERED_HANDOFFS, {"team_id": team_id})
        return [int(row["handoff_id"]) for row in rows]

    async def purge_outbox(self, older_than: datetime) -> int:
        return await self._purge(sql.PURGE_OUTBOX, older_than)

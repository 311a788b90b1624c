"""SQLite backend: one connection per store, used from one dedicated thread.

The single worker thread serialises this process's calls; ``BEGIN IMMEDIATE`` plus
``busy_timeout`` serialise writers across processes sharing the file, and WAL keeps
readers from blocking them."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from bot.domain.bundle.report import BundleReport
from bot.domain.checklist import Checklist, ThreadRef
from bot.domain.handoff import Handoff, HandoffForm, HandoffState
from bot.domain.stats import Stats
from bot.store import migrations
from bot.store.base import HEALTH_PROBE_ID, MAX_BUNDLE_REPORTS, StoreError, StoreUnavailable
from bot.store.rows import (
    build_stats,
    checklist_from_rows,
    form_to_json,
    handoff_from_row,
    require_aware,
)

T = TypeVar("T")
Clock = Callable[[], datetime]

BUSY_TIMEOUT_MS = 5000
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)

# Primary result codes that mean "the file cannot be used right now", with the hint the
# operator needs; anything else is a plain StoreError.
_UNAVAILABLE_HINTS = {
    sqlite3.SQLITE_CANTOPEN: "cannot open the file (is the directory missing or read-only?)",
    sqlite3.SQLITE_READONLY: "the file or its directory is read-only",
    sqlite3.SQLITE_PERM: "permission denied",
    sqlite3.SQLITE_FULL: "the disk is full",
    sqlite3.SQLITE_IOERR: "disk I/O error",
    sqlite3.SQLITE_BUSY: "another process kept the database locked",
    sqlite3.SQLITE_LOCKED: "another process kept the database locked",
}


def _us(moment: datetime) -> int:
    return (require_aware(moment) - _EPOCH) // _MICROSECOND


def _moment(micros: int) -> datetime:
    return _EPOCH + micros * _MICROSECOND


def _time(micros: int | None) -> datetime | None:
    return None if micros is None else _moment(micros)


def _use_wal(conn: sqlite3.Connection) -> None:
    """Switch the file to WAL (it stays so for every later connection). SQLite answers
    "locked" at once, without the busy timeout, when another process is opening the same
    new file at that moment (replicas or --workers starting together): retry for as long
    as the busy timeout would have waited."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if exc.sqlite_errorcode & 0xFF != sqlite3.SQLITE_BUSY or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


class SqliteStore:
    """Use ``await SqliteStore.open(path)``; implements bot.store.base.Store."""

    def __init__(self, path: Path, clock: Clock) -> None:
        self._path = path
        self._clock = clock
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mfa-bot-sqlite")
        self._conn: sqlite3.Connection | None = None
        self._closed = False

    @classmethod
    async def open(cls, path: Path, clock: Clock) -> SqliteStore:
        store = cls(path, clock)
        try:
            await store._run(store._connect)
        except BaseException:
            await store.close()
            raise
        return store

    # plumbing --------------------------------------------------------------------------
    async def _run(self, fn: Callable[[], T]) -> T:
        if self._closed:
            raise StoreError("the SQLite store is closed")
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, partial(self._guarded, fn))

    def _guarded(self, fn: Callable[[], T]) -> T:
        try:
            return fn()
        except sqlite3.Error as exc:
            raise self._translate(exc) from exc

    def _translate(self, exc: sqlite3.Error) -> StoreError:
        code = getattr(exc, "sqlite_errorcode", None)
        hint = _UNAVAILABLE_HINTS.get(code & 0xFF) if code is not None else None
        if hint is not None:
            return StoreUnavailable(f"SQLite database {self._path} is unavailable: {hint}")
        detail = " ".join(str(exc).split()) or type(exc).__name__
        return StoreError(f"SQLite database {self._path} failed: {detail}")

    def _connect(self) -> None:
        try:
            self._path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreUnavailable(
                f"SQLite database {self._path} is unavailable: cannot create directory "
                f"{self._path.parent} ({exc.strerror or exc})"
            ) from exc
        conn = sqlite3.connect(self._path, isolation_level=None)  # we issue BEGIN ourselves
        self._conn = conn
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        _use_wal(conn)
        conn.execute("PRAGMA synchronous = NORMAL")  # durable enough with WAL, much faster
        conn.execute("PRAGMA foreign_keys = ON")
        self._transaction(self._migrate, write=True)

    @staticmethod
    def _migrate(conn: sqlite3.Connection) -> None:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        latest = len(migrations.SQLITE)
        if version > latest:
            raise StoreError(
                f"the SQLite database has schema version {version}, newer than this "
                f"release knows ({latest}); upgrade mfa-bot"
            )
        for statements in migrations.SQLITE[version:]:
            for statement in statements:
                conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {latest}")

    def _transaction(self, fn: Callable[[sqlite3.Connection], T], *, write: bool) -> T:
        conn = self._conn
        if conn is None:  # closed while this call waited its turn (shutdown)
            raise StoreUnavailable("the SQLite store is closed")
        # IMMEDIATE takes the write lock up front, so busy_timeout applies instead of a
        # deadlock-prone lock upgrade half-way through the transaction.
        conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
        try:
            result = fn(conn)
            conn.execute("COMMIT")
        except BaseException:
            with suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            raise
        return result

    async def _write(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        return await self._run(partial(self._transaction, fn, write=True))

    async def _read(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        return await self._run(partial(self._transaction, fn, write=False))

    def _now(self) -> int:
        return _us(self._clock())

    # lifecycle -------------------------------------------------------------------------
    async def ping(self) -> None:
        # A committed write: a full disk or a read-only file fails here, as real writes do.
        now = self._now()
        await self._write(lambda conn: conn.execute(
            "INSERT INTO events (event_id, received_at) VALUES (?, ?) "
            "ON CONFLICT (event_id) DO UPDATE SET received_at = excluded.received_at",
            (HEALTH_PROBE_ID, now),
        ))

    async def close(self) -> None:
        if self._closed:
            return
        if self._conn is not None:
            conn = self._conn
            self._conn = None
            await asyncio.get_running_loop().run_in_executor(self._executor, conn.close)
        self._closed = True
        self._executor.shutdown(wait=False)

    # events ----------------------------------------------------------------------------
    async def claim_event(self, event_id: str) -> bool:
        now = self._now()
        return await self._write(
            lambda conn: conn.execute(
                "INSERT INTO events (event_id, received_at) VALUES (?, ?) "
                "ON CONFLICT DO NOTHING",
                (event_id, now),
            ).rowcount
            == 1
        )

    async def purge_events(self, older_than: datetime) -> int:
        cutoff = _us(older_than)
        return await self._write(
            lambda conn: conn.execute(
                "DELETE FROM events WHERE received_at < ?", (cutoff,)
            ).rowcount
        )

    # statistics and feedback -----------------------------------------------------------
    async def record_match(self, team_id: str, code: str) -> None:
        now = self._now()
        await self._write(
            lambda conn: conn.execute(
                "INSERT INTO matches (team_id, code, at) VALUES (?, ?, ?)", (team_id, code, now)
            )
        )

    async def record_feedback(
        self, team_id: str, code: str, message_ts: str, user_id: str, fixed: bool
    ) -> bool:
        now = self._now()
        return await self._write(
            lambda conn: conn.execute(
                "INSERT INTO feedback (message_ts, code, user_id, team_id, fixed, at) "
                "VALUES (?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (message_ts, code, user_id) DO UPDATE "
                "SET fixed = excluded.fixed, at = excluded.at "
                "WHERE feedback.fixed <> excluded.fixed",
                (message_ts, code, user_id, team_id, int(fixed), now),
            ).rowcount
            == 1
        )

    async def stats(self, team_id: str, since: datetime) -> Stats:
        params = {"team": team_id, "since": _us(since)}

        def query(conn: sqlite3.Connection) -> Stats:
            codes = conn.execute(
                "SELECT code, SUM(m) AS matches, SUM(f) AS fixed, SUM(nf) AS not_fixed FROM ("
                " SELECT code, 1 AS m, 0 AS f, 0 AS nf FROM matches"
                "  WHERE team_id = :team AND at >= :since"
                " UNION ALL"
                " SELECT code, 0, fixed, 1 - fixed FROM feedback"
                "  WHERE team_id = :team AND at >= :since"
                ") GROUP BY code ORDER BY matches DESC, code",
                params,
            ).fetchall()
            opened = conn.execute(
                "SELECT COUNT(*) FROM handoffs WHERE team_id = :team AND created_at >= :since",
                params,
            ).fetchone()[0]
            pairs = conn.execute(
                "SELECT created_at, resolved_at FROM handoffs "
                "WHERE team_id = :team AND resolved_at >= :since",
                params,
            ).fetchall()
            return build_stats(
                since, codes, opened, [(_moment(a), _moment(b)) for a, b in pairs]
            )

        return await self._read(query)

    # checklist -------------------------------------------------------------------------
    @staticmethod
    def _load_checklist(
        conn: sqlite3.Connection, where: str, params: tuple[Any, ...]
    ) -> Checklist | None:
        row = conn.execute(f"SELECT * FROM checklists WHERE {where}", params).fetchone()
        if row is None:
            return None
        steps = conn.execute(
            "SELECT step_id, done, done_by, done_at FROM checklist_steps "
            "WHERE checklist_id = ? ORDER BY position",
            (row["id"],),
        ).fetchall()
        return checklist_from_rows(row, steps, _time)

    async def create_checklist(
        self, team_id: str, thread: ThreadRef, entry_id: str, step_ids: Sequence[str],
        created_by: str,
    ) -> tuple[Checklist, bool]:
        now = self._now()
        steps = list(step_ids)

        def create(conn: sqlite3.Connection) -> tuple[Checklist, bool]:
            row = conn.execute(
                "INSERT INTO checklists "
                "(team_id, channel, thread_ts, entry_id, created_by, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (channel, thread_ts) DO NOTHING "
                "RETURNING id",
                (team_id, thread.channel, thread.thread_ts, entry_id, created_by, now),
            ).fetchone()
            if row is not None:
                conn.executemany(
                    "INSERT INTO checklist_steps (checklist_id, step_id, position) "
                    "VALUES (?, ?, ?)",
                    [(row["id"], step_id, pos) for pos, step_id in enumerate(steps)],
                )
            checklist = self._load_checklist(
                conn, "channel = ? AND thread_ts = ?", (thread.channel, thread.thread_ts)
            )
            assert checklist is not None  # inserted or kept by the statement above
            return checklist, row is not None

        return await self._write(create)

    async def get_checklist(self, thread: ThreadRef) -> Checklist | None:
        return await self._read(
            lambda conn: self._load_checklist(
                conn, "channel = ? AND thread_ts = ?", (thread.channel, thread.thread_ts)
            )
        )

    async def get_checklist_by_id(self, checklist_id: int) -> Checklist | None:
        return await self._read(
            lambda conn: self._load_checklist(conn, "id = ?", (checklist_id,))
        )

    async def set_checklist_message(self, checklist_id: int, message_ts: str) -> None:
        def update(conn: sqlite3.Connection) -> None:
            changed = conn.execute(
                "UPDATE checklists SET message_ts = ? WHERE id = ?", (message_ts, checklist_id)
            ).rowcount
            if not changed:
                raise StoreError(f"unknown checklist {checklist_id}")

        await self._write(update)

    async def set_step(
        self, checklist_id: int, step_id: str, done: bool, user_id: str
    ) -> Checklist:
        now = self._now()

        def update(conn: sqlite3.Connection) -> Checklist:
            if done:  # "AND done = 0": a second tick keeps the first ticker
                conn.execute(
                    "UPDATE checklist_steps SET done = 1, done_by = ?, done_at = ? "
                    "WHERE checklist_id = ? AND step_id = ? AND done = 0",
                    (user_id, now, checklist_id, step_id),
                )
            else:
                conn.execute(
                    "UPDATE checklist_steps SET done = 0, done_by = NULL, done_at = NULL "
                    "WHERE checklist_id = ? AND step_id = ?",
                    (checklist_id, step_id),
                )
            checklist = self._load_checklist(conn, "id = ?", (checklist_id,))
            if checklist is None or checklist.step(step_id) is None:
                raise StoreError(f"unknown checklist {checklist_id} or step {step_id!r}")
            return checklist

        return await self._write(update)

    # hand-off --------------------------------------------------------------------------
    async def create_handoff(
        self, team_id: str, thread: ThreadRef, entry_id: str, form: HandoffForm,
        requested_by: str, support_channel: str,
    ) -> tuple[Handoff, bool]:
        now = self._now()

        def create(conn: sqlite3.Connection) -> tuple[Handoff, bool]:
            row = conn.execute(
                "INSERT INTO handoffs (team_id, channel, thread_ts, entry_id, form, "
                "requested_by, created_at, support_channel) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (channel, thread_ts) WHERE state <> 'resolved' DO NOTHING "
                "RETURNING *",
                (team_id, thread.channel, thread.thread_ts, entry_id, form_to_json(form),
                 requested_by, now, support_channel),
            ).fetchone()
            if row is not None:
                return handoff_from_row(row, _time), True
            # BEGIN IMMEDIATE holds the write lock, so the blocking row is still there.
            existing = conn.execute(
                "SELECT * FROM handoffs WHERE channel = ? AND thread_ts = ? "
                "AND state <> 'resolved'",
                (thread.channel, thread.thread_ts),
            ).fetchone()
            return handoff_from_row(existing, _time), False

        return await self._write(create)

    async def get_handoff(self, handoff_id: int) -> Handoff | None:
        def get(conn: sqlite3.Connection) -> Handoff | None:
            row = conn.execute("SELECT * FROM handoffs WHERE id = ?", (handoff_id,)).fetchone()
            return None if row is None else handoff_from_row(row, _time)

        return await self._read(get)

    async def get_handoff_for_thread(self, thread: ThreadRef) -> Handoff | None:
        def get(conn: sqlite3.Connection) -> Handoff | None:
            row = conn.execute(
                "SELECT * FROM handoffs WHERE channel = ? AND thread_ts = ? "
                "ORDER BY created_at DESC, id DESC LIMIT 1",
                (thread.channel, thread.thread_ts),
            ).fetchone()
            return None if row is None else handoff_from_row(row, _time)

        return await self._read(get)

    async def set_handoff_message(self, handoff_id: int, message_ts: str) -> None:
        def update(conn: sqlite3.Connection) -> None:
            changed = conn.execute(
                "UPDATE handoffs SET support_message_ts = ? WHERE id = ?",
                (message_ts, handoff_id),
            ).rowcount
            if not changed:
                raise StoreError(f"unknown hand-off {handoff_id}")

        await self._write(update)

    async def _transition(
        self, handoff_id: int, assignments: str, from_states: str, params: tuple[Any, ...]
    ) -> tuple[Handoff, bool]:
        def update(conn: sqlite3.Connection) -> tuple[Handoff, bool]:
            row = conn.execute(
                f"UPDATE handoffs SET {assignments} "
                f"WHERE id = ? AND state IN ({from_states}) RETURNING *",
                (*params, handoff_id),
            ).fetchone()
            if row is not None:
                return handoff_from_row(row, _time), True
            row = conn.execute("SELECT * FROM handoffs WHERE id = ?", (handoff_id,)).fetchone()
            if row is None:
                raise StoreError(f"unknown hand-off {handoff_id}")
            return handoff_from_row(row, _time), False

        return await self._write(update)

    async def take_handoff(self, handoff_id: int, user_id: str) -> tuple[Handoff, bool]:
        return await self._transition(
            handoff_id, "state = 'taken', assignee = ?, taken_at = ?", "'open'",
            (user_id, self._now()),
        )

    async def resolve_handoff(self, handoff_id: int, user_id: str) -> tuple[Handoff, bool]:
        return await self._transition(
            handoff_id, "state = 'resolved', resolved_by = ?, resolved_at = ?",
            "'open', 'taken'", (user_id, self._now()),
        )

    async def count_handoffs_by_state(self) -> dict[HandoffState, int]:
        def query(conn: sqlite3.Connection) -> dict[HandoffState, int]:
            rows = conn.execute("SELECT state, COUNT(*) FROM handoffs GROUP BY state")
            return {state: 0 for state in HandoffState} | {
                HandoffState(state): count for state, count in rows.fetchall()}

        return await self._read(query)

    async def list_handoffs(
        self, team_id: str, states: Iterable[HandoffState]
    ) -> list[Handoff]:
        wanted = sorted({HandoffState(s).value for s in states})
        if not wanted:
            return []
        marks = ", ".join("?" * len(wanted))

        def query(conn: sqlite3.Connection) -> list[Handoff]:
            rows = conn.execute(
                f"SELECT * FROM handoffs WHERE team_id = ? AND state IN ({marks}) "
                "ORDER BY created_at DESC, id DESC",
                (team_id, *wanted),
            ).fetchall()
            return [handoff_from_row(row, _time) for row in rows]

        return await self._read(query)

    # attached log bundles --------------------------------------------------------------
    async def add_bundle_report(self, thread: ThreadRef, report: BundleReport) -> None:
        def insert(conn: sqlite3.Connection) -> None:
            conn.execute(
                "INSERT INTO bundle_reports (channel, thread_ts, report, created_at) "
                "VALUES (?, ?, ?, ?)",
                (thread.channel, thread.thread_ts, json.dumps(report.as_dict()), self._now()),
            )

        await self._write(insert)

    async def list_bundle_reports(self, thread: ThreadRef) -> list[BundleReport]:
        def query(conn: sqlite3.Connection) -> list[BundleReport]:
            rows = conn.execute(
                "SELECT report FROM bundle_reports WHERE channel = ? AND thread_ts = ? "
                "ORDER BY id DESC LIMIT ?",
                (thread.channel, thread.thread_ts, MAX_BUNDLE_REPORTS),
            ).fetchall()
            return [BundleReport.from_dict(json.loads(row["report"])) for row in reversed(rows)]

        return await self._read(query)

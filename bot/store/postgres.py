"""PostgreSQL backend for several replicas: an asyncpg pool, every change one atomic
statement (or one short transaction), migrations serialised by an advisory lock."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from contextlib import asynccontextmanager, suppress
from datetime import datetime
from typing import Any

import asyncpg

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
from bot.store.url import PostgresURL

Clock = Callable[[], datetime]

POOL_MIN, POOL_MAX = 1, 10
CONNECT_TIMEOUT = 5.0  # seconds to open one connection
ACQUIRE_TIMEOUT = 10.0  # seconds to wait for a free pooled connection
COMMAND_TIMEOUT = 15.0  # default per-statement limit
CLOSE_TIMEOUT = 5.0

# Errors that mean "the server cannot be reached or dropped us", not "the query is wrong".
_UNAVAILABLE = (
    OSError,
    TimeoutError,
    asyncpg.PostgresConnectionError,  # includes ConnectionDoesNotExistError
    asyncpg.exceptions.OperatorInterventionError,  # admin shutdown, server restarting
    asyncpg.exceptions.InsufficientResourcesError,  # too many connections, disk full
    # The server's goodbye on a killed backend can land mid-call and leave the protocol
    # state confused; the connection is dead either way.
    asyncpg.exceptions.InternalClientError,
)


def application_name(schema: str | None) -> str:
    """What pg_stat_activity shows for this store's connections."""
    return f"mfa-bot/{schema}" if schema else "mfa-bot"


def _same(value: Any) -> Any:
    return value  # asyncpg already returns aware UTC datetimes for TIMESTAMPTZ


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def _count(status: str) -> int:
    """Rows affected, from a command tag such as ``INSERT 0 1`` or ``DELETE 3``."""
    return int(status.rsplit(" ", 1)[-1])


class PostgresStore:
    """Use ``await PostgresStore.open(url)``; implements bot.store.base.Store."""

    def __init__(self, pool: asyncpg.Pool, clock: Clock, where: str) -> None:
        self._pool = pool
        self._clock = clock
        self._where = where

    @classmethod
    async def open(cls, url: PostgresURL, clock: Clock) -> PostgresStore:
        settings = {"application_name": application_name(url.schema)}
        if url.schema:
            settings["search_path"] = url.schema
        try:
            pool = await asyncpg.create_pool(
                url.dsn, min_size=POOL_MIN, max_size=POOL_MAX, server_settings=settings,
                timeout=CONNECT_TIMEOUT, command_timeout=COMMAND_TIMEOUT,
            )
        except _UNAVAILABLE as exc:
            raise StoreUnavailable(
                f"PostgreSQL at {url.where} is unavailable: {_one_line(exc)}"
            ) from exc
        except asyncpg.PostgresError as exc:  # bad database name, authentication...
            raise StoreError(f"PostgreSQL at {url.where} refused: {_one_line(exc)}") from exc
        store = cls(pool, clock, url.where)
        try:
            await store._migrate(url.schema)
        except BaseException:
            await store.close()
            raise
        return store

    # plumbing --------------------------------------------------------------------------
    @asynccontextmanager
    async def _connection(self) -> AsyncIterator[asyncpg.Connection]:
        try:
            async with self._pool.acquire(timeout=ACQUIRE_TIMEOUT) as conn:
                try:
                    yield conn
                except _UNAVAILABLE:
                    # Never hand a half-dead connection back (one that closed itself is
                    # already detached), and since a server restart kills every connection,
                    # have the idle ones replaced too: the next call gets a fresh one.
                    with suppress(asyncpg.InterfaceError):
                        conn.terminate()
                    await self._pool.expire_connections()
                    raise
        except _UNAVAILABLE as exc:
            raise StoreUnavailable(
                f"PostgreSQL at {self._where} is unavailable: {_one_line(exc)}"
            ) from exc
        except asyncpg.PostgresError as exc:
            raise StoreError(f"PostgreSQL at {self._where} failed: {_one_line(exc)}") from exc

    async def _migrate(self, schema: str | None) -> None:
        latest = len(migrations.POSTGRES)
        async with self._connection() as conn, conn.transaction():
            # Replicas starting together queue here; the lock ends with the transaction.
            await conn.execute(
                "SELECT pg_advisory_xact_lock(hashtext($1))", application_name(schema)
            )
            if schema:  # validated by the URL parser: lower-case letters, digits, _
                await conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
            await conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_version ("
                " version INTEGER PRIMARY KEY,"
                " applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
            )
            version = await conn.fetchval("SELECT COALESCE(MAX(version), 0) FROM schema_version")
            if version > latest:
                raise StoreError(
                    f"the PostgreSQL schema has version {version}, newer than this "
                    f"release knows ({latest}); upgrade mfa-bot"
                )
            for number, statements in enumerate(migrations.POSTGRES[version:], version + 1):
                for statement in statements:
                    await conn.execute(statement)
                await conn.execute("INSERT INTO schema_version (version) VALUES ($1)", number)

    def _now(self) -> datetime:
        return require_aware(self._clock())

    # lifecycle -------------------------------------------------------------------------
    async def ping(self) -> None:
        # A committed write: a read-only or full server fails here, as real writes do.
        async with self._connection() as conn:
            await conn.execute(
                "INSERT INTO events (event_id, received_at) VALUES ($1, $2) "
                "ON CONFLICT (event_id) DO UPDATE SET received_at = EXCLUDED.received_at",
                HEALTH_PROBE_ID, self._now(),
            )

    async def close(self) -> None:
        try:
            await asyncio.wait_for(self._pool.close(), CLOSE_TIMEOUT)
        except TimeoutError:
            self._pool.terminate()

    # events ----------------------------------------------------------------------------
    async def claim_event(self, event_id: str) -> bool:
        async with self._connection() as conn:
            status = await conn.execute(
                "INSERT INTO events (event_id, received_at) VALUES ($1, $2) "
                "ON CONFLICT DO NOTHING",
                event_id, self._now(),
            )
        return _count(status) == 1

    async def purge_events(self, older_than: datetime) -> int:
        async with self._connection() as conn:
            status = await conn.execute(
                "DELETE FROM events WHERE received_at < $1", require_aware(older_than)
            )
        return _count(status)

    # statistics and feedback -----------------------------------------------------------
    async def record_match(self, team_id: str, code: str) -> None:
        async with self._connection() as conn:
            await conn.execute(
                "INSERT INTO matches (team_id, code, at) VALUES ($1, $2, $3)",
                team_id, code, self._now(),
            )

    async def record_feedback(
        self, team_id: str, code: str, message_ts: str, user_id: str, fixed: bool
    ) -> bool:
        async with self._connection() as conn:
            status = await conn.execute(
                "INSERT INTO feedback (message_ts, code, user_id, team_id, fixed, at) "
                "VALUES ($1, $2, $3, $4, $5, $6) "
                "ON CONFLICT (message_ts, code, user_id) DO UPDATE "
                "SET fixed = excluded.fixed, at = excluded.at "
                "WHERE feedback.fixed <> excluded.fixed",
                message_ts, code, user_id, team_id, fixed, self._now(),
            )
        return _count(status) == 1

    async def stats(self, team_id: str, since: datetime) -> Stats:
        require_aware(since)
        async with self._connection() as conn, conn.transaction(
            isolation="repeatable_read", readonly=True
        ):
            codes = await conn.fetch(
                "SELECT code, SUM(m) AS matches, SUM(f) AS fixed, SUM(nf) AS not_fixed FROM ("
                " SELECT code, 1 AS m, 0 AS f, 0 AS nf FROM matches"
                "  WHERE team_id = $1 AND at >= $2"
                " UNION ALL"
                " SELECT code, 0, CASE WHEN fixed THEN 1 ELSE 0 END,"
                "  CASE WHEN fixed THEN 0 ELSE 1 END FROM feedback"
                "  WHERE team_id = $1 AND at >= $2"
                # COLLATE "C": byte order, the same as SQLite's, whatever the server locale
                ') AS votes GROUP BY code ORDER BY matches DESC, code COLLATE "C"',
                team_id, since,
            )
            opened = await conn.fetchval(
                "SELECT COUNT(*) FROM handoffs WHERE team_id = $1 AND created_at >= $2",
                team_id, since,
            )
            pairs = await conn.fetch(
                "SELECT created_at, resolved_at FROM handoffs "
                "WHERE team_id = $1 AND resolved_at >= $2",
                team_id, since,
            )
        return build_stats(since, codes, opened, [(a, b) for a, b in pairs])

    # checklist -------------------------------------------------------------------------
    @staticmethod
    async def _load_checklist(
        conn: asyncpg.Connection, where: str, *params: Any
    ) -> Checklist | None:
        row = await conn.fetchrow(f"SELECT * FROM checklists WHERE {where}", *params)
        if row is None:
            return None
        steps = await conn.fetch(
            "SELECT step_id, done, done_by, done_at FROM checklist_steps "
            "WHERE checklist_id = $1 ORDER BY position",
            row["id"],
        )
        return checklist_from_rows(row, steps, _same)

    async def create_checklist(
        self, team_id: str, thread: ThreadRef, entry_id: str, step_ids: Sequence[str],
        created_by: str,
    ) -> tuple[Checklist, bool]:
        async with self._connection() as conn, conn.transaction():
            # A concurrent insert for the same thread makes this wait, then do nothing.
            new_id = await conn.fetchval(
                "INSERT INTO checklists "
                "(team_id, channel, thread_ts, entry_id, created_by, created_at) "
                "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (channel, thread_ts) DO NOTHING "
                "RETURNING id",
                team_id, thread.channel, thread.thread_ts, entry_id, created_by, self._now(),
            )
            if new_id is not None:
                await conn.executemany(
                    "INSERT INTO checklist_steps (checklist_id, step_id, position) "
                    "VALUES ($1, $2, $3)",
                    [(new_id, step_id, pos) for pos, step_id in enumerate(step_ids)],
                )
            checklist = await self._load_checklist(
                conn, "channel = $1 AND thread_ts = $2", thread.channel, thread.thread_ts
            )
        if checklist is None:  # only if the row was deleted between the two statements
            raise StoreError("the checklist vanished while it was being created")
        return checklist, new_id is not None

    async def get_checklist(self, thread: ThreadRef) -> Checklist | None:
        async with self._connection() as conn, conn.transaction(readonly=True):
            return await self._load_checklist(
                conn, "channel = $1 AND thread_ts = $2", thread.channel, thread.thread_ts
            )

    async def get_checklist_by_id(self, checklist_id: int) -> Checklist | None:
        async with self._connection() as conn, conn.transaction(readonly=True):
            return await self._load_checklist(conn, "id = $1", checklist_id)

    async def set_checklist_message(self, checklist_id: int, message_ts: str) -> None:
        async with self._connection() as conn:
            status = await conn.execute(
                "UPDATE checklists SET message_ts = $1 WHERE id = $2", message_ts, checklist_id
            )
        if not _count(status):
            raise StoreError(f"unknown checklist {checklist_id}")

    async def set_step(
        self, checklist_id: int, step_id: str, done: bool, user_id: str
    ) -> Checklist:
        async with self._connection() as conn, conn.transaction():
            if done:  # "AND NOT done": a second tick keeps the first ticker
                await conn.execute(
                    "UPDATE checklist_steps SET done = TRUE, done_by = $1, done_at = $2 "
                    "WHERE checklist_id = $3 AND step_id = $4 AND NOT done",
                    user_id, self._now(), checklist_id, step_id,
                )
            else:
                await conn.execute(
                    "UPDATE checklist_steps SET done = FALSE, done_by = NULL, done_at = NULL "
                    "WHERE checklist_id = $1 AND step_id = $2",
                    checklist_id, step_id,
                )
            checklist = await self._load_checklist(conn, "id = $1", checklist_id)
        if checklist is None or checklist.step(step_id) is None:
            raise StoreError(f"unknown checklist {checklist_id} or step {step_id!r}")
        return checklist

    # hand-off --------------------------------------------------------------------------
    async def create_handoff(
        self, team_id: str, thread: ThreadRef, entry_id: str, form: HandoffForm,
        requested_by: str, support_channel: str,
    ) -> tuple[Handoff, bool]:
        async with self._connection() as conn, conn.transaction():
            # Retry covers the blocking hand-off being resolved between the two statements.
            for _ in range(3):
                row = await conn.fetchrow(
                    "INSERT INTO handoffs (team_id, channel, thread_ts, entry_id, form, "
                    "requested_by, created_at, support_channel) "
                    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
                    "ON CONFLICT (channel, thread_ts) WHERE state <> 'resolved' DO NOTHING "
                    "RETURNING *",
                    team_id, thread.channel, thread.thread_ts, entry_id, form_to_json(form),
                    requested_by, self._now(), support_channel,
                )
                if row is not None:
                    return handoff_from_row(row, _same), True
                row = await conn.fetchrow(
                    "SELECT * FROM handoffs WHERE channel = $1 AND thread_ts = $2 "
                    "AND state <> 'resolved'",
                    thread.channel, thread.thread_ts,
                )
                if row is not None:
                    return handoff_from_row(row, _same), False
        raise StoreError("could not create the hand-off: the thread kept changing")

    async def get_handoff(self, handoff_id: int) -> Handoff | None:
        async with self._connection() as conn:
            row = await conn.fetchrow("SELECT * FROM handoffs WHERE id = $1", handoff_id)
        return None if row is None else handoff_from_row(row, _same)

    async def get_handoff_for_thread(self, thread: ThreadRef) -> Handoff | None:
        async with self._connection() as conn:
            row = await conn.fetchrow(
                "SELECT * FROM handoffs WHERE channel = $1 AND thread_ts = $2 "
                "ORDER BY created_at DESC, id DESC LIMIT 1",
                thread.channel, thread.thread_ts,
            )
        return None if row is None else handoff_from_row(row, _same)

    async def set_handoff_message(self, handoff_id: int, message_ts: str) -> None:
        async with self._connection() as conn:
            status = await conn.execute(
                "UPDATE handoffs SET support_message_ts = $1 WHERE id = $2",
                message_ts, handoff_id,
            )
        if not _count(status):
            raise StoreError(f"unknown hand-off {handoff_id}")

    async def _transition(
        self, handoff_id: int, assignments: str, from_states: str, *params: Any
    ) -> tuple[Handoff, bool]:
        async with self._connection() as conn:
            row = await conn.fetchrow(
                f"UPDATE handoffs SET {assignments} "
                f"WHERE id = $3 AND state IN ({from_states}) RETURNING *",
                *params, handoff_id,
            )
            if row is not None:
                return handoff_from_row(row, _same), True
            row = await conn.fetchrow("SELECT * FROM handoffs WHERE id = $1", handoff_id)
        if row is None:
            raise StoreError(f"unknown hand-off {handoff_id}")
        return handoff_from_row(row, _same), False

    async def take_handoff(self, handoff_id: int, user_id: str) -> tuple[Handoff, bool]:
        return await self._transition(
            handoff_id, "state = 'taken', assignee = $1, taken_at = $2", "'open'",
            user_id, self._now(),
        )

    async def resolve_handoff(self, handoff_id: int, user_id: str) -> tuple[Handoff, bool]:
        return await self._transition(
            handoff_id, "state = 'resolved', resolved_by = $1, resolved_at = $2",
            "'open', 'taken'", user_id, self._now(),
        )

    async def count_handoffs_by_state(self) -> dict[HandoffState, int]:
        async with self._connection() as conn:
            rows = await conn.fetch("SELECT state, COUNT(*) AS n FROM handoffs GROUP BY state")
        return {state: 0 for state in HandoffState} | {
            HandoffState(row["state"]): row["n"] for row in rows}

    async def list_handoffs(
        self, team_id: str, states: Iterable[HandoffState]
    ) -> list[Handoff]:
        wanted = sorted({HandoffState(s).value for s in states})
        if not wanted:
            return []
        async with self._connection() as conn:
            rows = await conn.fetch(
                "SELECT * FROM handoffs WHERE team_id = $1 AND state = ANY($2::text[]) "
                "ORDER BY created_at DESC, id DESC",
                team_id, wanted,
            )
        return [handoff_from_row(row, _same) for row in rows]

    # attached log bundles --------------------------------------------------------------
    async def add_bundle_report(self, thread: ThreadRef, report: BundleReport) -> None:
        async with self._connection() as conn:
            await conn.execute(
                "INSERT INTO bundle_reports (channel, thread_ts, report, created_at) "
                "VALUES ($1, $2, $3, $4)",
                thread.channel, thread.thread_ts, json.dumps(report.as_dict()), self._now(),
            )

    async def list_bundle_reports(self, thread: ThreadRef) -> list[BundleReport]:
        async with self._connection() as conn:
            rows = await conn.fetch(
                "SELECT report FROM bundle_reports WHERE channel = $1 AND thread_ts = $2 "
                "ORDER BY id DESC LIMIT $3",
                thread.channel, thread.thread_ts, MAX_BUNDLE_REPORTS,
            )
        return [BundleReport.from_dict(json.loads(row["report"])) for row in reversed(rows)]

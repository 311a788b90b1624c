"""PostgreSQL backend for several replicas: an asyncpg pool, every change one atomic
statement (or one short transaction), migrations serialised by an advisory lock."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager, suppress
from datetime import datetime
from typing import Any

import asyncpg

from bot.store import dialect, migrations
from bot.store.base import StoreError, StoreUnavailable
from bot.store.rows import Row, require_aware
from bot.store.shared import Clock, Params, SqlStore, T, Work
from bot.store.url import PostgresURL

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


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def _count(status: str) -> int:
    """Rows affected, from a command tag such as ``INSERT 0 1`` or ``DELETE 3``."""
    return int(status.rsplit(" ", 1)[-1])


class PostgresDatabase:
    """The PostgreSQL adapter of bot.store.shared.Database: a call on it takes a pooled
    connection for one statement; ``atomically()`` keeps one for several."""

    def __init__(self, pool: asyncpg.Pool, where: str) -> None:
        self._pool = pool
        self._where = where

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

    async def migrate(self, schema: str | None) -> None:
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

    # Database --------------------------------------------------------------------------
    async def execute(self, statement: str, params: Params) -> int:
        async with self._connection() as conn:
            return await _Session(conn).execute(statement, params)

    async def execute_many(self, statement: str, rows: Sequence[Params]) -> None:
        async with self._connection() as conn:
            await _Session(conn).execute_many(statement, rows)

    async def fetch_row(self, statement: str, params: Params) -> Row | None:
        async with self._connection() as conn:
            return await _Session(conn).fetch_row(statement, params)

    async def fetch(self, statement: str, params: Params) -> list[Row]:
        async with self._connection() as conn:
            return await _Session(conn).fetch(statement, params)

    async def atomically(self, work: Work[T], *, write: bool, slow: bool = False) -> T:
        # ``slow`` changes nothing here: every query already waits without blocking.
        # Reads see one snapshot (stats reads three tables); writes keep the default.
        options: dict[str, Any] = {} if write else {
            "isolation": "repeatable_read", "readonly": True}
        async with self._connection() as conn, conn.transaction(**options):
            return await work(_Session(conn))

    def to_time(self, moment: datetime) -> datetime:
        return require_aware(moment)

    def from_time(self, value: Any) -> Any:
        return value  # asyncpg already returns aware UTC datetimes for TIMESTAMPTZ

    async def close(self) -> None:
        try:
            await asyncio.wait_for(self._pool.close(), CLOSE_TIMEOUT)
        except TimeoutError:
            self._pool.terminate()


class _Session:
    """Statements on one connection (errors are translated by the caller's
    ``PostgresDatabase._connection``)."""

    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def execute(self, statement: str, params: Params) -> int:
        sql, args = dialect.POSTGRES.arguments(statement, params)
        return _count(await self._conn.execute(sql, *args))

    async def execute_many(self, statement: str, rows: Sequence[Params]) -> None:
        sql, names = dialect.POSTGRES.render(statement)
        await self._conn.executemany(sql, [[row[name] for name in names] for row in rows])

    async def fetch_row(self, statement: str, params: Params) -> Row | None:
        sql, args = dialect.POSTGRES.arguments(statement, params)
        row: Row | None = await self._conn.fetchrow(sql, *args)
        return row

    async def fetch(self, statement: str, params: Params) -> list[Row]:
        sql, args = dialect.POSTGRES.arguments(statement, params)
        return list(await self._conn.fetch(sql, *args))


class PostgresStore(SqlStore):
    """Use ``await PostgresStore.open(url)``; implements bot.store.base.Store."""

    _db: PostgresDatabase

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
        db = PostgresDatabase(pool, url.where)
        return await cls._ready(db, db.migrate(url.schema), clock)

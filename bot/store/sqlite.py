"""SQLite backend: one connection per store, used from one dedicated thread.

The single worker thread serialises this process's calls; ``BEGIN IMMEDIATE`` plus
``busy_timeout`` serialise writers across processes sharing the file, and WAL keeps
readers from blocking them. Every call on the Database, ``atomically`` included, is one
transaction run in one trip to the thread."""

from __future__ import annotations

import asyncio
import fcntl
import os
import sqlite3
import time
from collections.abc import Callable, Coroutine, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from bot.store import dialect, migrations
from bot.store.base import StoreError, StoreUnavailable
from bot.store.rows import Row, require_aware
from bot.store.shared import Clock, Params, SqlStore, Work

T = TypeVar("T")

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


# What one statement does with the cursor: rows changed, one row, all rows.
def _rowcount(cursor: sqlite3.Cursor) -> int:
    return cursor.rowcount


def _fetchone(cursor: sqlite3.Cursor) -> Row | None:
    row: Row | None = cursor.fetchone()
    return row


def _fetchall(cursor: sqlite3.Cursor) -> list[Row]:
    return cursor.fetchall()


class SqliteDatabase:
    """The SQLite adapter of bot.store.shared.Database."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mfa-bot-sqlite")
        self._conn: sqlite3.Connection | None = None
        self._closed = False
        self._writers: int | None = None  # descriptor of the writers' lock file
        self._writing = False

    # plumbing --------------------------------------------------------------------------
    async def run(self, fn: Callable[[], T]) -> T:
        """``fn`` on the store's thread; sqlite3 errors come out as StoreError."""
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

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:  # closed while this call waited its turn (shutdown)
            raise StoreUnavailable("the SQLite store is closed")
        return self._conn

    def connect(self) -> None:
        try:
            self._path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreUnavailable(
                f"SQLite database {self._path} is unavailable: cannot create directory "
                f"{self._path.parent} ({exc.strerror or exc})"
            ) from exc
        with suppress(OSError):  # without it (read-only directory) SQLite still locks
            self._writers = os.open(f"{self._path}-writers", os.O_RDWR | os.O_CREAT, 0o600)
        conn = sqlite3.connect(self._path, isolation_level=None)  # we issue BEGIN ourselves
        self._conn = conn
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        _use_wal(conn)
        conn.execute("PRAGMA synchronous = NORMAL")  # durable enough with WAL, much faster
        conn.execute("PRAGMA foreign_keys = ON")
        self._begin(write=True)
        self._finish(self._migrate, conn)

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

    def _begin(self, *, write: bool) -> None:
        # IMMEDIATE takes the write lock up front, so busy_timeout applies instead of a
        # deadlock-prone lock upgrade half-way through the transaction.
        conn = self._connection()
        if write:
            self._queue_for_writing()
        try:
            conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
        except BaseException:
            self._done_writing()
            raise

    def _finish(self, fn: Callable[[sqlite3.Connection], T], conn: sqlite3.Connection) -> T:
        try:
            result = fn(conn)
            conn.execute("COMMIT")
        except BaseException:
            with suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            raise
        finally:
            self._done_writing()
        return result

    def _queue_for_writing(self) -> None:
        """Processes sharing the file (--workers, replicas on one host) queue for writing on
        a lock file, tried every half millisecond: SQLite's busy handler sleeps up to 100 ms
        between tries, so under steady writes one process starved the other's claims past
        their ack budget. A holder that hangs is waited for only as long as busy_timeout;
        then SQLite's own locking decides."""
        if self._writers is None:
            return
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        while True:
            try:
                fcntl.flock(self._writers, fcntl.LOCK_EX | fcntl.LOCK_NB)
                self._writing = True
                return
            except BlockingIOError:
                if time.monotonic() > deadline:
                    return
                time.sleep(0.0005)

    def _done_writing(self) -> None:
        if self._writing and self._writers is not None:
            self._writing = False
            fcntl.flock(self._writers, fcntl.LOCK_UN)

    def _statement(
        self, statement: str, params: Params, take: Callable[[sqlite3.Cursor], T]
    ) -> T:
        sql, _ = dialect.SQLITE.render(statement)
        return take(self._connection().execute(sql, params))

    def _alone(self, statement: str, params: Params, take: Callable[[sqlite3.Cursor], T]) -> T:
        """One statement as a transaction of its own, in one trip to the thread."""
        write = not statement.lstrip().upper().startswith("SELECT")
        self._begin(write=write)
        return self._finish(lambda _: self._statement(statement, params, take), self._connection())

    async def _one(self, statement: str, params: Params, take: Callable[[sqlite3.Cursor], T]) -> T:
        return await self.run(partial(self._alone, statement, params, take))

    # Database --------------------------------------------------------------------------
    async def execute(self, statement: str, params: Params) -> int:
        return await self._one(statement, params, _rowcount)

    async def execute_many(self, statement: str, rows: Sequence[Params]) -> None:
        sql, _ = dialect.SQLITE.render(statement)
        await self.run(partial(self._alone_many, sql, rows))

    def _alone_many(self, sql: str, rows: Sequence[Params]) -> None:
        self._begin(write=True)
        self._finish(lambda conn: conn.executemany(sql, rows), self._connection())

    async def fetch_row(self, statement: str, params: Params) -> Row | None:
        return await self._one(statement, params, _fetchone)

    async def fetch(self, statement: str, params: Params) -> list[Row]:
        return await self._one(statement, params, _fetchall)

    async def atomically(self, work: Work[T], *, write: bool) -> T:
        return await self.run(partial(self._work, work, write))

    def _work(self, work: Work[T], write: bool) -> T:
        self._begin(write=write)
        return self._finish(lambda _: _to_the_end(work(_Session(self))), self._connection())

    def to_time(self, moment: datetime) -> int:
        return (require_aware(moment) - _EPOCH) // _MICROSECOND

    def from_time(self, value: Any) -> datetime | None:
        return None if value is None else _EPOCH + value * _MICROSECOND

    async def close(self) -> None:
        if self._closed:
            return
        if self._conn is not None:
            conn = self._conn
            self._conn = None
            await asyncio.get_running_loop().run_in_executor(self._executor, conn.close)
        if self._writers is not None:
            os.close(self._writers)
            self._writers = None
        self._closed = True
        self._executor.shutdown(wait=False)


def _to_the_end(work: Coroutine[Any, Any, T]) -> T:
    """Run ``work`` on this (the store's) thread: its awaits are _Session calls, which
    never suspend, so it finishes at the first step."""
    try:
        work.send(None)
    except StopIteration as finished:
        return finished.value
    work.close()
    raise StoreError("a SQLite transaction awaited something other than its statements")


class _Session:
    """Statements inside SqliteDatabase.atomically, run at once on the store's thread:
    async only in name, so the shared code reads the same for both backends."""

    def __init__(self, db: SqliteDatabase) -> None:
        self._db = db

    async def execute(self, statement: str, params: Params) -> int:
        return self._db._statement(statement, params, _rowcount)

    async def execute_many(self, statement: str, rows: Sequence[Params]) -> None:
        sql, _ = dialect.SQLITE.render(statement)
        self._db._connection().executemany(sql, rows)

    async def fetch_row(self, statement: str, params: Params) -> Row | None:
        return self._db._statement(statement, params, _fetchone)

    async def fetch(self, statement: str, params: Params) -> list[Row]:
        return self._db._statement(statement, params, _fetchall)


class SqliteStore(SqlStore):
    """Use ``await SqliteStore.open(path)``; implements bot.store.base.Store."""

    _db: SqliteDatabase

    @classmethod
    async def open(cls, path: Path, clock: Clock) -> SqliteStore:
        db = SqliteDatabase(path)
        return await cls._ready(db, db.run(db.connect), clock)

"""SQLite backend: one connection per store used on the event loop, and one on a thread.

A transaction here is a few statements on a local file: tens of microseconds of CPU. Sent
to a worker thread, the same transaction cost ~200 µs, most of it the GIL changing hands
(measured on a checklist read: 200 µs against 42 µs inline). So statements run inline,
from BEGIN to COMMIT without an await in between, and nothing in them may block: a write
waiting for another process (the writers' lock file, then SQLite's lock with a zero busy
timeout) is polled with the loop free, by one writer of this process at a time.

What may take long runs on the store's thread with a connection of its own, the "side"
connection: work marked ``slow`` (a year of statistics, the hourly purges), the syncs of
WAL checkpoints, opening (migrations) and closing. Everything that touches the side
connection runs on that one thread, closing included."""

from __future__ import annotations

import asyncio
import fcntl
import logging
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

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000  # how long a write waits for other processes' writes
# Between tries for a lock another process holds. Not growing: the other process's writes
# are tens of µs each, back to back under load, and a waiter that slept longer kept missing
# the gaps (an ack took 0.68 s with --workers 2).
LOCK_POLL_SECONDS = 0.0005
CHECKPOINT_SECONDS = 1.0  # how often the WAL is copied back (if anything was written)
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
_BUSY = frozenset({sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED})


def _is_busy(exc: sqlite3.Error) -> bool:
    return (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF in _BUSY


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
            if not _is_busy(exc) or time.monotonic() > deadline:
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
        # Slow work, checkpoints, opening and closing: one thread, so one user at a time.
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mfa-bot-sqlite")
        self._conn: sqlite3.Connection | None = None
        self._side: sqlite3.Connection | None = None  # used on the thread only
        self._closed = False
        self._writers: int | None = None  # descriptor of the writers' lock file
        self._side_writers: int | None = None  # the same file, for the thread: flock
        # locks per open file, so the two descriptors exclude each other
        self._writing = False  # the loop's writer holds the lock file
        self._write_turn = asyncio.Lock()  # one writer of this process polls at a time
        self._written = False  # since the last checkpoint
        self._checkpoints: asyncio.Task[None] | None = None

    # plumbing --------------------------------------------------------------------------
    async def run(self, fn: Callable[[], T]) -> T:
        """``fn`` on the connection, now; sqlite3 errors come out as StoreError."""
        if self._closed:
            raise StoreError("the SQLite store is closed")
        return self._guarded(fn)

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

    async def open(self) -> None:
        await self._in_thread(self._connect)
        self._checkpoints = asyncio.create_task(self._checkpoint_every(CHECKPOINT_SECONDS))

    async def _in_thread(self, fn: Callable[[], T]) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, partial(self._guarded, fn))

    def _connect(self) -> None:
        try:
            self._path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreUnavailable(
                f"SQLite database {self._path} is unavailable: cannot create directory "
                f"{self._path.parent} ({exc.strerror or exc})"
            ) from exc
        with suppress(OSError):  # without it (read-only directory) SQLite still locks
            self._writers = os.open(f"{self._path}-writers", os.O_RDWR | os.O_CREAT, 0o600)
            self._side_writers = os.open(f"{self._path}-writers", os.O_RDWR)
        # Made on the executor's thread, used on the loop's: one user at a time.
        conn = sqlite3.connect(self._path, isolation_level=None, check_same_thread=False)
        self._conn = conn
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")  # while opening, on the thread
        _use_wal(conn)
        conn.execute("PRAGMA synchronous = NORMAL")  # durable enough with WAL, much faster
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("BEGIN IMMEDIATE")
        self._finish(self._migrate, conn)
        # From here on the connection is used on the event loop: it must never wait.
        conn.execute("PRAGMA busy_timeout = 0")
        conn.execute("PRAGMA wal_autocheckpoint = 0")  # _checkpoint, on the thread

    def _side_connection(self) -> sqlite3.Connection:
        """The thread's connection, made on first use (on the thread)."""
        if self._side is None:
            conn = sqlite3.connect(self._path, isolation_level=None, check_same_thread=False,
                                   timeout=BUSY_TIMEOUT_MS / 1000)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA wal_autocheckpoint = 0")
            self._side = conn
        return self._side

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

    async def _begin_write(self) -> None:
        """BEGIN IMMEDIATE (the write lock up front, rather than upgraded half-way
        through), waiting with the loop free while another process writes. Processes
        sharing the file (--workers, replicas on one host) queue on a lock file first, so
        that one never starves the other; without it (a read-only directory) or after the
        busy timeout, SQLite's own lock decides. Called with ``_write_turn`` held; whatever
        stops the wait (an error, a cancelled caller) gives the lock file back."""
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        try:
            while True:
                if not self._writing and self._writers is not None:
                    with suppress(BlockingIOError):
                        fcntl.flock(self._writers, fcntl.LOCK_EX | fcntl.LOCK_NB)
                        self._writing = True
                if self._writing or self._writers is None or time.monotonic() > deadline:
                    try:
                        self._guarded(partial(self._connection().execute, "BEGIN IMMEDIATE"))
                        return
                    except StoreError as exc:
                        cause = exc.__cause__
                        if not (isinstance(cause, sqlite3.Error) and _is_busy(cause)) \
                                or time.monotonic() > deadline:
                            raise
                await asyncio.sleep(LOCK_POLL_SECONDS)
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
        return result

    def _done_writing(self) -> None:
        if self._writing and self._writers is not None:
            self._writing = False
            fcntl.flock(self._writers, fcntl.LOCK_UN)

    async def _transaction(self, fn: Callable[[sqlite3.Connection], T], *, write: bool) -> T:
        """``fn`` as one transaction on the loop's connection. After BEGIN nothing awaits
        until COMMIT, so no other coroutine uses the connection in between."""
        if self._closed:
            raise StoreError("the SQLite store is closed")
        if not write:  # WAL: a reader never waits for a writer
            self._guarded(partial(self._connection().execute, "BEGIN"))
            return self._guarded(partial(self._finish, fn, self._connection()))
        async with self._write_turn:
            await self._begin_write()
            try:
                return self._guarded(partial(self._finish, fn, self._connection()))
            finally:
                self._written = True
                self._done_writing()

    async def _on_side(self, fn: Callable[[sqlite3.Connection], T], *, write: bool) -> T:
        """``fn`` as one transaction on the side connection, on the thread, where waiting
        (for a lock, for the disk, for a long scan) holds up nothing else."""
        if self._closed:
            raise StoreError("the SQLite store is closed")
        return await self._in_thread(partial(self._side_transaction, fn, write))

    def _side_transaction(self, fn: Callable[[sqlite3.Connection], T], write: bool) -> T:
        conn = self._side_connection()
        locked = write and self._side_writers is not None and _flock_within(
            self._side_writers, BUSY_TIMEOUT_MS / 1000)
        try:
            conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            return self._finish(fn, conn)
        finally:
            if write:
                self._written = True
            if locked and self._side_writers is not None:
                fcntl.flock(self._side_writers, fcntl.LOCK_UN)

    def _checkpoint(self) -> bool:
        """Copy the WAL back into the database file (and sync it); False when it could
        not all be copied (a reader still needs old pages): tried again next round."""
        busy, frames, copied = self._side_connection().execute(
            "PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        return not busy and frames == copied

    async def _checkpoint_every(self, seconds: float) -> None:
        """Checkpoints on the thread: SQLite would otherwise run them inside a COMMIT, on
        the event loop. A failed round is logged and tried again: without checkpoints the
        WAL would grow for as long as the bot runs."""
        while True:
            await asyncio.sleep(seconds)
            if not self._written:
                continue
            self._written = False
            try:
                if not await self._in_thread(self._checkpoint):
                    self._written = True
            except StoreError as exc:
                self._written = True
                log.warning("event=sqlite_checkpoint_failed error=%s", exc)

    def _statement(
        self, statement: str, params: Params, take: Callable[[sqlite3.Cursor], T],
        conn: sqlite3.Connection | None = None,
    ) -> T:
        sql, _ = dialect.SQLITE.render(statement)
        return take((conn or self._connection()).execute(sql, params))

    async def _one(self, statement: str, params: Params, take: Callable[[sqlite3.Cursor], T]) -> T:
        """One statement as a transaction of its own."""
        write = not statement.lstrip().upper().startswith("SELECT")
        return await self._transaction(
            lambda conn: self._statement(statement, params, take, conn), write=write)

    # Database --------------------------------------------------------------------------
    async def execute(self, statement: str, params: Params) -> int:
        return await self._one(statement, params, _rowcount)

    async def execute_many(self, statement: str, rows: Sequence[Params]) -> None:
        sql, _ = dialect.SQLITE.render(statement)
        await self._transaction(lambda conn: conn.executemany(sql, rows), write=True)

    async def fetch_row(self, statement: str, params: Params) -> Row | None:
        return await self._one(statement, params, _fetchone)

    async def fetch(self, statement: str, params: Params) -> list[Row]:
        return await self._one(statement, params, _fetchall)

    async def atomically(self, work: Work[T], *, write: bool, slow: bool = False) -> T:
        def run(conn: sqlite3.Connection) -> T:
            return _to_the_end(work(_Session(self, conn)))

        if slow:
            return await self._on_side(run, write=write)
        return await self._transaction(run, write=write)

    def to_time(self, moment: datetime) -> int:
        return (require_aware(moment) - _EPOCH) // _MICROSECOND

    def from_time(self, value: Any) -> datetime | None:
        return None if value is None else _EPOCH + value * _MICROSECOND

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self._checkpoints is not None:
            self._checkpoints.cancel()
            with suppress(asyncio.CancelledError):
                await self._checkpoints
        # On the thread, after whatever it is still doing (a checkpoint, a slow read):
        # a connection closed under a running statement crashes the interpreter.
        await asyncio.get_running_loop().run_in_executor(self._executor, self._close_all)
        self._executor.shutdown(wait=False)

    def _close_all(self) -> None:
        for conn in (self._side, self._conn):
            if conn is not None:
                with suppress(sqlite3.Error):
                    conn.close()
        self._side = self._conn = None
        for fd in (self._side_writers, self._writers):
            if fd is not None:
                os.close(fd)
        self._side_writers = self._writers = None


def _flock_within(fd: int, seconds: float) -> bool:
    """Take the lock file on the thread, trying every half millisecond (flock's blocking
    form cannot time out); False once ``seconds`` have passed: SQLite's lock decides."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() > deadline:
                return False
            time.sleep(LOCK_POLL_SECONDS)


def _to_the_end(work: Coroutine[Any, Any, T]) -> T:
    """Run ``work`` to its end now: its awaits are _Session calls, which never suspend,
    so it finishes at the first step."""
    try:
        work.send(None)
    except StopIteration as finished:
        return finished.value
    work.close()
    raise StoreError("a SQLite transaction awaited something other than its statements")


class _Session:
    """Statements inside SqliteDatabase.atomically, run at once on its connection: async
    only in name, so the shared code reads the same for both backends."""

    def __init__(self, db: SqliteDatabase, conn: sqlite3.Connection) -> None:
        self._db, self._conn = db, conn

    async def execute(self, statement: str, params: Params) -> int:
        return self._db._statement(statement, params, _rowcount, self._conn)

    async def execute_many(self, statement: str, rows: Sequence[Params]) -> None:
        sql, _ = dialect.SQLITE.render(statement)
        self._conn.executemany(sql, rows)

    async def fetch_row(self, statement: str, params: Params) -> Row | None:
        return self._db._statement(statement, params, _fetchone, self._conn)

    async def fetch(self, statement: str, params: Params) -> list[Row]:
        return self._db._statement(statement, params, _fetchall, self._conn)


class SqliteStore(SqlStore):
    """Use ``await SqliteStore.open(path)``; implements bot.store.base.Store."""

    _db: SqliteDatabase

    @classmethod
    async def open(cls, path: Path, clock: Clock) -> SqliteStore:
        db = SqliteDatabase(path)
        return await cls._ready(db, db.open(), clock)

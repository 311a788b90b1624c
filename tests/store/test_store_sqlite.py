"""SQLite-only behaviour: unusable locations fail with one clear line, the schema
version is recorded so a restart migrates nothing, and an outbox claim's work does not
grow with the items already delivered.

Tests run as root, which ignores file permissions, so "read-only" is simulated with
locations no one can write: a directory path that runs through a regular file, a directory
under /proc, and an existing directory where the database file should be."""

from __future__ import annotations

import asyncio
import fcntl
import os
import sqlite3
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest

from bot.domain.outbox import NewOutboxItem, OutboxKind, OutboxState
from bot.store import StoreError, StoreUnavailable, dialect, migrations, open_store, statements

LEASE = timedelta(seconds=120)


def _unusable_locations(tmp_path: Path) -> dict[str, Path]:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    directory = tmp_path / "a-directory"
    directory.mkdir()
    return {
        "parent is a regular file": blocker / "bot.sqlite3",
        "parent under /proc": Path("/proc/mfa-bot-no-such-dir/bot.sqlite3"),
        "path is a directory": directory,
    }


@pytest.mark.parametrize("case", ["parent is a regular file", "parent under /proc",
                                  "path is a directory"])
async def test_unwritable_location_is_unavailable_with_a_clear_line(tmp_path: Path, case: str):
    path = _unusable_locations(tmp_path)[case]
    with pytest.raises(StoreUnavailable) as caught:
        await open_store(f"sqlite:///{path}")
    message = str(caught.value)
    assert "\n" not in message
    assert str(path) in message and "unavailable" in message


async def test_a_file_that_is_not_a_database_is_a_store_error(tmp_path: Path):
    path = tmp_path / "notes.txt"
    path.write_bytes(b"these are not the pages you are looking for\n" * 200)
    with pytest.raises(StoreError, match="not a database") as caught:
        await open_store(f"sqlite:///{path}")
    assert "\n" not in str(caught.value)


async def test_schema_version_and_wal_are_recorded(tmp_path: Path):
    path = tmp_path / "bot.sqlite3"
    for _ in range(2):
        store = await open_store(f"sqlite:///{path}")
        await store.close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(migrations.SQLITE)
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


async def test_a_newer_schema_is_refused(tmp_path: Path):
    path = tmp_path / "bot.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {len(migrations.SQLITE) + 1}")
    with pytest.raises(StoreError, match="newer"):
        await open_store(f"sqlite:///{path}")


async def test_a_closed_store_says_so(tmp_path: Path):
    store = await open_store(f"sqlite:///{tmp_path / 'bot.sqlite3'}")
    await store.close()
    with pytest.raises(StoreError, match="closed"):
        await store.claim_event("Ev1")


async def test_opening_waits_while_another_process_is_setting_up_the_same_new_file(
        tmp_path: Path):
    """Replicas or --workers starting together: SQLite refuses the switch to WAL at once
    (no busy timeout) while another connection holds the new file; opening must wait."""
    path = tmp_path / "bot.sqlite3"
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("CREATE TABLE setting_up (i)")
    other.execute("BEGIN IMMEDIATE")  # as the other process holds it while setting up
    other.execute("INSERT INTO setting_up VALUES (1)")
    opening = asyncio.create_task(open_store(f"sqlite:///{path}"))
    await asyncio.sleep(0.3)
    assert not opening.done()
    other.execute("COMMIT")
    other.close()
    store = await opening
    try:
        assert await store.claim_event("Ev1")
    finally:
        await store.close()
    check = sqlite3.connect(path)
    assert check.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    check.close()


async def test_writers_queue_on_the_lock_file_another_process_holds(tmp_path: Path):
    """A process mid-write holds ``<db>-writers``: another one's claim waits for it and goes
    through once it is released, instead of polling SQLite's lock with growing sleeps."""
    path = tmp_path / "bot.sqlite3"
    store = await open_store(f"sqlite:///{path}")
    try:
        other = os.open(f"{path}-writers", os.O_RDWR)
        try:
            fcntl.flock(other, fcntl.LOCK_EX)  # the other process is writing
            claim = asyncio.ensure_future(store.claim_event("Ev-queued"))
            await asyncio.sleep(0.2)
            assert not claim.done()  # queued behind the other writer
            fcntl.flock(other, fcntl.LOCK_UN)
            assert await claim is True
        finally:
            os.close(other)
        assert await store.claim_event("Ev-queued") is False  # it was written once
    finally:
        await store.close()


async def test_a_write_waiting_for_another_process_leaves_the_event_loop_free(tmp_path: Path):
    """Statements run on the event loop: a write queued behind another process must not
    hold it up, so reads and everything else go on meanwhile."""
    path = tmp_path / "bot.sqlite3"
    store = await open_store(f"sqlite:///{path}")
    try:
        other = os.open(f"{path}-writers", os.O_RDWR)
        try:
            fcntl.flock(other, fcntl.LOCK_EX)
            claim = asyncio.ensure_future(store.claim_event("Ev-waiting"))
            ticks = 0
            for _ in range(20):
                await asyncio.sleep(0.01)
                ticks += 1
                assert await store.get_checklist_by_id(1) is None  # reads go through
            assert ticks == 20 and not claim.done()
            fcntl.flock(other, fcntl.LOCK_UN)
            assert await claim is True
        finally:
            os.close(other)
    finally:
        await store.close()


async def test_a_writer_that_ignores_the_lock_file_is_waited_for_then_reported(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Another program holding SQLite's write lock (the sqlite3 shell, say): our write
    waits for it with the loop free, goes through once it is released, and past the busy
    timeout fails with the operator's hint instead of hanging."""
    from bot.store import sqlite as sqlite_backend

    monkeypatch.setattr(sqlite_backend, "BUSY_TIMEOUT_MS", 300)
    path = tmp_path / "bot.sqlite3"
    store = await open_store(f"sqlite:///{path}")
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        claim = asyncio.ensure_future(store.claim_event("Ev-after-shell"))
        await asyncio.sleep(0.1)
        assert not claim.done()
        other.execute("COMMIT")
        assert await claim is True

        other.execute("BEGIN IMMEDIATE")
        with pytest.raises(StoreUnavailable, match="locked"):
            await store.claim_event("Ev-never")
        other.execute("COMMIT")
        assert await store.claim_event("Ev-never") is True  # nothing was half-written
    finally:
        other.close()
        await store.close()


async def test_the_wal_is_checkpointed_into_the_database_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """SQLite's own checkpoints (inside a COMMIT, on the event loop) are off; the store's
    thread copies the WAL back into the file instead."""
    from bot.store import sqlite as sqlite_backend

    monkeypatch.setattr(sqlite_backend, "CHECKPOINT_SECONDS", 0.05)
    path = tmp_path / "bot.sqlite3"
    store = await open_store(f"sqlite:///{path}")
    try:
        assert await store.claim_event("Ev-checkpointed")
        await asyncio.sleep(0.5)
        main_file_only = tmp_path / "copy.sqlite3"
        main_file_only.write_bytes(path.read_bytes())  # without its -wal
        with sqlite3.connect(main_file_only) as copy:
            assert copy.execute("SELECT count(*) FROM events").fetchone()[0] == 1
    finally:
        await store.close()


async def test_a_write_cancelled_while_it_waits_gives_the_lock_file_back(tmp_path: Path):
    """A write holding the writers' lock file while SQLite's own lock is taken (by a
    program that ignores the lock file) is cancelled, as a deadline cancels it: the other
    processes must not then wait on a lock file nobody is using."""
    path = tmp_path / "bot.sqlite3"
    store = await open_store(f"sqlite:///{path}")
    other = sqlite3.connect(path, isolation_level=None)
    probe = os.open(f"{path}-writers", os.O_RDWR)
    try:
        other.execute("BEGIN IMMEDIATE")
        write = asyncio.ensure_future(store.set_checklist_message(1, "1.1"))
        await asyncio.sleep(0.1)
        with pytest.raises(BlockingIOError):  # the waiting write holds it
            fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
        write.cancel()
        with pytest.raises(asyncio.CancelledError):
            await write
        fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)  # free again
        fcntl.flock(probe, fcntl.LOCK_UN)
        other.execute("COMMIT")
        assert await store.claim_event("Ev-after-cancel") is True
    finally:
        os.close(probe)
        other.close()
        await store.close()


async def test_slow_work_runs_off_the_event_loop_and_close_waits_for_it(tmp_path: Path):
    """A year of statistics or a purge may take seconds: it runs on the store's thread,
    and closing the store meanwhile waits for it instead of pulling its connection away
    (which crashed the interpreter)."""
    store = await open_store(f"sqlite:///{tmp_path / 'bot.sqlite3'}")
    db = store._db
    threads: list[int] = []

    async def slow_count(session) -> int:  # type: ignore[no-untyped-def]
        threads.append(threading.get_ident())
        time.sleep(0.3)  # a long scan, on the thread
        row = await session.fetch_row("SELECT COUNT(*) AS n FROM events", {})
        return int(row["n"])

    counting = asyncio.ensure_future(db.atomically(slow_count, write=False, slow=True))
    await asyncio.sleep(0.05)
    assert threads and threads[0] != threading.get_ident()
    ticks = 0
    while not counting.done():  # the loop goes on meanwhile
        await asyncio.sleep(0.01)
        ticks += 1
    assert ticks > 5 and counting.result() == 0
    slow = asyncio.ensure_future(db.atomically(slow_count, write=False, slow=True))
    await asyncio.sleep(0.05)
    await store.close()  # while slow_count runs
    assert await slow == 0


async def test_a_failed_checkpoint_is_logged_and_tried_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture):
    from bot.store import sqlite as sqlite_backend

    monkeypatch.setattr(sqlite_backend, "CHECKPOINT_SECONDS", 0.05)
    real = sqlite_backend.SqliteDatabase._checkpoint
    failures = iter([True])

    def flaky(self):  # type: ignore[no-untyped-def]
        if next(failures, False):
            raise sqlite3.OperationalError("disk I/O error")
        return real(self)

    monkeypatch.setattr(sqlite_backend.SqliteDatabase, "_checkpoint", flaky)
    path = tmp_path / "bot.sqlite3"
    store = await open_store(f"sqlite:///{path}")
    try:
        assert await store.claim_event("Ev-checkpointed-later")
        await asyncio.sleep(0.5)
        assert "event=sqlite_checkpoint_failed" in caplog.text
        main_file_only = tmp_path / "copy.sqlite3"
        main_file_only.write_bytes(path.read_bytes())
        with sqlite3.connect(main_file_only) as copy:
            assert copy.execute("SELECT count(*) FROM events").fetchone()[0] == 1
    finally:
        await store.close()


async def _settled_history(path: Path, items: int) -> None:
    """``items`` outbox items written and delivered, as a day's cards leave them."""
    store = await open_store(f"sqlite:///{path}")
    try:
        for i in range(items):
            _, [mine] = await store.enqueue_outbox(
                [NewOutboxItem(OutboxKind.CARD, f"thread:C1:{i}", {"message": {}})], LEASE)
            await store.finish_outbox(mine.id, mine.attempts, OutboxState.DELIVERED, None)
    finally:
        await store.close()


def _claim_steps(path: Path) -> int:
    """SQLite virtual-machine steps (counted by its progress handler) of one outbox claim."""
    steps = 0

    def count() -> int:
        nonlocal steps
        steps += 1
        return 0  # go on

    sql, _ = dialect.SQLITE.render(statements.CLAIM_OUTBOX)
    with sqlite3.connect(path) as conn:
        conn.set_progress_handler(count, 1)
        assert conn.execute(sql, {"now": 0, "lease_until": 0, "limit": 20}).fetchall() == []
    return steps


async def test_an_outbox_claim_does_not_read_the_settled_history(tmp_path: Path):
    # The sender claims after every delivery: it must not read each delivered item again.
    # (Before migration 4, SQLite walked every settled row in id order to find none.)
    short, long = tmp_path / "short.sqlite3", tmp_path / "long.sqlite3"
    await _settled_history(short, 20)
    await _settled_history(long, 2_000)
    assert _claim_steps(long) == _claim_steps(short)

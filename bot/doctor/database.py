"""The database check: reachable, migrated to this release's schema, writable.

Unlike ``open_store`` it never migrates nor creates anything: a check must not change
what it checks. The write probe is rolled back."""

from __future__ import annotations

import asyncio
import os
import secrets
import sqlite3
from pathlib import Path

import asyncpg

from bot.doctor.results import CheckResult, failed, passed
from bot.store import migrations
from bot.store.url import PostgresURL, SqliteURL, parse_database_url

KEY, TITLE = "database", "Database"
CONNECT_TIMEOUT = 5.0
SQLITE_HEADER = b"SQLite format 3\x00"  # the first 16 bytes of every SQLite database file
START_TO_MIGRATE = "start `mfa-bot run` once: it creates or upgrades the tables at start-up"
_SQLITE_PROBE = "INSERT INTO events (event_id, received_at) VALUES (?, 0)"
_POSTGRES_PROBE = "INSERT INTO events (event_id, received_at) VALUES ($1, now())"


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def _version_problem(where: str, version: int, latest: int) -> CheckResult | None:
    if version < latest:
        return failed(KEY, TITLE, f"{where} is not migrated: schema version {version}, this "
                      f"release needs {latest}", START_TO_MIGRATE)
    if version > latest:
        return failed(KEY, TITLE, f"{where} has schema version {version}, newer than this "
                      f"release knows ({latest})", "upgrade mfa-bot where you run doctor")
    return None


async def check_database(database_url: str) -> CheckResult:
    target = parse_database_url(database_url)  # already validated with the settings
    if isinstance(target, SqliteURL):
        return await asyncio.to_thread(_check_sqlite, target.path)
    return await _check_postgres(target)


def _missing_sqlite(path: Path, where: str) -> CheckResult:
    """Advice for a file that is not there: ``run`` creates it, and its directories too, if
    the nearest existing directory lets it. A missing directory is more often a typo."""
    if path.is_dir():
        return failed(KEY, TITLE, f"{where} is a directory, not a file",
                      "end the path in DATABASE_URL with a file name, e.g. mfa-bot.sqlite3")
    if path.parent.is_dir():
        return failed(KEY, TITLE, f"{where} does not exist yet", START_TO_MIGRATE)
    existing = next(p for p in (path.parent, *path.parent.parents) if p.exists())
    if not existing.is_dir():
        return failed(KEY, TITLE, f"{where}: {existing} is a file, not a directory",
                      "fix the path in DATABASE_URL")
    can_create = os.access(existing, os.W_OK | os.X_OK)
    return failed(KEY, TITLE, f"{where}: its directory {path.parent} does not exist",
                  "check the path in DATABASE_URL for a typo; " + (
                      f"`mfa-bot run` creates the missing directories under {existing}"
                      if can_create else
                      f"create {path.parent} writable by the user running mfa-bot (it may "
                      f"not write to {existing})"))


def _check_sqlite(path: Path) -> CheckResult:
    where = f"SQLite {path}"
    if not path.is_file():
        return _missing_sqlite(path, where)
    try:
        with path.open("rb") as file:
            header = file.read(len(SQLITE_HEADER))
    except OSError as exc:
        return failed(KEY, TITLE, f"{where} cannot be read ({exc.strerror or exc})",
                      "let the user running mfa-bot read and write the file")
    if header and header != SQLITE_HEADER:  # an empty file is a valid, empty database
        return failed(KEY, TITLE, f"{where} is not an SQLite database",
                      "point DATABASE_URL at a file of mfa-bot's own (a new path is created "
                      "at the first start)")
    try:
        # mode=rw: a missing or unreadable file is an error, not a new empty database.
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=rw", uri=True,
                               isolation_level=None)
    except sqlite3.Error as exc:
        return failed(KEY, TITLE, f"{where} cannot be opened ({_one_line(exc)})",
                      "check the path in DATABASE_URL and the file's permissions")
    try:
        conn.execute("PRAGMA busy_timeout = 5000")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        problem = _version_problem(where, version, len(migrations.SQLITE))
        if problem is not None:
            return problem
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute(_SQLITE_PROBE, (f"mfa-bot-doctor-{secrets.token_hex(8)}",))
        finally:
            conn.execute("ROLLBACK")
    except sqlite3.Error as exc:
        return failed(KEY, TITLE, f"{where} is not writable ({_one_line(exc)})",
                      "let the user running mfa-bot write the file and its directory "
                      "(SQLite adds -wal and -shm files next to it)")
    finally:
        conn.close()
    return passed(KEY, TITLE, f"{where}: schema version {version}, writable")


async def _check_postgres(target: PostgresURL) -> CheckResult:
    where = f"PostgreSQL at {target.where}" + (f" (schema {target.schema})"
                                               if target.schema else "")
    settings = {"application_name": "mfa-bot-doctor"}
    if target.schema:
        settings["search_path"] = target.schema
    try:
        conn = await asyncpg.connect(target.dsn, timeout=CONNECT_TIMEOUT,
                                     command_timeout=CONNECT_TIMEOUT, server_settings=settings)
    except (OSError, TimeoutError) as exc:
        return failed(KEY, TITLE, f"{where} does not answer ({_one_line(exc)})",
                      "check the host and port in DATABASE_URL, and that the server is up "
                      "and accepts connections from this host")
    except asyncpg.PostgresError as exc:  # wrong password, unknown database...
        return failed(KEY, TITLE, f"{where} refused the connection ({_one_line(exc)})",
                      "check the user, password and database name in DATABASE_URL")
    try:
        has_table = await conn.fetchval("SELECT to_regclass('schema_version') IS NOT NULL")
        version = await conn.fetchval(
            "SELECT COALESCE(MAX(version), 0) FROM schema_version") if has_table else 0
        problem = _version_problem(where, version, len(migrations.POSTGRES))
        if problem is not None:
            return problem
        probe = conn.transaction()
        await probe.start()
        try:
            await conn.execute(_POSTGRES_PROBE, f"mfa-bot-doctor-{secrets.token_hex(8)}")
        finally:
            await probe.rollback()
    except (OSError, TimeoutError, asyncpg.PostgresConnectionError) as exc:
        return failed(KEY, TITLE, f"{where} dropped the connection ({_one_line(exc)})",
                      "check the server's logs")
    except asyncpg.PostgresError as exc:  # read-only replica, missing privileges
        return failed(KEY, TITLE, f"{where} is not writable ({_one_line(exc)})",
                      "point DATABASE_URL at the primary server, and grant the user INSERT, "
                      "UPDATE and DELETE on mfa-bot's tables")
    finally:
        await conn.close()
    return passed(KEY, TITLE, f"{where}: schema version {version}, writable")

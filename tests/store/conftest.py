"""Every store test runs once per backend: SQLite on a file in tmp_path, PostgreSQL in a
schema of its own (created by open_store, dropped after the test).

PostgreSQL comes from MFA_BOT_TEST_POSTGRES_URL. When it cannot be reached the postgres
cases are skipped, except under CI (CI=true) where they fail: CI must test both."""

from __future__ import annotations

import os
import secrets
from collections.abc import AsyncIterator

import asyncpg
import pytest

from bot.store import Store, open_store

from .helpers import FakeClock, OpenStore, PostgresTarget, with_schema

DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def postgres() -> AsyncIterator[PostgresTarget]:
    base = os.environ.get("MFA_BOT_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)
    try:
        admin = await asyncpg.connect(base, timeout=5)
    except (OSError, TimeoutError, asyncpg.PostgresError) as exc:
        reason = (
            f"PostgreSQL for tests not reachable ({type(exc).__name__}: {exc}); "
            "start it or set MFA_BOT_TEST_POSTGRES_URL"
        )
        if _in_ci():
            pytest.fail(reason)
        pytest.skip(reason)
    schema = f"mfabot_test_{os.getpid()}_{secrets.token_hex(4)}"
    try:
        yield PostgresTarget(base, with_schema(base, schema), schema, admin)
    finally:
        await admin.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        await admin.close()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'state' / 'bot.sqlite3'}"
    return request.getfixturevalue("postgres").url


@pytest.fixture
async def open_more(store_url: str, clock: FakeClock) -> AsyncIterator[OpenStore]:
    """Opens more stores on the same database (other replicas or processes); all are
    closed after the test. Closing one twice is harmless."""
    opened: list[Store] = []

    async def opener() -> Store:
        store = await open_store(store_url, clock=clock)
        opened.append(store)
        return store

    yield opener
    for store in opened:
        await store.close()


@pytest.fixture
async def store(open_more: OpenStore) -> Store:
    return await open_more()

"""Fixtures shared by every test folder."""

from __future__ import annotations

import os
import secrets
from collections.abc import AsyncIterator

import asyncpg
import pytest

from tests.store.helpers import PostgresTarget, with_schema

DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@pytest.fixture
async def postgres() -> AsyncIterator[PostgresTarget]:
    """A schema of its own on the PostgreSQL server in MFA_BOT_TEST_POSTGRES_URL, dropped
    after the test. Unreachable: skipped with the reason, except under CI (CI=true), where
    the PostgreSQL tests must run and so fail."""
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
    """One database per test: a SQLite file in tmp_path, or a PostgreSQL schema of its own
    (created by open_store, dropped after the test)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'state' / 'bot.sqlite3'}"
    return request.getfixturevalue("postgres").url

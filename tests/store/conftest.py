"""Every store test runs once per backend: SQLite on a file in tmp_path, PostgreSQL in a
schema of its own (created by open_store, dropped after the test).

``store_url`` (and PostgreSQL's ``postgres``) come from tests/conftest.py."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.store import Store

from .helpers import FakeClock, OpenStore, store_opener


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()

@pytest.fixture
async def open_more(store_url: str, clock: FakeClock) -> AsyncIterator[OpenStore]:
    """Opens more stores on the same database (other replicas or processes); all are
    closed after the test."""
    async with store_opener(store_url, clock) as opener:
        yield opener


@pytest.fixture
async def store(open_more: OpenStore) -> Store:
    return await open_more()

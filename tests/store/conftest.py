"""Every store test runs once per backend: SQLite on a file in tmp_path, PostgreSQL in a
schema of its own (created by open_store, dropped after the test).

PostgreSQL comes from the ``postgres`` fixture in tests/conftest.py."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.store import Store, open_store

from .helpers import FakeClock, OpenStore


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()

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

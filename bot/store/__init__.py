"""Storage: ``open_store(DATABASE_URL)`` gives the backend the URL names, migrated."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from bot.store.base import Store, StoreError, StoreUnavailable
from bot.store.postgres import PostgresStore
from bot.store.sqlite import SqliteStore
from bot.store.url import PostgresURL, parse_database_url

__all__ = ["Store", "StoreError", "StoreUnavailable", "open_store", "utc_now"]


def utc_now() -> datetime:
    return datetime.now(UTC)


async def open_store(url: str, *, clock: Callable[[], datetime] = utc_now) -> Store:
    """Open and migrate the store ``url`` names (see bot.store.url for the forms).

    Raises ValueError for a malformed URL, StoreUnavailable when the database cannot be
    reached or written, StoreError for anything else. ``clock`` stamps every change; tests
    pass a fake one.
    """
    target = parse_database_url(url)
    if isinstance(target, PostgresURL):
        return await PostgresStore.open(target, clock)
    return await SqliteStore.open(target.path, clock)

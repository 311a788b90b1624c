"""Shared by the store tests (conftest.py builds its fixtures from these)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import asyncpg

from bot.store import Store

OpenStore = Callable[[], Awaitable[Store]]


class FakeClock:
    """Stamps store changes; tests move it by hand so durations are exact."""

    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> datetime:
        self.now += timedelta(seconds=seconds)
        return self.now


@dataclass(frozen=True)
class PostgresTarget:
    base_url: str  # without ?schema
    url: str  # with this test's schema
    schema: str
    admin: asyncpg.Connection  # a separate connection for checks and sabotage


def with_schema(url: str, schema: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}schema={schema}"

"""Shared by the store tests (conftest.py builds its fixtures from these)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from bot.store import Store, open_store

OpenStore = Callable[[], Awaitable[Store]]


@asynccontextmanager
async def store_opener(url: str, clock: Callable[[], datetime]) -> AsyncIterator[OpenStore]:
    """Opens stores on the database at ``url`` (other replicas or processes), all on
    ``clock``; closes every one on the way out. Closing one twice is harmless."""
    opened: list[Store] = []

    async def opener() -> Store:
        store = await open_store(url, clock=clock)
        opened.append(store)
        return store

    try:
        yield opener
    finally:
        for store in opened:
            await store.close()


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


def with_port(url: str, port: int) -> str:
    parts = urlsplit(url)
    user = f"{parts.username}@" if parts.username else ""
    return urlunsplit(parts._replace(netloc=f"{user}127.0.0.1:{port}"))


class TcpProxy:
    """Forwards a local port to the server, so a test can cut the network and restore it,
    or black-hole it: traffic swallowed, not refused, as when packets are dropped on the
    way. Data sent meanwhile is delivered once it is restored, as TCP retransmits it."""

    def __init__(self, target: str) -> None:
        parts = urlsplit(target)
        self._host, self._port = parts.hostname or "127.0.0.1", parts.port or 5432
        self._server: asyncio.Server | None = None
        self._writers: list[asyncio.StreamWriter] = []
        self._flowing = asyncio.Event()
        self._flowing.set()
        self.port = 0

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._relay, "127.0.0.1", self.port)
        self.port = self._server.sockets[0].getsockname()[1]

    def blackhole(self) -> None:
        """Hold every byte, both ways, and every new connection, until ``restore``."""
        self._flowing.clear()

    def restore(self) -> None:
        self._flowing.set()

    async def stop(self) -> None:
        assert self._server is not None
        self._server.close()
        await self._server.wait_closed()
        for writer in self._writers:
            writer.transport.abort()  # like a dropped network: no goodbye to either side
        self._writers.clear()
        self._flowing.set()  # held relays end on the aborted connections

    async def _relay(self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter):
        self._writers.append(client_w)
        await self._flowing.wait()  # a connection opened into the black hole hangs
        server_r, server_w = await asyncio.open_connection(self._host, self._port)
        self._writers.append(server_w)
        await asyncio.gather(
            self._pipe(client_r, server_w), self._pipe(server_r, client_w),
            return_exceptions=True,
        )

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while data := await reader.read(65536):
            await self._flowing.wait()
            writer.write(data)
            await writer.drain()
        writer.close()

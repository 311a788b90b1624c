"""Bounds on the HTTP server's connections, which aiohttp does not set by itself.

- A connection must send a request's headers within HEADER_TIMEOUT of connecting (or of
  its first byte after the previous answer), and one that waits between requests is
  closed after IDLE_TIMEOUT: slow or silent clients cannot hold sockets for long.
- At most MAX_CONNECTIONS are open. When a new one arrives at the cap, the connection that
  has waited longest without a request in progress is closed to make room (so /healthz
  and Slack still get in while slow clients are connected); when every connection is busy
  with a request, the newcomer is closed instead.

Each connection's aiohttp protocol is wrapped in a ``_Guarded`` one that forwards every
call; a middleware tells it when a request is being handled (headers complete). Use
``GuardedRunner`` in place of ``web.AppRunner``.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from bot.logs import Tally

log = logging.getLogger(__name__)

MAX_CONNECTIONS = 500  # per process; Slack itself needs a few dozen at most
HEADER_TIMEOUT = 10.0  # seconds to send a request's headers
IDLE_TIMEOUT = 75.0  # seconds between requests (longer than load balancers' idle timeout)
BODY_TIMEOUT = 10.0  # seconds to send a request's body (bot/slack/runtime/server.py)
LOG_EVERY_SECONDS = 60.0  # closed connections are logged as one summary line at most this often

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class GuardedRunner(web.AppRunner):
    """An AppRunner whose sites accept connections through a ConnectionGuard, which tells
    ``on_closed`` the reason of each connection it closes."""

    def __init__(self, app: web.Application, *,
                 on_closed: Callable[[str], None] | None = None, **kwargs: Any) -> None:
        self.guard = ConnectionGuard(on_closed=on_closed)
        app.middlewares.append(self.guard.middleware)
        # aiohttp's own idle timeout too (its default is an hour), for connections that
        # reach it before the guard's timer.
        super().__init__(app, keepalive_timeout=IDLE_TIMEOUT, **kwargs)

    @property
    def server(self) -> Any:  # sites use it as their protocol factory
        server = super().server
        return None if server is None else self.guard.protocol_factory(server)


class ConnectionGuard:
    """``protocol_factory`` wraps an aiohttp ``web.Server``; add ``middleware`` to the app."""

    def __init__(self, limit: int | None = None, *,
                 on_closed: Callable[[str], None] | None = None) -> None:
        self.limit = MAX_CONNECTIONS if limit is None else limit
        self.open: dict[asyncio.Transport, _Guarded] = {}
        self._closed = Tally(log, "connections_closed", LOG_EVERY_SECONDS,
                             ("slow", "evicted", "refused"), on_closed)

    @property
    def closed(self) -> dict[str, int]:
        """Connections closed since start, by reason."""
        return self._closed.totals

    def protocol_factory(self, server: web.Server) -> Callable[[], asyncio.Protocol]:
        return lambda: _Guarded(self, server())

    @web.middleware
    async def middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        connection = self.open.get(request.transport) if request.transport else None
        if connection is None:
            return await handler(request)
        connection.begin()
        try:
            return await handler(request)
        finally:
            connection.end()

    # -- called by the connections ---------------------------------------------------------
    def admit(self, new: _Guarded, transport: asyncio.Transport) -> bool:
        if len(self.open) >= self.limit:
            waiting = [c for c in self.open.values() if not c.busy]
            if not waiting:
                self.count("refused")
                return False
            oldest = min(waiting, key=lambda c: c.since)
            oldest.close("evicted")
        self.open[transport] = new
        return True

    def forget(self, connection: _Guarded) -> None:
        if connection.transport is not None and self.open.get(connection.transport) is connection:
            del self.open[connection.transport]

    def count(self, reason: str) -> None:
        self._closed.count(reason, f"open={len(self.open)}")


class _Guarded(asyncio.Protocol):
    """One connection: aiohttp's protocol plus a deadline while no request is in progress."""

    def __init__(self, guard: ConnectionGuard, inner: asyncio.Protocol) -> None:
        self.guard = guard
        self.inner = inner
        self.transport: asyncio.Transport | None = None
        self.busy = False  # a request is being handled
        self.idle = False  # an answer was sent and nothing has arrived since
        self.since = time.monotonic()
        self._timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)  # a TCP server's
        self.transport = transport
        self.inner.connection_made(transport)
        if not self.guard.admit(self, transport):
            transport.abort()
            return
        self._arm(HEADER_TIMEOUT, "slow")

    def data_received(self, data: bytes) -> None:
        if self.idle:  # the first bytes of the next request: its headers have a deadline
            self.idle = False
            self._arm(HEADER_TIMEOUT, "slow")
        self.inner.data_received(data)

    def eof_received(self) -> bool | None:
        return self.inner.eof_received()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        self.guard.forget(self)
        self.inner.connection_lost(exc)

    def pause_writing(self) -> None:
        self.inner.pause_writing()

    def resume_writing(self) -> None:
        self.inner.resume_writing()

    def begin(self) -> None:
        self.busy, self.idle = True, False
        self._disarm()

    def end(self) -> None:
        self.busy, self.idle = False, True
        self.since = time.monotonic()
        self._arm(IDLE_TIMEOUT, "idle")

    def close(self, reason: str) -> None:
        self._disarm()
        self.guard.forget(self)
        if reason != "idle":  # an idle keep-alive connection closing is routine
            self.guard.count(reason)
        if self.transport is not None:
            self.transport.abort()  # no goodbye owed to a client that sent nothing whole

    def _expire(self, reason: str) -> None:
        self._timer = None
        if not self.busy:
            self.close(reason)

    def _arm(self, seconds: float, reason: str) -> None:
        self._disarm()
        self._timer = asyncio.get_running_loop().call_later(seconds, self._expire, reason)

    def _disarm(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

"""A local ticket-system stand-in: an aiohttp server on 127.0.0.1 that records every
hand-off event POSTed to it, checks its signature, and can be told to answer 500 a number
of times before it answers 200."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from bot.domain.webhook import IDEMPOTENCY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, verify

SECRET = "receiver-secret-0123456789"


@dataclass
class Received:
    body: bytes
    headers: dict[str, str]
    status: int  # what the receiver answered
    signature_valid: bool

    @property
    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def idempotency_key(self) -> str | None:
        return self.headers.get(IDEMPOTENCY_HEADER)


@dataclass
class Receiver:
    secret: str = SECRET
    fail_next: int = 0  # answer 500 to this many requests, then 200
    fail_status: int = 500
    received: list[Received] = field(default_factory=list)
    _runner: web.AppRunner | None = None
    url: str = ""

    async def start(self) -> Receiver:
        app = web.Application()
        app.router.add_post("/hook", self._hook)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.url = f"http://127.0.0.1:{port}/hook"
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _hook(self, request: web.Request) -> web.Response:
        body = await request.read()
        valid = verify(self.secret, request.headers.get(TIMESTAMP_HEADER, ""), body,
                       request.headers.get(SIGNATURE_HEADER, ""), time.time())
        status = 200
        if self.fail_next > 0:
            self.fail_next -= 1
            status = self.fail_status
        self.received.append(Received(body, dict(request.headers), status, valid))
        return web.json_response({"ok": status == 200}, status=status)

    def accepted(self) -> list[Received]:
        """Deliveries the receiver answered 200."""
        return [r for r in self.received if r.status == 200]

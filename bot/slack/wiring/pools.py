"""A bounded pool per Slack Web API method, so that one slow method cannot starve the rest.

All calls share one HTTP session (one set of kept-alive connections). aiohttp would cap it
at 100 connections in total: 110 ``views.open`` calls hanging at Slack then held up every
reply. Instead the session's connector is unbounded and each method may have at most
PER_METHOD calls waiting for Slack's answer; further calls of that method queue for it,
while other methods go ahead (at most PER_METHOD x the methods the bot uses in total).
"""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
import orjson
from aiohttp import ClientHandlerType, ClientRequest, ClientResponse
from aiohttp.typedefs import JSONDecoder

PER_METHOD = 32


class MethodPools:
    """An aiohttp client middleware: one semaphore per Web API method (the URL's last part)."""

    def __init__(self, size: int = PER_METHOD) -> None:
        self.size = size
        self._slots: dict[str, asyncio.Semaphore] = {}

    async def __call__(self, request: ClientRequest, handler: ClientHandlerType
                       ) -> ClientResponse:
        method = request.url.path.rsplit("/", 1)[-1]
        slots = self._slots.setdefault(method, asyncio.Semaphore(self.size))
        async with slots:
            return await handler(request)


def _json(value: object) -> str:
    return orjson.dumps(value).decode()


class _Response(ClientResponse):
    """Answers decoded by orjson too: slack_sdk reads every answer with ``json()``, and
    chat.postMessage answers with the whole message it posted."""

    async def json(self, *, encoding: str | None = None, loads: JSONDecoder = orjson.loads,
                   content_type: str | None = "application/json") -> Any:
        return await super().json(encoding=encoding, loads=loads, content_type=content_type)


def pooled_session(timeout: float) -> aiohttp.ClientSession:
    """The Web API client's session: ``timeout`` seconds per attempt, a pool per method.
    Request bodies are encoded (and answers decoded) by orjson: with json.dumps, encoding
    cards and checklists was 5% of the bot's CPU under load."""
    return aiohttp.ClientSession(
        timeout=aiohttp.ClientTimeout(total=timeout),
        json_serialize=_json,
        connector=aiohttp.TCPConnector(limit=0),  # bounded per method instead
        middlewares=(MethodPools(),),
        response_class=_Response,
    )

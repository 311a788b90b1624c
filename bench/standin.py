"""A minimal Slack Web API stand-in for the load benchmark: it answers every method with
``ok`` and notes when each ``chat.postMessage`` arrived and for which thread.

The tests' stand-in (tests/slack/slack_harness.py) keeps every parsed body and checks Block
Kit limits; at 10,000 events that bookkeeping would be measured along with the bot.
"""

from __future__ import annotations

import itertools
import json
import time
from dataclasses import dataclass, field

from aiohttp import web

AUTH = {"ok": True, "url": "https://standin.slack.test/", "team": "Load", "user": "mfa-bot",
        "team_id": "T0LOAD", "user_id": "UBOT", "bot_id": "BBOT"}


@dataclass
class LoadStandIn:
    """``replies`` maps a thread_ts to when (time.monotonic()) its first reply arrived."""

    replies: dict[str, float] = field(default_factory=dict)
    duplicates: int = 0  # the same message posted in the same thread again
    calls: int = 0
    _posted: set[tuple[str, str]] = field(default_factory=set)
    port: int = 0
    _ts: itertools.count = field(default_factory=lambda: itertools.count(1))
    _runner: web.AppRunner | None = None

    async def start(self) -> None:
        app = web.Application(client_max_size=4 * 1024 * 1024)
        app.router.add_post("/api/{method}", self._api)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    def reset(self) -> None:
        self.replies.clear()
        self._posted.clear()
        self.duplicates = 0

    async def _api(self, request: web.Request) -> web.Response:
        arrived = time.monotonic()
        self.calls += 1
        method = request.match_info["method"]
        if method == "auth.test":
            return web.json_response(AUTH)
        body = json.loads(await request.read()) if request.content_type == "application/json" \
            else dict(await request.post())
        n = next(self._ts)
        ts = f"{1_800_000_000 + n}.{n % 1_000_000:06d}"
        channel = body.get("channel")
        if method == "chat.getPermalink":
            return web.json_response(
                {"ok": True, "permalink": f"https://standin.slack.test/archives/{channel}/p{n}"})
        if method != "chat.postMessage":
            return web.json_response({"ok": True, "channel": channel, "ts": body.get("ts", ts)})
        thread = str(body.get("thread_ts", ""))
        # A card and then a checklist in one thread are two messages, not a duplicate.
        message = (thread, str(body.get("text")))
        if message in self._posted:
            self.duplicates += 1
        self._posted.add(message)
        self.replies.setdefault(thread, arrived)
        return web.json_response(
            {"ok": True, "channel": channel, "ts": ts, "message": {"ts": ts}})

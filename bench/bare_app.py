"""The framework's floor for bench/load.py: a bare Bolt AsyncApp behind the same aiohttp
server setup as the bot, whose only listener answers every message in its thread.

    SLACK_BOT_TOKEN=... SLACK_SIGNING_SECRET=... SLACK_API_URL=... PORT=... \\
        python bench/bare_app.py [--pooled]

As Bolt comes, its Web API client opens a new HTTP connection for every call; with
``--pooled`` it keeps one pooled session, as the bot does.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import aiohttp
from aiohttp import web
from slack_bolt.async_app import AsyncApp
from slack_bolt.context.say.async_say import AsyncSay
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.runtime.server import HEALTH_PATH, MAX_BODY_BYTES, serve_events


async def healthz(_: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


async def build(pooled: bool) -> web.Application:
    bolt = AsyncApp(
        client=AsyncWebClient(
            token=os.environ["SLACK_BOT_TOKEN"], base_url=os.environ["SLACK_API_URL"],
            session=aiohttp.ClientSession() if pooled else None,  # made in the loop
        ),
        signing_secret=os.environ["SLACK_SIGNING_SECRET"],
        process_before_response=False,
    )

    @bolt.event("message")
    async def reply(event: dict, say: AsyncSay) -> None:
        await say(text="ok", thread_ts=event["ts"])  # thread_ts: the benchmark's correlation

    app = web.Application(client_max_size=MAX_BODY_BYTES)
    serve_events(app, bolt, os.environ["SLACK_SIGNING_SECRET"])  # the bot's own endpoint
    app.router.add_get(HEALTH_PATH, healthz)
    return app


def main() -> None:
    web.run_app(build("--pooled" in sys.argv[1:]), host="127.0.0.1",
                port=int(os.environ["PORT"]), access_log=None, print=None, lingering_time=1.0)


if __name__ == "__main__":
    main()

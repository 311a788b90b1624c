"""The file fetcher: where the token may go, redirects, and the size and time caps, against
a real local HTTP server."""

from __future__ import annotations

import asyncio

import aiohttp
import pytest
from aiohttp import web

from bot.config import Settings
from bot.slack.flows.files import FetchRefused, download, token_may_go_to
from tests.local_http import serving

TOKEN = "xoxb-1-2-FileToken"


def settings(api_url: str = "https://slack.com/api/", mb: int = 1) -> Settings:
    return Settings(mode="http", bot_token=TOKEN, api_url=api_url, max_bundle_mb=mb)


@pytest.mark.parametrize(("url", "allowed"), [
    ("https://files.slack.com/files-pri/T1-F1/download/nps.zip", True),
    ("https://files-pri.slack.com/x", True),
    ("https://files.slack-gov.com/x", True),
    ("http://files.slack.com/x", False),  # never in clear text
    ("https://files.slack.com.evil.example/x", False),
    ("https://evil.example/files.slack.com", False),
    ("https://files.slack.com:8443/x", False),
    ("https://slack.com/api/files.info", False),
])
def test_the_token_goes_only_to_slacks_file_hosts(url: str, allowed: bool) -> None:
    assert token_may_go_to(url, settings()) is allowed


def test_a_stand_in_host_is_allowed_only_when_slack_api_url_names_it() -> None:
    local = settings("http://127.0.0.1:8080/api/")
    assert token_may_go_to("http://127.0.0.1:8080/files/1", local)
    assert not token_may_go_to("http://127.0.0.1:9090/files/1", local)
    assert not token_may_go_to("http://127.0.0.1:8080/files/1", settings())


@pytest.fixture
async def server():
    seen: list[dict[str, str]] = []

    async def serve(request: web.Request) -> web.StreamResponse:
        seen.append({"path": request.path, "auth": request.headers.get("Authorization", "")})
        if request.path == "/slow":
            await asyncio.sleep(1)
        if request.path == "/away":
            raise web.HTTPFound("https://evil.example/steal")
        if request.path == "/hop":
            raise web.HTTPFound("/file")
        if request.path == "/signin":
            return web.Response(text="<html>sign in</html>", content_type="text/html")
        return web.Response(body=b"PK" + bytes(100), content_type="application/zip")

    app = web.Application()
    app.router.add_get("/{tail:.*}", serve)
    async with serving(app) as port:
        yield f"http://127.0.0.1:{port}", seen


async def fetch(base: str, path: str, **kw) -> bytes:
    async with aiohttp.ClientSession() as session:
        return await download(session, {"url_private_download": base + path},
                              settings(f"{base}/api/"), **kw)


async def test_download_follows_a_redirect_on_the_same_host(server) -> None:
    base, seen = server
    assert (await fetch(base, "/hop"))[:2] == b"PK"
    assert [s["auth"] for s in seen] == [f"Bearer {TOKEN}"] * 2


@pytest.mark.parametrize(("path", "kind"), [("/away", "host"), ("/signin", "scope")])
async def test_refusals(server, path: str, kind: str) -> None:
    base, seen = server
    with pytest.raises(FetchRefused) as refused:
        await fetch(base, path)
    assert refused.value.kind == kind
    assert all("evil" not in s["path"] for s in seen)


async def test_the_time_cap(server) -> None:
    base, _ = server
    with pytest.raises(FetchRefused) as refused:
        await fetch(base, "/slow", seconds=0.2)
    assert refused.value.kind == "time"


async def test_an_announced_size_over_the_cap_is_never_requested(server) -> None:
    base, seen = server
    async with aiohttp.ClientSession() as session:
        with pytest.raises(FetchRefused) as refused:
            await download(session, {"url_private_download": base + "/file",
                                     "size": 2 * 1024**3}, settings(f"{base}/api/"))
    assert refused.value.kind == "size" and "2.0 GB" in refused.value.reason
    assert seen == []

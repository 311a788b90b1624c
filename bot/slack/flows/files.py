"""Download a file people attached, with the bot token, within a size and a time cap.

The token goes only to Slack's own file hosts, or to the host of SLACK_API_URL when that
is set (GovSlack, a test stand-in): a file object naming any other host is refused, and
so is a redirect to one. The file is kept in memory only, never written to disk.
"""

from __future__ import annotations

import asyncio
import re
from typing import Any
from urllib.parse import urljoin, urlsplit

import aiohttp

from bot.config import DEFAULT_API_URL, Settings

MB = 1024 * 1024
FETCH_SECONDS = 60.0
MAX_REDIRECTS = 3
_SLACK_FILE_HOST = re.compile(r"^files(?:-[a-z]+)?\.slack(?:-gov)?\.com$")


class FetchRefused(Exception):
    """The file was not downloaded; ``reason`` is one sentence for the thread."""

    def __init__(self, kind: str, reason: str) -> None:
        super().__init__(reason)
        self.kind = kind
        self.reason = reason


def token_may_go_to(url: str, settings: Settings) -> bool:
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.port in (None, 443) and \
            _SLACK_FILE_HOST.match(parts.hostname or ""):
        return True
    if settings.api_url == DEFAULT_API_URL:
        return False
    api = urlsplit(settings.api_url)
    return (parts.scheme, parts.hostname, parts.port) == (api.scheme, api.hostname, api.port)


def too_big(size: int, settings: Settings) -> FetchRefused:
    shown = f"{size / (1024 * MB):.1f} GB" if size >= 1024 * MB else f"{size / MB:.0f} MB"
    return FetchRefused(
        "size", f"it is {shown}, and I read attachments up to {settings.max_bundle_mb} MB "
        "(MFA_BOT_MAX_BUNDLE_MB); zip only the C:\\NPS folder, or split it")


async def download(
    session: aiohttp.ClientSession, file: dict[str, Any], settings: Settings,
    seconds: float = FETCH_SECONDS,
) -> bytes:
    """The file's bytes. Raises FetchRefused for a file too big, too slow, on a host the
    token must not go to, or that Slack would not hand over."""
    cap = settings.max_bundle_mb * MB
    announced = file.get("size")
    if isinstance(announced, int) and announced > cap:
        raise too_big(announced, settings)
    url = file.get("url_private_download") or file.get("url_private")
    if not isinstance(url, str) or not url:
        raise FetchRefused("no-url", "Slack did not give me a link to download it")
    try:
        async with asyncio.timeout(seconds):
            return await _get(session, url, settings, cap)
    except TimeoutError:
        raise FetchRefused(
            "time", f"downloading it took longer than {seconds:.0f} seconds") from None
    except aiohttp.ClientError:
        raise FetchRefused(
            "network", "the download from Slack failed; attach it again") from None


async def _get(session: aiohttp.ClientSession, url: str, settings: Settings, cap: int) -> bytes:
    for _ in range(MAX_REDIRECTS + 1):
        if not token_may_go_to(url, settings):
            raise FetchRefused(
                "host", "its download link points outside Slack, where I never send my token")
        headers = {"Authorization": f"Bearer {settings.bot_token}"}
        async with session.get(url, headers=headers, allow_redirects=False) as resp:
            if resp.status in (301, 302, 303, 307, 308) and "Location" in resp.headers:
                url = urljoin(url, resp.headers["Location"])
                continue
            if resp.status != 200:
                raise FetchRefused("status", f"Slack answered {resp.status} to the download")
            if resp.content_type == "text/html":
                # Slack serves its sign-in page, not the file, to a token without files:read.
                raise FetchRefused(
                    "scope", "Slack would not hand the file to me; the app needs the "
                    "files:read scope (reinstall it from manifest.yml)")
            if resp.content_length is not None and resp.content_length > cap:
                raise too_big(resp.content_length, settings)
            data = bytearray()
            async for block in resp.content.iter_chunked(256 * 1024):
                data += block
                if len(data) > cap:
                    raise too_big(len(data), settings)
            return bytes(data)
    raise FetchRefused("redirects", "the download link redirected too many times")

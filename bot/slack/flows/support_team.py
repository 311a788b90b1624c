"""Who may take or resolve a hand-off: members of the support channel or of the support
user group, as Slack lists them, cached briefly to spare API calls on every click."""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable

import aiohttp
from slack_sdk.errors import SlackClientError
from slack_sdk.web.async_client import AsyncWebClient

from bot.config import Settings
from bot.slack.wiring.errors import slack_error

log = logging.getLogger(__name__)

CACHE_SECONDS = 60.0
PAGE_SIZE = 200
MAX_PAGES = 50  # 10,000 members: a cursor that never ends must not loop forever

Clock = Callable[[], float]
Fetch = Callable[[AsyncWebClient, str], Awaitable[frozenset[str]]]


class SupportTeam:
    """One per bot (Services.support_team): bots in one process never share answers."""

    def __init__(self, clock: Clock = time.monotonic) -> None:
        self._clock = clock
        self._cache: dict[str, tuple[float, frozenset[str]]] = {}

    async def includes(
        self, client: AsyncWebClient, settings: Settings, user_id: str
    ) -> bool | None:
        """True or False; None when a list that might name the user could not be read."""
        unreadable = False
        sources = ((settings.support_channel, _channel_members),
                   (settings.support_group, _group_members))
        for source_id, fetch in sources:
            if not source_id:
                continue
            try:
                members = await self._members(client, source_id, fetch)
            except (SlackClientError, aiohttp.ClientError) as exc:
                log.warning("event=support_members_failed source=%s error=%s",
                            source_id, slack_error(exc))
                unreadable = True
                continue
            if user_id in members:
                return True
        return None if unreadable else False

    async def _members(self, client: AsyncWebClient, source_id: str, fetch: Fetch
                       ) -> frozenset[str]:
        now = self._clock()
        cached = self._cache.get(source_id)
        if cached and now - cached[0] < CACHE_SECONDS:
            return cached[1]
        members = await fetch(client, source_id)
        self._cache[source_id] = (now, members)
        return members


async def _channel_members(client: AsyncWebClient, channel: str) -> frozenset[str]:
    members: set[str] = set()
    cursor = None
    for _ in range(MAX_PAGES):
        page = await client.conversations_members(channel=channel, limit=PAGE_SIZE,
                                                  cursor=cursor)
        members.update(page.get("members") or [])
        cursor = (page.get("response_metadata") or {}).get("next_cursor")
        if not cursor:
            break
    return frozenset(members)


async def _group_members(client: AsyncWebClient, group: str) -> frozenset[str]:
    found = await client.usergroups_users_list(usergroup=group)
    return frozenset(found.get("users") or [])


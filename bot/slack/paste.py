"""Answer a pasted error in its thread: match off the event loop, reply, count the codes."""

from __future__ import annotations

import asyncio
import logging

from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.card import reply_message, suggestions_message
from bot.domain.results import MatchResult
from bot.slack.services import Services
from bot.store.base import StoreError

log = logging.getLogger(__name__)


async def match(services: Services, text: str, *, explicit: bool) -> MatchResult:
    # A 40,000-character paste takes real CPU time: keep the event loop free to ack others.
    return await asyncio.to_thread(services.matcher.match, text, explicit=explicit)


def matched_codes(result: MatchResult) -> tuple[str, ...]:
    return tuple(dict.fromkeys(m.code for m in result.matches))


async def record_matches(services: Services, team_id: str | None, codes: tuple[str, ...]) -> None:
    """Statistics are best effort: a store failure must not cost the person their answer."""
    for code in codes:
        try:
            await services.store.record_match(team_id or "", code)
        except StoreError as exc:
            log.warning("event=record_match_failed code=%s error=%s", code, type(exc).__name__)


async def answer_paste(
    services: Services,
    client: AsyncWebClient,
    *,
    team_id: str | None,
    channel: str,
    thread_ts: str,
    text: str,
    asked: bool,
) -> tuple[str, ...]:
    """Reply in the thread when something matched; when nothing did, reply only if the
    person ``asked`` (DM or mention): in a channel, chit-chat gets silence.
    Returns the matched codes."""
    result = await match(services, text, explicit=asked)
    if result.matches:
        message = reply_message(result)
    elif asked:
        message = suggestions_message(result)
    else:
        return ()
    await client.chat_postMessage(
        channel=channel,
        thread_ts=thread_ts,
        unfurl_links=False,
        unfurl_media=False,
        **message.as_kwargs(),
    )
    codes = matched_codes(result)
    await record_matches(services, team_id, codes)
    return codes

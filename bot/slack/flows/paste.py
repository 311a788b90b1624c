"""Answer a pasted error in its thread: match off the event loop, reply, count the codes."""

from __future__ import annotations

import asyncio
import time
from functools import partial

from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.card import reply_message
from bot.domain.checklist import ThreadRef
from bot.domain.outbox import OutboxKind
from bot.domain.results import MatchResult, worth_posting
from bot.slack.flows import escalation, owed
from bot.slack.wiring.services import Services

# A short paste matches in well under a millisecond: cheaper inline than a trip to a thread.
# A long one (40,000 characters: ~20 ms) goes to a single worker, so that the event loop
# keeps acking and never fights several CPU-bound threads for the GIL (Services.matching).
INLINE_MATCH_CHARS = 2_000


async def match(services: Services, text: str, *, explicit: bool) -> MatchResult:
    started = time.perf_counter()
    if len(text) <= INLINE_MATCH_CHARS:
        result = services.matcher.match(text, explicit=explicit)
    else:
        result = await asyncio.get_running_loop().run_in_executor(
            services.matching, partial(services.matcher.match, text, explicit=explicit))
    services.metrics.match_seconds.observe(time.perf_counter() - started)
    return result


def matched_codes(result: MatchResult) -> tuple[str, ...]:
    return tuple(dict.fromkeys(m.entry.name for m in result.matches))


async def record_matches(services: Services, team_id: str | None, codes: tuple[str, ...]) -> None:
    """Counted in memory, no round trip: the store writes them in batches (bot.store.shared),
    and a store failure never costs the person their answer."""
    for code in codes:
        services.metrics.matches.labels(code).inc()
        await services.store.record_match(team_id or "", code)


async def answer_paste(
    services: Services,
    client: AsyncWebClient,
    *,
    team_id: str | None,
    channel: str,
    thread_ts: str,
    text: str,
    asked: bool,
    user_id: str = "",
) -> tuple[str, ...] | None:
    """Reply in the thread when something matched or is most likely; otherwise only if the
    person ``asked`` (DM or mention): in a channel, chit-chat gets silence. A needs-support
    error also gets the log-collection checklist under its card, started by ``user_id``.
    Returns the matched codes, or None when the bot stayed silent."""
    result = await match(services, text, explicit=asked)
    if not worth_posting(result, asked=asked):  # the same rule as `lookup --channel`
        return None
    thread = ThreadRef(channel, thread_ts)
    card = owed.reply_item(OutboxKind.CARD, thread, reply_message(result), team_id or "")
    # the paste path's one store trip after the ack; the outbox posts it at once
    await owed.send_replies(services, client, [card])
    codes = matched_codes(result)
    await record_matches(services, team_id, codes)
    if entry := escalation.needs_support(result):
        await escalation.after_paste(
            services, team_id=team_id or "", thread=thread, entry=entry, user_id=user_id)
    return codes

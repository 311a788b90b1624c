"""/mfa-error TEXT | list | help: a private answer to the person who typed it."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.context.respond.async_respond import AsyncRespond

from bot.blocks.card import catalogue_message, reply_message, suggestions_message, usage_message
from bot.blocks.stats import stats_message
from bot.logs import log_request
from bot.slack.paste import match, matched_codes, record_matches
from bot.slack.services import services_of

COMMAND = "/mfa-error"
STATS = re.compile(r"^stats(?:\s+(\d{1,3})\s*d?)?$", re.IGNORECASE)  # stats, stats 30d
DEFAULT_STATS_DAYS = 7
MAX_STATS_DAYS = 365


def stats_days(text: str) -> int | None:
    """``stats`` -> 7, ``stats 30d`` -> 30; None when ``text`` is not a stats request."""
    found = STATS.match(text)
    if not found:
        return None
    days = int(found[1] or DEFAULT_STATS_DAYS)
    return days if 0 < days <= MAX_STATS_DAYS else None


async def mfa_error(
    ack: AsyncAck, command: dict, respond: AsyncRespond, context: AsyncBoltContext
) -> None:
    await ack()  # within Slack's 3 seconds, before any matching
    started = time.perf_counter()
    services = services_of(context)
    text = (command.get("text") or "").strip()
    codes: tuple[str, ...] = ()
    if text.lower() in ("", "help"):
        form, message = "help", usage_message()
    elif text.lower() == "list":
        form, message = "list", catalogue_message(services.kb)
    elif days := stats_days(text):
        form = "stats"
        since = datetime.now(UTC) - timedelta(days=days)
        message = stats_message(await services.store.stats(context.team_id or "", since), days)
    else:
        form = "paste"
        result = await match(services, text, explicit=True)
        codes = matched_codes(result)
        message = reply_message(result, share=True) if codes else suggestions_message(result)
    await respond(
        response_type="ephemeral", unfurl_links=False, unfurl_media=False, **message.as_kwargs()
    )
    await record_matches(services, context.team_id, codes)
    log_request(
        "command", started, form=form, matched=codes, channel=command.get("channel_id")
    )

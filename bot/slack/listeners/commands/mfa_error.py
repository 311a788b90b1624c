"""/mfa-error TEXT | list | help: a private answer to the person who typed it."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from bot.blocks.card import catalogue_message, reply_message, suggestions_message, usage_message
from bot.blocks.stats import stats_message
from bot.slack.flows.paste import match, matched_codes, record_matches
from bot.slack.wiring.listener import Request, listener

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


@listener("command")
async def mfa_error(request: Request) -> None:
    services, command = request.services, request.body
    text = (command.get("text") or "").strip()
    codes: tuple[str, ...] = ()
    if text.lower() in ("", "help"):
        form, message = "help", usage_message()
    elif text.lower() == "list":
        form, message = "list", catalogue_message(services.kb)
    elif days := stats_days(text):
        form = "stats"
        since = datetime.now(UTC) - timedelta(days=days)
        message = stats_message(await services.store.stats(request.team_id, since), days,
                                await services.store.undelivered_handoffs(request.team_id))
    else:
        form = "paste"
        result = await match(services, text, explicit=True)
        codes = matched_codes(result)
        message = reply_message(result, share=True) if codes else suggestions_message(result)
    await request.respond(
        response_type="ephemeral", unfurl_links=False, unfurl_media=False, **message.as_kwargs()
    )
    await record_matches(services, request.team_id, codes)
    request.log(form=form, matched=codes, channel=command.get("channel_id"))

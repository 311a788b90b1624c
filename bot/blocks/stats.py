"""The reply to ``/mfa-error stats 7d``: what matched, what fixed it, how escalations went."""

from __future__ import annotations

from collections.abc import Sequence

from bot.blocks import limits
from bot.blocks.elements import context, fields, header, section
from bot.blocks.labels import duration
from bot.blocks.message import Message
from bot.blocks.text import escape, pack
from bot.domain.stats import Stats

MAX_CODES = 100  # the rest are summed in one line


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else plural or word + 's'}"


MAX_UNDELIVERED = 50  # hand-off numbers listed; more are counted


def undelivered_line(handoff_ids: Sequence[int]) -> str:
    """Hand-offs whose support message, thread notice or webhook event is still owed."""
    shown = ", ".join(f"#{n}" for n in handoff_ids[:MAX_UNDELIVERED])
    more = len(handoff_ids) - MAX_UNDELIVERED
    if more > 0:
        shown += f" and {more} more"
    return (f":hourglass: Hand-offs still on their way ({len(handoff_ids)}): {shown}. "
            "Slack or the ticket system has not taken them yet; they are retried.")


def stats_message(stats: Stats, days: int, undelivered: Sequence[int] = ()) -> Message:
    title = f"MFA NPS-extension errors, last {_plural(days, 'day')}"
    matches = sum(c.matches for c in stats.codes)
    waiting = [context(undelivered_line(undelivered))] if undelivered else []
    if not stats.codes and not stats.escalations_opened and not stats.escalations_resolved:
        return Message(f"{title}: no data yet",
                       [header(title), section("No data yet."), *waiting])
    lines = [f"`{escape(c.code)}` · {_plural(c.matches, 'match', 'matches')} · "
             f"fixed it {c.fixed} · didn't help {c.not_fixed}" for c in stats.codes[:MAX_CODES]]
    blocks = [header(title)]
    blocks.extend(section(chunk) for chunk in pack(lines, limits.SECTION_TEXT))
    if len(stats.codes) > MAX_CODES:
        blocks.append(context(f"…and {len(stats.codes) - MAX_CODES} more codes"))
    median = stats.median_seconds_to_resolve
    blocks.append(fields([
        f"*Escalations opened*\n{stats.escalations_opened}",
        f"*Escalations resolved*\n{stats.escalations_resolved}",
        f"*Median time to resolve*\n{duration(median) if median is not None else '-'}",
    ]))
    blocks.extend(waiting)
    text = (f"{title}: {_plural(matches, 'match', 'matches')} across "
            f"{_plural(len(stats.codes), 'code')}, "
            f"{_plural(stats.escalations_opened, 'escalation')} opened")
    return Message(text, blocks)

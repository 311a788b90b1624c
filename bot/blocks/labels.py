"""How domain values read in messages: categories, states, progress, durations, times."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.domain.handoff import Handoff, HandoffState
from bot.domain.knowledge import Actor, Category, Entry

CATEGORY = {
    Category.ERROR: (":wrench:", "Error to fix"),
    Category.USER_WARNING: (":information_source:", "User warning"),
    Category.NEEDS_SUPPORT: (":sos:", "Needs support"),
}
ACTOR = {Actor.ADMIN: "admin", Actor.END_USER: "end user", Actor.SUPPORT: "support"}


def category_heading(category: Category) -> str:
    emoji, words = CATEGORY[category]
    return f"{emoji} {words}"


def category_label(entry: Entry) -> str:
    """":wrench: Error to fix · admin"; who acts is implied for needs-support entries."""
    heading = category_heading(entry.category)
    if entry.category is Category.NEEDS_SUPPORT:
        return heading
    return f"{heading} · {ACTOR[entry.actor]}"


def progress(done: int, total: int) -> str:
    return f"{done} of {total} step{'s' if total != 1 else ''} done"


def slack_time(when: datetime) -> str:
    """Shown in each reader's own time zone; the fallback is UTC."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)  # the store keeps UTC
    utc = when.astimezone(UTC)
    return f"<!date^{int(utc.timestamp())}^{{time}}|{utc:%H:%M} UTC>"


def slack_date(when: datetime) -> str:
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    utc = when.astimezone(UTC)
    return f"<!date^{int(utc.timestamp())}^{{date_short}} {{time}}|{utc:%Y-%m-%d %H:%M} UTC>"


def handoff_state(handoff: Handoff) -> str:
    """"Open" / "Taken by <@U>" / "Resolved by <@U>" (mrkdwn; user IDs come from Slack)."""
    if handoff.state is HandoffState.RESOLVED:
        return f":white_check_mark: Resolved by {mention(handoff.resolved_by)}"
    if handoff.state is HandoffState.TAKEN:
        return f":raising_hand: Taken by {mention(handoff.assignee)}"
    return ":hourglass_flowing_sand: Open"


def mention(user_id: str | None) -> str:
    """A user mention, only for IDs Slack gave us; anything else is shown escaped-safe."""
    if user_id and user_id.isalnum():
        return f"<@{user_id}>"
    return "someone"


def duration(seconds: float) -> str:
    """"3 h 12 min", "45 min", "2 d 5 h", "under 1 min"."""
    minutes = int(seconds // 60)
    if minutes < 1:
        return "under 1 min"
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return f"{days} d {hours} h" if hours else f"{days} d"
    if hours:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    return f"{minutes} min"

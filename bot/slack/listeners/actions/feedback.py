"""Fixed it / Didn't help: one vote per person per card, acknowledged privately."""

from __future__ import annotations

from bot.blocks import ids
from bot.blocks.replies import THANKS_FIXED, THANKS_NOT_FIXED
from bot.slack.listeners.actions.stale import clicked_entry
from bot.slack.wiring.listener import Request, listener


@listener("feedback", acks=True)
async def feedback(request: Request) -> None:
    entry = await clicked_entry(request)
    if entry is None:
        return
    fixed = request.action["action_id"] == ids.FEEDBACK_FIXED
    container = request.body.get("container", {})
    message = request.body.get("message", {})
    await request.store(request.services.store.record_feedback(
        request.team_id,
        entry.name,
        container.get("message_ts") or message.get("ts", ""),
        request.user_id,
        fixed,
    ))
    await request.tell(THANKS_FIXED if fixed else THANKS_NOT_FIXED)
    request.log(code=entry.name, fixed=fixed, channel=request.context.channel_id)

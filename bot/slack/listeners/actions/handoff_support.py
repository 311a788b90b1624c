"""Support's buttons on a hand-off: Take it and Resolved, for support members only."""

from __future__ import annotations

from bot.blocks import ids
from bot.blocks.replies import CANNOT_CHECK, NOT_SUPPORT, already_done
from bot.domain.webhook import HandoffEvent
from bot.slack.flows import handoff
from bot.slack.flows.escalation import clicked_on
from bot.slack.listeners.actions.stale import answer_stale
from bot.slack.wiring.listener import Request, listener, within


@listener("handoff_support", acks=True)
async def take_or_resolve(request: Request) -> None:
    services, client, user_id = request.services, request.client, request.user_id
    handoff_id = ids.parse_id(request.action.get("value"))
    if handoff_id is None:
        await answer_stale(request)
        return
    try:  # the member lists are cached; a slow Slack must not hold the ack
        member = await within(request.budget_left(),
                              services.support_team.includes(client, services.settings, user_id))
    except TimeoutError:
        member = None
    if not member:
        await request.tell(CANNOT_CHECK if member is None else NOT_SUPPORT)
        request.log("handoff_refused", handoff=handoff_id, unchecked=member is None)
        return
    clicked = await request.store(services.store.get_handoff(handoff_id))
    # Only from the hand-off's own message in the support channel.
    if clicked is None or not clicked_on(request.body, clicked.support_channel,
                                         clicked.support_message_ts):
        await answer_stale(request)
        return
    take = request.action["action_id"] == ids.HANDOFF_TAKE
    change = services.store.take_handoff if take else services.store.resolve_handoff
    found, changed = await request.store(change(handoff_id, user_id))
    await request.ack()
    if changed:  # only the click that changed the store tells the thread (and the webhook)
        event = HandoffEvent.TAKEN if take else HandoffEvent.RESOLVED
        await handoff.owe_event(services, client, found, event, request.team_id)
    elif user_id != (found.assignee if take else found.resolved_by):
        # Someone else got there first; a double click of one's own needs no answer.
        await request.tell(already_done(found))
    request.log("handoff_take" if take else "handoff_resolve", handoff=found.id,
                changed=changed, state=found.state.value)

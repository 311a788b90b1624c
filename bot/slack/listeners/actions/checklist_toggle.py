"""A tick or untick on the checklist: saved, then acknowledged, then shown to everyone."""

from __future__ import annotations

from bot.blocks.checklist import toggled_steps
from bot.domain.handoff import HandoffState
from bot.domain.outbox import OutboxKind
from bot.slack.flows import escalation, owed
from bot.slack.listeners.actions.stale import answer_stale
from bot.slack.wiring.listener import Request, listener


@listener("checklist_toggle", acks=True)
async def checklist_toggle(request: Request) -> None:
    services, action, store = request.services, request.action, request.services.store
    selected = [o["value"] for o in action.get("selected_options") or []]
    # What THIS click changed, from the view the clicker saw: others' ticks since stay.
    found = toggled_steps(services.kb.procedure, action.get("block_id", ""), selected)
    if found is None:
        await answer_stale(request)
        return
    checklist_id, changes = found
    checklist = await request.store(store.get_checklist_by_id(checklist_id))
    if checklist is None or not escalation.on_checklist(request.body, checklist):
        await answer_stale(request)
        return
    for step_id, done in changes.items():
        if checklist.step(step_id) is not None:  # not a step added to the procedure since
            await request.store(store.set_step(checklist_id, step_id, done, request.user_id))
    await request.ack()  # only now: an acknowledged tick is a saved tick
    # Re-rendered even when nothing changed: it refreshes the clicker's stale view.
    updates = [owed.checklist_item(OutboxKind.CHECKLIST_UPDATE, checklist.thread,
                                   checklist_id, request.team_id)]
    # Support sees the progress too, once the thread has been handed off.
    handed_off = await store.get_handoff_for_thread(checklist.thread)
    if handed_off is not None and handed_off.state is not HandoffState.RESOLVED:
        updates.append(owed.support_update(handed_off, request.team_id))
    await services.outbox.send(updates)
    ticked = sum(changes.values())
    request.log(checklist=checklist_id, ticked=ticked, unticked=len(changes) - ticked)

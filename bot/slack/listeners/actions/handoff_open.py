"""Hand off to support: open the form, pre-filled from the thread's paste."""

from __future__ import annotations

from bot.blocks import ids
from bot.blocks.handoff import handoff_modal
from bot.blocks.replies import NO_SUPPORT_CHANNEL, already_with_support
from bot.domain.handoff import HandoffState
from bot.slack.flows import handoff
from bot.slack.flows.escalation import lost, on_checklist
from bot.slack.listeners.actions.stale import answer_stale
from bot.slack.wiring.listener import Request, listener


@listener("handoff_open")  # acked first: views.open must follow within the trigger's 3 s
async def handoff_open(request: Request) -> None:
    services, store = request.services, request.services.store
    if services.settings.support_channel is None:
        await request.tell(NO_SUPPORT_CHANNEL)
        return
    checklist_id = ids.parse_id(request.action.get("value"))
    checklist = None if checklist_id is None else await request.store(
        store.get_checklist_by_id(checklist_id), reading=True)
    # Only from the checklist's own message: the form shows what its thread's paste says.
    if checklist is None or not on_checklist(request.body, checklist):
        await answer_stale(request)
        return
    existing = await request.store(store.get_handoff_for_thread(checklist.thread), reading=True)
    if existing and existing.state is not HandoffState.RESOLVED \
            and not lost(existing.support_message_ts, existing.created_at):
        await request.tell(already_with_support(existing))
        return
    form = await handoff.prefill(request.client, checklist)
    bundles = await request.store(store.list_bundle_reports(checklist.thread), reading=True)
    await request.client.views_open(
        trigger_id=request.body["trigger_id"],
        view=handoff_modal(form, checklist.id, checklist.thread, bundles=bundles))
    request.log(checklist=checklist.id,
                prefilled=sorted(k for k, v in form.__dict__.items() if v))

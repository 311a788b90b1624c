"""The hand-off to support: the form, the message in the support channel, the thread notice."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from bot.blocks import ids, limits
from bot.blocks.bundle import handoff_logs_text
from bot.blocks.elements import Block, actions, button, context, fields, header, plain, section
from bot.blocks.elements import permalink as permalink_markup
from bot.blocks.labels import handoff_state, mention, progress, slack_date
from bot.blocks.message import Message
from bot.blocks.text import clean, escape, quote_paste, truncate
from bot.domain.bundle.report import BundleReport
from bot.domain.checklist import Checklist, ThreadRef
from bot.domain.handoff import Handoff, HandoffForm, HandoffState
from bot.domain.knowledge import Entry

SHORT_INPUT = 200  # GUIDs, UPNs and times; room for what a paste had around them
FIELD_VALUE = 200
WHAT_HAPPENED = 2500


def _input(field: str, label: str, hint: str, initial: str, *, optional: bool,
           multiline: bool = False) -> Block:
    limit = limits.INPUT_VALUE if multiline else SHORT_INPUT
    element: dict[str, Any] = {"type": "plain_text_input", "action_id": field, "max_length": limit}
    if multiline:
        element["multiline"] = True
    # Inputs show text as typed (no mrkdwn), so only invisible characters are removed.
    value = clean(initial).strip() if multiline else " ".join(clean(initial).split())
    if value:
        element["initial_value"] = truncate(value, limit)
    return {"type": "input", "block_id": field, "optional": optional, "label": plain(label),
            "hint": plain(hint), "element": element}


def handoff_modal(prefill: HandoffForm, checklist_id: int, thread: ThreadRef,
                  bundles: Sequence[BundleReport] = ()) -> dict[str, Any]:
    """The hand-off form, pre-filled from what the paste and thread already told us.
    Validation errors go back through ``modal_errors``, not through this view. The
    checklist's thread travels with its ID, so that a submission is checked against it."""
    option = {"text": plain("The C:\\NPS log zip is attached in the thread"),
              "value": ids.LOGS_ATTACHED_VALUE}
    logs: dict[str, Any] = {"type": "checkboxes", "action_id": "logs_attached",
                            "options": [option]}
    if prefill.logs_attached or any(r.present for r in bundles):
        logs["initial_options"] = [option]
    blocks = [
        section("Support gets these details and a link to the thread."),
        _input("tenant_id", "Tenant ID",
               "A GUID like 72f988bf-86f1-41af-91ab-2d7cd011db47 (Entra admin center > Overview).",
               prefill.tenant_id, optional=False),
        _input("upn", "User (UPN)", "The affected user's sign-in name, like alice@contoso.com.",
               prefill.upn, optional=False),
        _input("correlation_id", "Correlation ID (CID) or session ID",
               "The GUID in the NPS extension event, if there is one.",
               prefill.correlation_id, optional=True),
        _input("occurred_at", "When it happened",
               "As the event log shows it, e.g. 2024-05-01 10:03:12 UTC.",
               prefill.occurred_at, optional=True),
        _input("what_happened", "What happened",
               "What the user did and saw, and what was already tried.",
               prefill.what_happened, optional=True, multiline=True),
        {"type": "input", "block_id": "logs_attached", "optional": True, "label": plain("Logs"),
         "element": logs},
    ]
    if bundles:  # what the bot read in the bundles attached in the thread
        blocks.insert(1, section(handoff_logs_text(bundles)))
    return {
        "type": "modal",
        "callback_id": ids.HANDOFF_MODAL,
        "title": plain("Hand off to support"),
        "submit": plain("Send to support"),
        "close": plain("Cancel"),
        "private_metadata": json.dumps({"checklist_id": checklist_id,
                                        "channel": thread.channel,
                                        "thread_ts": thread.thread_ts}),
        "blocks": blocks,
    }


def modal_errors(errors: dict[str, str]) -> dict[str, Any]:
    """The view_submission response that shows ``errors`` (block_id -> text) under the inputs."""
    return {"response_action": "errors",
            "errors": {block_id: truncate(text, 300) for block_id, text in errors.items()}}


def _code(handoff: Handoff, entry: Entry | None) -> str:
    if entry:
        return entry.name
    return handoff.entry_id.partition(":")[0] or "manual escalation"


def _value(text: str) -> str:
    return quote_paste(text, FIELD_VALUE) or "_not given_"


def _thread(handoff: Handoff, link: str | None) -> str:
    if link:
        return permalink_markup(link, "Open the thread")
    channel = handoff.thread.channel
    return f"<#{channel}>" if channel.isalnum() else "_unknown_"


_GROUP_ID = re.compile(r"^S[A-Z0-9]{2,}$")  # never user text: from MFA_BOT_SUPPORT_GROUP


def handoff_support_message(handoff: Handoff, entry: Entry | None, checklist: Checklist | None,
                            permalink: str | None, *, notify_group: str | None = None,
                            bundles: Sequence[BundleReport] = ()) -> Message:
    """The message in the support channel; re-rendered when someone takes or resolves it.
    ``notify_group`` (a user group ID from the settings) is pinged while the hand-off is
    open; Slack notifies on the first post only, never on the updates."""
    form = handoff.form
    code = _code(handoff, entry)
    blocks = [header(f"Hand-off #{handoff.id}: {code}")]
    if notify_group and _GROUP_ID.match(notify_group) and handoff.state is HandoffState.OPEN:
        blocks.append(context(f"<!subteam^{notify_group}>: a new hand-off needs someone."))
    if entry:
        about = f"*{escape(entry.summary)}*"
        if entry.message:
            about += "\n>" + escape(" ".join(entry.message.split()))
        blocks.append(section(about))
    blocks.append(fields([
        f"*Tenant ID*\n{_value(form.tenant_id)}",
        f"*UPN*\n{_value(form.upn)}",
        f"*CID / session*\n{_value(form.correlation_id)}",
        f"*When*\n{_value(form.occurred_at)}",
        f"*Logs attached*\n{_logs(form, bundles)}",
        f"*Checklist*\n{progress(checklist.done_count, checklist.total) if checklist else 'none'}",
        f"*Requested by*\n{mention(handoff.requested_by)}, {slack_date(handoff.created_at)}",
        f"*Thread*\n{_thread(handoff, permalink)}",
    ]))
    if bundles:
        blocks.append(section(handoff_logs_text(bundles)))
    if form.what_happened.strip():
        quoted = "\n".join(f">{line}" for line in
                           truncate(escape(form.what_happened.strip()), WHAT_HAPPENED).splitlines())
        blocks.append(section(f"*What happened*\n{quoted}"))
    blocks.append(context(handoff_state(handoff)))
    buttons = []
    if handoff.state is HandoffState.OPEN:
        buttons.append(button("Take it", ids.HANDOFF_TAKE, str(handoff.id), style="primary"))
    if handoff.state is not HandoffState.RESOLVED:
        buttons.append(button("Resolved", ids.HANDOFF_RESOLVE, str(handoff.id)))
    if buttons:
        blocks.append(actions(buttons))
    text = f"Hand-off #{handoff.id} to support: {code} ({handoff.state.value})"
    return Message(truncate(escape(text), 1000), blocks)


def _logs(form: HandoffForm, bundles: Sequence[BundleReport]) -> str:
    if any(r.present for r in bundles):
        return "Yes, verified by mfa-bot"
    return "Yes" if form.logs_attached else "No"


def handoff_thread_notice(handoff: Handoff) -> Message:
    """Tells the thread where its hand-off stands."""
    if handoff.state is HandoffState.OPEN:
        channel = handoff.support_channel
        where = f" in <#{channel}>" if channel and channel.isalnum() else ""
        shown = f":sos: Sent to support{where}: they will follow up in this thread."
        text = "Sent to support: they will follow up in this thread."
    else:
        shown = handoff_state(handoff)
        text = f"Support hand-off {handoff.state.value}."
    return Message(text, [section(shown)])

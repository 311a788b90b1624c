"""The hand-off to support: the form's pre-fill, the support message and the thread notice."""

from __future__ import annotations

import asyncio
import json
import logging

import aiohttp
from slack_sdk.errors import SlackClientError
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks import ids
from bot.blocks.handoff import handoff_support_message
from bot.blocks.message import Message
from bot.domain.checklist import Checklist, ThreadRef
from bot.domain.handoff import Handoff, HandoffForm
from bot.domain.paste_context import extract_context
from bot.domain.webhook import HandoffEvent
from bot.slack.flows import owed
from bot.slack.flows.escalation import permalink
from bot.slack.wiring.deadline import within
from bot.slack.wiring.services import Services

log = logging.getLogger(__name__)

# Slack's trigger_id expires 3 seconds after the click: the pre-fill must not eat them all.
PREFILL_SECONDS = 1.5
LINK_SECONDS = 1.0

async def prefill(client: AsyncWebClient, checklist: Checklist) -> HandoffForm:
    """What the thread's first message (the paste, which we never store) tells support;
    an empty form when it cannot be read in time."""
    thread = checklist.thread
    try:
        async with asyncio.timeout(PREFILL_SECONDS):
            replies = await client.conversations_replies(
                channel=thread.channel, ts=thread.thread_ts, limit=1)
    except (SlackClientError, aiohttp.ClientError, TimeoutError) as exc:
        log.info("event=prefill_failed error=%s", type(exc).__name__)
        return HandoffForm()
    messages = replies.get("messages") or []
    found = extract_context((messages[0].get("text") or "") if messages else "")
    return HandoffForm(
        tenant_id=found.tenant_id or "",
        upn=found.user or "",
        correlation_id=found.correlation_id or "",
        occurred_at=found.timestamp or "",
        what_happened=f"NPS server: {found.server}\n" if found.server else "",
    )


def checklist_of(view: dict) -> tuple[int, ThreadRef] | None:
    """(checklist ID, its thread) as the form was opened for; None when the metadata is
    not what handoff_modal wrote."""
    try:
        metadata = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        return None
    if not isinstance(metadata, dict):
        return None
    checklist_id = ids.parse_id(str(metadata.get("checklist_id")))
    channel, thread_ts = metadata.get("channel"), metadata.get("thread_ts")
    if checklist_id is None or not isinstance(channel, str) or not isinstance(thread_ts, str):
        return None
    return checklist_id, ThreadRef(channel, thread_ts)


def form_of(view: dict) -> HandoffForm:
    """The submitted inputs (block_id and action_id are both the field's name). Slack sends
    text inputs as strings: anything else counts as left empty."""
    values = view.get("state", {}).get("values", {})

    def state(name: str) -> dict:
        return values.get(name, {}).get(name, {})

    def text(name: str) -> str:
        value = state(name).get("value")
        return value if isinstance(value, str) else ""

    texts = {name: text(name) for name in ids.HANDOFF_FIELDS if name != "logs_attached"}
    options = state("logs_attached").get("selected_options")
    ticked = {o.get("value") for o in options if isinstance(o, dict)} \
        if isinstance(options, list) else set()
    return HandoffForm(**texts, logs_attached=ids.LOGS_ATTACHED_VALUE in ticked)


async def owe_event(services: Services, client: AsyncWebClient, found: Handoff,
                    event: HandoffEvent, team_id: str) -> None:
    """Owe what a hand-off event brings: Slack's posts at once (a paste in the thread just
    after must not overtake them), then the webhook's event with the thread's link, which
    Slack has LINK_SECONDS to give (the event must not wait on a Slack outage)."""
    await services.outbox.send(owed.handoff_items(found, event, team_id))
    if not services.settings.handoff_webhook_url:
        return
    thread = found.thread
    try:
        link = await within(LINK_SECONDS, permalink(client, thread.channel, thread.thread_ts))
    except TimeoutError:
        link = None
    await services.outbox.send([await owed.webhook_item(services, found, event, team_id, link)])


async def refresh_support_message(
    services: Services, client: AsyncWebClient, handoff_id: int
) -> None:
    """Show the stored state (taken by, resolved by) on the support message."""
    async with services.message_locks.lock(f"handoff:{handoff_id}"):
        handoff = await services.store.get_handoff(handoff_id)
        if handoff is None or not handoff.support_channel or not handoff.support_message_ts:
            return
        await client.chat_update(
            channel=handoff.support_channel,
            ts=handoff.support_message_ts,
            unfurl_links=False,
            unfurl_media=False,
            **(await support_message(services, client, handoff)).as_kwargs(),
        )


async def support_message(
    services: Services, client: AsyncWebClient, handoff: Handoff
) -> Message:
    checklist = await services.store.get_checklist(handoff.thread)
    link = await permalink(client, handoff.thread.channel, handoff.thread.thread_ts)
    bundles = await services.store.list_bundle_reports(handoff.thread)
    return handoff_support_message(handoff, services.kb.get(handoff.entry_id), checklist, link,
                                   notify_group=services.settings.support_group,
                                   bundles=bundles)

"""Every post the bot owes goes through the outbox (bot/domain/outbox.py): written down
first, then delivered by the sender (bot/delivery/sender.py), which retries through Slack
outages and restarts (flows/outbox.py says what each kind does in Slack). This module
makes the items.

Lanes: everything about one thread (its card, checklist and its updates, the hand-off's
support message and its updates, the thread notices) shares the thread's lane, so it
arrives in the order it was written; a hand-off's webhook events have a lane of their
own, so a Slack outage does not hold up the ticket system.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace

from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.handoff import handoff_thread_notice
from bot.blocks.message import Message
from bot.domain.checklist import ThreadRef
from bot.domain.handoff import Handoff
from bot.domain.outbox import NewOutboxItem, OutboxKind, thread_lane, webhook_lane
from bot.domain.webhook import HandoffEvent, event_document
from bot.slack.wiring.services import Services
from bot.store.base import StoreError

log = logging.getLogger(__name__)

QUIET = {"unfurl_links": False, "unfurl_media": False}


def lane(thread: ThreadRef) -> str:
    return thread_lane(thread.channel, thread.thread_ts)


def reply_item(kind: OutboxKind, thread: ThreadRef, message: Message, team_id: str = "",
               handoff_id: int | None = None) -> NewOutboxItem:
    """A reply rendered now (a card, a thread notice): it says what was true then."""
    kwargs = {"channel": thread.channel, "thread_ts": thread.thread_ts, **QUIET,
              **message.as_kwargs()}
    return NewOutboxItem(kind, lane(thread), {"message": kwargs}, team_id, handoff_id)


def checklist_item(kind: OutboxKind, thread: ThreadRef, checklist_id: int,
                   team_id: str = "") -> NewOutboxItem:
    """The checklist's post or update: rendered when delivered, from the latest state."""
    return NewOutboxItem(kind, lane(thread), {"checklist_id": checklist_id}, team_id)


def handoff_items(found: Handoff, event: HandoffEvent, team_id: str) -> list[NewOutboxItem]:
    """What a hand-off event owes in Slack: the support message (new, or updated) and the
    thread's notice, in the thread's lane."""
    thread, hid = found.thread, found.id
    kind = OutboxKind.HANDOFF_MESSAGE if event is HandoffEvent.OPENED \
        else OutboxKind.HANDOFF_UPDATE
    notice = reply_item(OutboxKind.THREAD_NOTICE, thread, handoff_thread_notice(found),
                        team_id, hid)
    return [
        NewOutboxItem(kind, lane(thread), {"handoff_id": hid}, team_id, hid),
        # "opened": the notice checks that the support message made it (flows/outbox.py).
        replace(notice, payload={**(notice.payload or {}),
                                 "opened": event is HandoffEvent.OPENED}),
    ]


async def webhook_item(services: Services, found: Handoff, event: HandoffEvent, team_id: str,
                       permalink: str | None) -> NewOutboxItem:
    """The event for the ticket system; its body is fixed now, so every retry sends the
    same."""
    at = {HandoffEvent.OPENED: found.created_at, HandoffEvent.TAKEN: found.taken_at,
          HandoffEvent.RESOLVED: found.resolved_at}[event] or found.created_at
    checklist = await services.store.get_checklist(found.thread)
    return NewOutboxItem(OutboxKind.WEBHOOK, webhook_lane(found.id), event_document(
        event, found, services.kb.get(found.entry_id), checklist, permalink, at),
        team_id, found.id)


def support_update(found: Handoff, team_id: str) -> NewOutboxItem:
    """Re-render the support message (ticks, attached logs): in the thread's lane, so
    never before the message itself."""
    return NewOutboxItem(OutboxKind.HANDOFF_UPDATE, lane(found.thread),
                         {"handoff_id": found.id}, team_id, found.id)


async def send_replies(services: Services, client: AsyncWebClient,
                       items: Sequence[NewOutboxItem]) -> None:
    """Owe ``items`` through the outbox. Without a database to write them to, the replies
    among them (rendered already: reply_item) are posted directly, as before the outbox,
    rather than lost; the rest need the store anyway."""
    try:
        await services.outbox.send(items)
    except StoreError as exc:
        log.warning("event=outbox_write_failed kinds=%s error=%s",
                    ",".join(item.kind.value for item in items), type(exc).__name__)
        for item in items:
            if item.payload and "message" in item.payload:
                await client.chat_postMessage(**item.payload["message"])

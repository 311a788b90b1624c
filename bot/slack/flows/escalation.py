"""The log-collection checklist: posted once per thread, re-rendered from the store.

The store is the truth: every change is saved there first, then the message is rendered
again from what the store holds, never from what a click's (possibly stale) view showed.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import aiohttp
from slack_sdk.errors import SlackClientError
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.checklist import checklist_message
from bot.blocks.message import Message
from bot.blocks.replies import checklist_placeholder
from bot.domain.bundle.report import BundleReport, tick_sources
from bot.domain.checklist import Checklist, ThreadRef
from bot.domain.knowledge import Category, Entry
from bot.domain.outbox import OutboxKind
from bot.domain.results import MatchResult
from bot.slack.flows import owed
from bot.slack.wiring.services import Services
from bot.store.base import StoreError

log = logging.getLogger(__name__)

# A checklist or hand-off saved but never shown (Slack failed, the bot stopped mid-way) is
# posted again by the next request, once the first one has surely given up.
REPOST_AFTER = timedelta(seconds=30)
# Slack's answers when the bot may not post in a channel.
NOT_IN_CHANNEL = frozenset({"not_in_channel", "channel_not_found"})

def lost(message_ts: str | None, created_at: datetime) -> bool:
    if message_ts is not None:
        return False
    if created_at.tzinfo is None:
        created_at = created_at.replace(tzinfo=UTC)
    return datetime.now(UTC) - created_at > REPOST_AFTER


def render(services: Services, checklist: Checklist,
           bundles: Sequence[BundleReport] = ()) -> Message:
    return checklist_message(
        services.kb.procedure,
        checklist,
        services.kb.get(checklist.entry_id),
        support_configured=services.settings.support_channel is not None,
        sources=tick_sources(bundles, checklist),
    )


def _step_ids(services: Services) -> list[str]:
    return [step.id for step in services.kb.procedure.steps]


async def permalink(client: AsyncWebClient, channel: str, ts: str | None) -> str | None:
    """A link to a message, or None: a missing link must not stop what links to it."""
    if not ts:
        return None
    try:
        found = await client.chat_getPermalink(channel=channel, message_ts=ts)
    except (SlackClientError, aiohttp.ClientError) as exc:
        log.warning("event=permalink_failed error=%s", type(exc).__name__)
        return None
    return found.get("permalink")


async def claim_checklist(
    services: Services, *, team_id: str, thread: ThreadRef, entry: Entry | None, user_id: str,
) -> tuple[Checklist, bool]:
    """The thread's checklist, created (saved) if it has none: (checklist, to be posted)."""
    checklist, created = await services.store.create_checklist(
        team_id, thread, entry.id if entry else "", _step_ids(services), user_id)
    return checklist, created or lost(checklist.message_ts, checklist.created_at)


async def post_checklist(services: Services, checklist: Checklist, team_id: str) -> None:
    """Owe the thread its checklist: the outbox posts it (after the card, in the thread's
    lane) and records its message."""
    await services.outbox.send([
        owed.checklist_item(OutboxKind.CHECKLIST, checklist.thread, checklist.id, team_id)])


async def start_in_thread(
    services: Services, *, team_id: str, thread: ThreadRef, entry: Entry | None, user_id: str,
) -> tuple[Checklist, bool]:
    """Owe ``thread`` the checklist unless it has one: (checklist, to be posted now)."""
    checklist, to_post = await claim_checklist(
        services, team_id=team_id, thread=thread, entry=entry, user_id=user_id)
    if to_post:
        await post_checklist(services, checklist, team_id)
    return checklist, to_post


def clicked_on(body: dict, channel: str | None, message_ts: str | None) -> bool:
    """Whether a click came from the message ``message_ts`` in ``channel``: the checklist's
    or the hand-off's own. An ID in a request is never enough on its own: IDs are
    sequential, so easy to guess."""
    container = body.get("container") or {}
    clicked_channel = (body.get("channel") or {}).get("id") or container.get("channel_id")
    clicked_ts = container.get("message_ts") or (body.get("message") or {}).get("ts")
    return message_ts is not None and (clicked_channel, clicked_ts) == (channel, message_ts)


def on_checklist(body: dict, checklist: Checklist) -> bool:
    return clicked_on(body, checklist.thread.channel, checklist.message_ts)


async def start_in_channel(
    services: Services, client: AsyncWebClient, *, team_id: str, channel: str, entry: Entry,
    user_id: str,
) -> Checklist | None:
    """For a private card, which has no thread: the checklist becomes a new channel message,
    and its thread is where the escalation goes on. Raises SlackApiError (not_in_channel...)
    when the bot may not post there."""
    # Posted first because the checklist's thread is this message; filled in just after.
    placeholder = await client.chat_postMessage(
        channel=channel, text=checklist_placeholder(entry.name)
    )
    thread = ThreadRef(channel, placeholder["ts"])
    checklist, _ = await services.store.create_checklist(
        team_id, thread, entry.id, _step_ids(services), user_id)
    await services.store.set_checklist_message(checklist.id, placeholder["ts"])
    return await refresh(services, client, checklist.id)


MAX_RENDERS = 5  # bounded: a checklist clicked non-stop is settled by the last clicker


async def refresh(
    services: Services, client: AsyncWebClient, checklist_id: int
) -> Checklist | None:
    """Show the stored state in the checklist message; returns that state.

    The lock orders re-renders within this process. Another replica may still change the
    checklist while our update is in flight, so re-read after updating and render again
    until what Slack shows is what the store holds."""
    async with services.message_locks.lock(f"checklist:{checklist_id}"):
        checklist = await services.store.get_checklist_by_id(checklist_id)
        # Steps ticked from an attached bundle say which file showed them done.
        bundles = [] if checklist is None else await services.store.list_bundle_reports(
            checklist.thread)
        for _ in range(MAX_RENDERS):
            if checklist is None or checklist.message_ts is None:
                return checklist
            await client.chat_update(
                channel=checklist.thread.channel,
                ts=checklist.message_ts,
                unfurl_links=False,
                unfurl_media=False,
                **render(services, checklist, bundles).as_kwargs(),
            )
            latest = await services.store.get_checklist_by_id(checklist_id)
            if latest == checklist:
                break
            checklist = latest
        return checklist


def needs_support(result: MatchResult) -> Entry | None:
    return next((m.entry for m in result.matches
                 if m.entry.category is Category.NEEDS_SUPPORT), None)


async def after_paste(
    services: Services, *, team_id: str, thread: ThreadRef, entry: Entry, user_id: str,
) -> None:
    """A needs-support paste gets the checklist under its card; a thread that already has
    one is left alone (nobody clicked, so nobody needs pointing to it)."""
    try:
        await start_in_thread(
            services, team_id=team_id, thread=thread, entry=entry, user_id=user_id)
    except StoreError as exc:  # the card is already there: the person can still Escalate
        log.warning("event=checklist_store_failed error=%s", type(exc).__name__)

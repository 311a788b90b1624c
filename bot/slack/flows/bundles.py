"""Files attached in an escalation thread: fetched, checked against the checklist, read,
summarised in the thread, and the steps whose output arrived ticked by the bot."""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import replace
from typing import Any

import aiohttp
from slack_sdk.errors import SlackClientError
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.bundle import bundle_message, bundle_refused_message
from bot.blocks.message import Message
from bot.blocks.replies import APOLOGY
from bot.domain.bundle import BundleRejected, BundleReport, Caps, analyse
from bot.domain.checklist import ThreadRef
from bot.domain.handoff import HandoffState
from bot.domain.outbox import NewOutboxItem, OutboxKind
from bot.slack.flows import owed
from bot.slack.flows.files import FetchRefused, download
from bot.slack.wiring.services import Services
from bot.store.base import StoreError

log = logging.getLogger(__name__)

# What the checklist's steps produce, or an export of it; screenshots and the like are
# not looked at (or answered) at all.
LOG_SUFFIXES = (".zip", ".evtx", ".etl", ".cab", ".txt", ".csv", ".xml", ".log")
MAX_FILES = 5  # per message
# One bundle at a time per bot (Services.bundle_slot, Services.bundle_reader): memory stays
# at one download plus one reading.


def is_log_file(file: dict[str, Any]) -> bool:
    name = str(file.get("name") or file.get("title") or "").lower()
    return name.endswith(LOG_SUFFIXES) or file.get("filetype") in ("zip", "xml", "csv")


def start(services: Services, client: AsyncWebClient, event: dict[str, Any],
          bot_user_id: str) -> None:
    """Read the event's files in the background: the event is acked at once."""
    task = asyncio.create_task(_guarded(services, client, event, bot_user_id))
    # Registered with the listeners' tasks: a shutdown lets it finish (up to its drain time).
    services.listening.add(task)
    task.add_done_callback(services.listening.discard)


async def _guarded(services: Services, client: AsyncWebClient, event: dict[str, Any],
                   bot_user_id: str) -> None:
    try:
        await handle(services, client, event, bot_user_id)
    except (SlackClientError, aiohttp.ClientError) as exc:  # Slack itself: nowhere to reply
        log.warning("event=bundle_failed error=%s", type(exc).__name__)
    except StoreError as exc:
        log.warning("event=bundle_failed error=%s", type(exc).__name__)
        await _apologise(client, event)
    except Exception as exc:  # a bug: the trace is for operators, never the thread
        log.error("event=bundle_failed error=%s", type(exc).__name__, exc_info=exc)
        await _apologise(client, event)


async def _apologise(client: AsyncWebClient, event: dict[str, Any]) -> None:
    """Whatever failed, the people who attached the files hear that it did."""
    try:
        await client.chat_postMessage(
            channel=event["channel"], thread_ts=event.get("thread_ts") or event["ts"],
            text=APOLOGY)
    except (SlackClientError, aiohttp.ClientError, KeyError) as exc:
        log.warning("event=bundle_apology_failed error=%s", type(exc).__name__)


async def handle(services: Services, client: AsyncWebClient, event: dict[str, Any],
                 bot_user_id: str) -> None:
    thread = ThreadRef(event["channel"], event.get("thread_ts") or event["ts"])
    files = [f for f in event.get("files") or [] if isinstance(f, dict)]
    mentioned = f"<@{bot_user_id}" in (event.get("text") or "") or \
        event.get("channel_type") == "im"
    checklist = await services.store.get_checklist(thread)
    if checklist is None and not mentioned:
        return  # not an escalation thread, and nobody asked
    for file in files[:MAX_FILES]:
        file = await _complete(client, file)
        if not is_log_file(file):
            continue
        await _one(services, client, thread, file, bot_user_id)


async def _complete(client: AsyncWebClient, file: dict[str, Any]) -> dict[str, Any]:
    """Slack sometimes sends only the file's ID: ask files.info for the rest."""
    if file.get("url_private_download") or file.get("url_private") or not file.get("id"):
        return file
    info = await client.files_info(file=file["id"])
    return info.get("file") or file


async def _one(services: Services, client: AsyncWebClient, thread: ThreadRef,
               file: dict[str, Any], bot_user_id: str) -> None:
    name = str(file.get("name") or "the attachment")
    started = time.perf_counter()
    caps = Caps(max_download=services.settings.max_bundle_mb * 1024 * 1024)
    step_ids = [s.id for s in services.kb.procedure.steps]
    loop = asyncio.get_running_loop()
    async with services.bundle_slot:
        try:
            timeout = aiohttp.ClientTimeout(total=None, sock_connect=10, sock_read=30)
            async with aiohttp.ClientSession(timeout=timeout) as session:
                data = await download(session, file, services.settings)
            report = await loop.run_in_executor(
                services.bundle_reader, analyse, data, name, services.matcher, step_ids, caps)
            del data
        except (FetchRefused, BundleRejected) as exc:
            log.info("event=bundle_refused kind=%s ms=%.0f", exc.kind,
                     (time.perf_counter() - started) * 1000)
            await owed.send_replies(services, client, [_reply(thread, bundle_refused_message(
                name, exc.reason))])
            return
    ticked = await _tick(services, thread, report, bot_user_id)
    # Saved with the steps the bot ticked, so that the checklist can say which file did.
    await services.store.add_bundle_report(
        thread, replace(report, ticks=tuple(ticked), ticked_by=bot_user_id))
    # In the thread's lane: the checklist shows the ticks before the summary speaks of them.
    await owed.send_replies(services, client, [
        *await _progress(services, thread, bool(ticked)),
        _reply(thread, bundle_message(report, services.kb.procedure, ticked))])
    log.info("event=bundle files=%d events=%d errors=%d missing=%d ticked=%d ms=%.0f",
             len(report.files), report.extension_events, len(report.errors),
             len(report.missing), len(ticked), (time.perf_counter() - started) * 1000)


async def _tick(services: Services, thread: ThreadRef, report: BundleReport,
                bot_user_id: str) -> list[str]:
    """Tick, as the bot, the steps this bundle shows done and nobody had ticked yet."""
    checklist = await services.store.get_checklist(thread)
    if checklist is None:
        return []
    ticked = []
    for step_id in report.ticks:
        state = checklist.step(step_id)
        if state is not None and not state.done:
            await services.store.set_step(checklist.id, step_id, True, bot_user_id)
            ticked.append(step_id)
    return ticked


async def _progress(services: Services, thread: ThreadRef, ticked: bool
                    ) -> list[NewOutboxItem]:
    """The checklist shows the new ticks; support's message, once handed off, the logs."""
    updates = []
    checklist = await services.store.get_checklist(thread)
    if checklist is not None and ticked:
        updates.append(owed.checklist_item(OutboxKind.CHECKLIST_UPDATE, thread, checklist.id))
    handed_off = await services.store.get_handoff_for_thread(thread)
    if handed_off is not None and handed_off.state is not HandoffState.RESOLVED:
        updates.append(owed.support_update(handed_off, ""))
    return updates


def _reply(thread: ThreadRef, message: Message) -> NewOutboxItem:
    return owed.reply_item(OutboxKind.THREAD_NOTICE, thread, message)

"""What each kind of outbox item does in Slack, for the sender (bot/delivery/sender.py);
the items themselves are made in flows/owed.py."""

from __future__ import annotations

import logging

from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.replies import cannot_post
from bot.delivery.sender import Handler
from bot.delivery.slack_posts import ephemeral, failed, post_once
from bot.domain.outbox import Delivery, OutboxItem, OutboxKind, Outcome
from bot.slack.flows import escalation
from bot.slack.flows import handoff as handoff_flow
from bot.slack.flows.owed import QUIET
from bot.slack.wiring.services import Services

log = logging.getLogger(__name__)


class SlackHandlers:
    """What each kind of item does in Slack, for the sender."""

    def __init__(self, services: Services, client: AsyncWebClient) -> None:
        self.services, self.client = services, client

    def handlers(self) -> dict[OutboxKind, Handler]:
        return {
            OutboxKind.CARD: self.post_message,
            OutboxKind.THREAD_NOTICE: self.thread_notice,
            OutboxKind.CHECKLIST: self.checklist,
            OutboxKind.CHECKLIST_UPDATE: self.checklist_update,
            OutboxKind.HANDOFF_MESSAGE: self.handoff_message,
            OutboxKind.HANDOFF_UPDATE: self.handoff_update,
        }

    async def post_message(self, item: OutboxItem) -> Delivery:
        assert item.payload is not None  # only settled items lose their payload
        delivery, _ = await post_once(self.client, item, item.payload["message"])
        return delivery

    async def checklist(self, item: OutboxItem) -> Delivery:
        assert item.payload is not None
        store = self.services.store
        checklist = await store.get_checklist_by_id(int(item.payload["checklist_id"]))
        if checklist is None:
            return Delivery(Outcome.FAILED, "checklist_gone")
        if checklist.message_ts is not None:  # shown already
            return Delivery(Outcome.DELIVERED)
        thread = checklist.thread
        delivery, ts = await post_once(self.client, item, {
            "channel": thread.channel, "thread_ts": thread.thread_ts, **QUIET,
            **escalation.render(self.services, checklist).as_kwargs()})
        if ts is not None:  # a StoreError here: retried, and the post found, not repeated
            await store.set_checklist_message(checklist.id, ts)
        return delivery

    async def checklist_update(self, item: OutboxItem) -> Delivery:
        assert item.payload is not None
        try:
            await escalation.refresh(self.services, self.client,
                                     int(item.payload["checklist_id"]))
        except Exception as exc:  # Slack's, the network's: failed() sorts them
            return failed(exc)
        return Delivery(Outcome.DELIVERED)

    async def handoff_message(self, item: OutboxItem) -> Delivery:
        assert item.payload is not None
        store = self.services.store
        found = await store.get_handoff(int(item.payload["handoff_id"]))
        if found is None or not found.support_channel:
            return Delivery(Outcome.FAILED, "handoff_gone")
        if found.support_message_ts is not None:
            return Delivery(Outcome.DELIVERED)
        message = await handoff_flow.support_message(self.services, self.client, found)
        delivery, ts = await post_once(self.client, item, {
            "channel": found.support_channel, **QUIET, **message.as_kwargs()})
        if ts is not None:
            await store.set_handoff_message(found.id, ts)
        return delivery

    async def handoff_update(self, item: OutboxItem) -> Delivery:
        assert item.payload is not None
        try:
            await handoff_flow.refresh_support_message(
                self.services, self.client, int(item.payload["handoff_id"]))
        except Exception as exc:
            return failed(exc)
        return Delivery(Outcome.DELIVERED)

    async def thread_notice(self, item: OutboxItem) -> Delivery:
        """The thread's notice. "Sent to support" only once support has it: the support
        message is earlier in the same lane, so by now it is posted, or it failed for good
        (the bot is not in the support channel), and then the asker is told that instead."""
        assert item.payload is not None
        if item.payload.get("opened") and item.handoff_id is not None:
            found = await self.services.store.get_handoff(item.handoff_id)
            if found is not None and found.support_message_ts is None:
                log.warning("event=support_post_failed handoff=%d", found.id)
                return await ephemeral(self.client, {
                    "channel": found.thread.channel, "user": found.requested_by,
                    "thread_ts": found.thread.thread_ts,
                    "text": cannot_post(found.support_channel or "")})
        return await self.post_message(item)

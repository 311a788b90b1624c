"""Publish a person's App Home tab: open escalations, top errors, the catalogue."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.home import home_view
from bot.domain.handoff import HandoffState
from bot.slack.wiring.services import Services

UNRESOLVED = (HandoffState.OPEN, HandoffState.TAKEN)


async def publish_home(
    services: Services, client: AsyncWebClient, *, team_id: str, user_id: str
) -> None:
    store = services.store
    now = datetime.now(UTC)
    handoffs = await store.list_handoffs(team_id, UNRESOLVED)
    week = await store.stats(team_id, now - timedelta(days=7))
    month = await store.stats(team_id, now - timedelta(days=30))
    view = home_view(services.kb, handoffs, week.codes, month.codes)
    await client.views_publish(user_id=user_id, view=view)

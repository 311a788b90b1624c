"""The App Home search modal was submitted: show what the query matched, in the modal."""

from __future__ import annotations

import time

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext

from bot.blocks import ids
from bot.blocks.search_results import search_results_view
from bot.logs import log_request
from bot.slack.paste import match, matched_codes, record_matches
from bot.slack.services import services_of


def submitted_query(view: dict) -> str:
    values = view.get("state", {}).get("values", {})
    return (values.get(ids.SEARCH_QUERY, {}).get(ids.SEARCH_QUERY, {}).get("value") or "")


async def search_submit(ack: AsyncAck, view: dict, context: AsyncBoltContext) -> None:
    started = time.perf_counter()
    services = services_of(context)
    query = submitted_query(view)
    # The input holds at most 3,000 characters: matching it is quick, well within the
    # 3 seconds Slack gives the answer to a submission.
    result = await match(services, query, explicit=True)
    await ack(response_action="update", view=search_results_view(query, result))
    codes = matched_codes(result)
    await record_matches(services, context.team_id, codes)
    log_request("search", started, matched=codes, chars=len(query))

"""The App Home search modal was submitted: show what the query matched, in the modal."""

from __future__ import annotations

from bot.blocks import ids
from bot.blocks.search_results import search_results_view
from bot.slack.flows.paste import match, matched_codes, record_matches
from bot.slack.wiring.listener import Request, listener


def submitted_query(view: dict) -> str:
    values = view.get("state", {}).get("values", {})
    query = values.get(ids.SEARCH_QUERY, {}).get(ids.SEARCH_QUERY, {}).get("value")
    return query if isinstance(query, str) else ""


@listener("search", acks=True, error_field=ids.SEARCH_QUERY)
async def search_submit(request: Request) -> None:
    query = submitted_query(request.view)
    # The input holds at most 3,000 characters: matching it is quick, well within the
    # 3 seconds Slack gives the answer to a submission.
    result = await match(request.services, query, explicit=True)
    await request.ack(response_action="update", view=search_results_view(query, result))
    codes = matched_codes(result)
    await record_matches(request.services, request.team_id, codes)
    request.log(matched=codes, chars=len(query))

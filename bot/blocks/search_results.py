"""The App Home search modal once a search ran: the query, ready to refine, then the
answer as cards without buttons (card buttons act on a message, and there is none here)."""

from __future__ import annotations

from typing import Any

from bot.blocks import limits
from bot.blocks.card import reply_message, suggestions_message
from bot.blocks.elements import Block
from bot.blocks.home import search_modal
from bot.blocks.text import clean, truncate
from bot.domain.results import MatchResult


def _without_buttons(block: Block) -> Block | None:
    if block["type"] == "actions":
        return None
    if block.get("accessory", {}).get("type") == "button":
        return {k: v for k, v in block.items() if k != "accessory"}
    return block


def search_results_view(query: str, result: MatchResult) -> dict[str, Any]:
    """The search modal again, pre-filled with ``query``, and what it found below."""
    answer = reply_message(result) if result.matches else suggestions_message(result)
    view = search_modal()
    [query_input] = view["blocks"]
    element = {**query_input["element"],
               "initial_value": truncate(clean(query), limits.INPUT_VALUE)}
    # A message has at most 50 blocks, so the answer always fits a modal's 100.
    found = [b for b in map(_without_buttons, answer.blocks) if b is not None]
    return {**view, "blocks": [{**query_input, "element": element}, {"type": "divider"}, *found]}

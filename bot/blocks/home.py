"""The App Home tab and the search modal it opens."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.blocks import ids, limits
from bot.blocks.card import catalogue_sections
from bot.blocks.elements import Block, actions, button, fields, header, plain, section
from bot.blocks.labels import handoff_state, slack_date
from bot.blocks.text import escape
from bot.domain.handoff import Handoff
from bot.domain.knowledge import KnowledgeBase
from bot.domain.stats import CodeStats

MAX_HANDOFFS = 10
TOP_CODES = 10


def _code(kb: KnowledgeBase, entry_id: str) -> str:
    entry = kb.get(entry_id)
    return entry.name if entry else (entry_id.partition(":")[0] or "manual escalation")


def _handoff_line(kb: KnowledgeBase, handoff: Handoff) -> str:
    channel = handoff.thread.channel
    where = f" · <#{channel}>" if channel.isalnum() else ""
    return (f"• *#{handoff.id}* `{escape(_code(kb, handoff.entry_id))}` · {handoff_state(handoff)}"
            f" · since {slack_date(handoff.created_at)}{where}")


def _top(stats: Sequence[CodeStats]) -> str:
    if not stats:
        return "_no data yet_"
    return "\n".join(f"{i}. `{escape(s.code)}` · {s.matches}"
                     for i, s in enumerate(stats[:TOP_CODES], 1))


def home_view(kb: KnowledgeBase, open_handoffs: Sequence[Handoff], top7: Sequence[CodeStats],
              top30: Sequence[CodeStats]) -> dict[str, Any]:
    """Open escalations, what came up lately, and every error the bot knows."""
    escalations = [_handoff_line(kb, h) for h in open_handoffs[:MAX_HANDOFFS]]
    if len(open_handoffs) > MAX_HANDOFFS:
        escalations.append(f"…and {len(open_handoffs) - MAX_HANDOFFS} more")
    blocks: list[Block] = [
        header("MFA NPS-extension error helper"),
        section("Paste an NPS-extension error in a channel I am in and I reply in a thread, "
                "or search what I know."),
        actions([button("Search the knowledge base", ids.HOME_SEARCH, "search",
                         style="primary")]),
        header("Open escalations"),
        section("\n".join(escalations) or "No open escalations."),
        header("Top errors"),
        fields([f"*Last 7 days*\n{_top(top7)}", f"*Last 30 days*\n{_top(top30)}"]),
        header("Catalogue"),
    ]
    blocks.extend(catalogue_sections(kb, limits.MAX_BLOCKS["home"] - len(blocks)))
    return {"type": "home", "blocks": blocks}


def search_modal() -> dict[str, Any]:
    query = {"type": "plain_text_input", "action_id": ids.SEARCH_QUERY, "multiline": True,
             "max_length": limits.INPUT_VALUE}
    return {
        "type": "modal",
        "callback_id": ids.SEARCH_MODAL,
        "title": plain("Search errors"),
        "submit": plain("Search"),
        "close": plain("Cancel"),
        "blocks": [{"type": "input", "block_id": ids.SEARCH_QUERY,
                    "label": plain("Error text or code"),
                    "hint": plain("Paste the event-log text, or type a code like "
                                  "ESTS_TOKEN_ERROR."),
                    "element": query}],
    }

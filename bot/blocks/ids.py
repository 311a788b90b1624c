"""Action, block and callback IDs shared by the builders and the listeners in bot/slack."""

from __future__ import annotations

import re

# Card buttons; value = entry ID.
DID_YOU_MEAN = "card_did_you_mean"
FEEDBACK_FIXED = "card_feedback_fixed"
FEEDBACK_NOT_FIXED = "card_feedback_not_fixed"
ESCALATE = "card_escalate"
SHARE = "card_share"

# Checklist: checkboxes per group of steps (option value = step ID) and the hand-off button.
CHECKLIST_TOGGLE = "checklist_toggle_"
HANDOFF_OPEN = "checklist_handoff"

# Hand-off modal: each input's block_id and action_id is the HandoffForm field name.
HANDOFF_MODAL = "handoff_modal"
HANDOFF_FIELDS = ("tenant_id", "upn", "correlation_id", "occurred_at", "what_happened",
                  "logs_attached")
LOGS_ATTACHED_VALUE = "yes"

# Support message buttons; value = str(handoff ID).
HANDOFF_TAKE = "handoff_take"
HANDOFF_RESOLVE = "handoff_resolve"

# App Home.
HOME_SEARCH = "home_search"
SEARCH_MODAL = "search_modal"
SEARCH_QUERY = "query"

_CHECKLIST_BLOCK = re.compile(r"cl:([0-9]{1,19}):([0-9]{1,3}):([0-9a-f]{1,16})")
_ID = re.compile(r"[0-9]{1,19}")
MAX_ID = 2**63 - 1  # the stores' keys are 64-bit (SQLite INTEGER, PostgreSQL BIGINT)


def parse_id(text: object) -> int | None:
    """A stored row's ID as a button or a form sent it back: ASCII digits within the
    stores' range, else None (``²³`` passes str.isdigit, 10**400 overflows the stores)."""
    if not isinstance(text, str) or not _ID.fullmatch(text):
        return None
    value = int(text)
    return value if value <= MAX_ID else None


def checklist_toggle_action(group: int) -> str:
    return f"{CHECKLIST_TOGGLE}{group}"


def checklist_block_id(checklist_id: int, group: int, mask: int) -> str:
    """``mask`` has bit i set when the group's i-th step was done in the rendered view."""
    return f"cl:{checklist_id}:{group}:{mask:x}"


def parse_checklist_block_id(block_id: str) -> tuple[int, int, int] | None:
    """(checklist_id, group, mask) from a checklist block_id; None when it is not one."""
    found = _CHECKLIST_BLOCK.fullmatch(block_id)
    checklist_id = parse_id(found[1]) if found else None
    if found is None or checklist_id is None:
        return None
    return checklist_id, int(found[2]), int(found[3], 16)

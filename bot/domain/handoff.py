"""The hand-off to support: what support needs, how it is validated, and its lifecycle."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.domain.checklist import ThreadRef

GUID_RE = re.compile(r"^[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}$")
UPN_RE = re.compile(r"^[^@\s<>|]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+$")


class HandoffState(StrEnum):
    OPEN = "open"  # posted to support, nobody has it yet
    TAKEN = "taken"
    RESOLVED = "resolved"


@dataclass(frozen=True)
class HandoffForm:
    """What support asks for. Everything is free text except ``logs_attached``."""

    tenant_id: str = ""
    upn: str = ""
    correlation_id: str = ""
    occurred_at: str = ""
    what_happened: str = ""
    logs_attached: bool = False

    def errors(self) -> dict[str, str]:
        """Field name -> what is wrong, for the modal's inline errors. Empty when valid."""
        problems: dict[str, str] = {}
        if not GUID_RE.match(self.tenant_id.strip()):
            problems["tenant_id"] = (
                "A tenant ID is a GUID like 72f988bf-86f1-41af-91ab-2d7cd011db47 "
                "(Entra admin center > Overview)."
            )
        if not UPN_RE.match(self.upn.strip()):
            problems["upn"] = "A UPN looks like alice@contoso.com."
        cid = self.correlation_id.strip()
        if cid and not GUID_RE.match(cid):
            problems["correlation_id"] = "A correlation ID (CID) or session ID is a GUID."
        return problems


@dataclass(frozen=True)
class Handoff:
    id: int
    thread: ThreadRef
    entry_id: str
    form: HandoffForm
    requested_by: str
    created_at: datetime
    state: HandoffState = HandoffState.OPEN
    assignee: str | None = None
    taken_at: datetime | None = None
    resolved_by: str | None = None
    resolved_at: datetime | None = None
    support_channel: str | None = None
    support_message_ts: str | None = None

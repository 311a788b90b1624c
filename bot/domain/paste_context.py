"""Pull the fields support asks for (CID, user, time, server, tenant) out of a pasted log.

Every pattern is anchored on a literal label and uses bounded repetition, so a hostile
40,000-character paste cannot make a regex backtrack for long.
"""

from __future__ import annotations

import re

from bot.domain.results import PasteContext

_GUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"

_CORRELATION = re.compile(
    rf"\b(?:CID|correlation[ _-]?id|session[ _-]?id|request[ _-]?id)"
    rf"\s{{0,5}}[:=]{{1,2}}\s{{0,5}}({_GUID})",
    re.IGNORECASE,
)
# "Exception in Authentication Ext for User alice@contoso.com ::" and
# "Access Rejected for user alice@contoso.com with Azure MFA response" (NPS extension wording).
_USER = re.compile(r"\bfor\s{1,5}user\s{1,5}([^\s:|,;<>]{1,256})", re.IGNORECASE)
_UPN_LABEL = re.compile(r"\b(?:UPN|User ?Principal ?Name)\s{0,5}[:=]\s{0,5}([^\s|,;<>]{1,256})",
                        re.IGNORECASE)
# [ \t] rather than \s: \s would let one match attempt run across many blank lines.
_EVENT_DATE = re.compile(r"^[ \t]{0,20}Date:[ \t]{0,40}(\S[^\r\n]{0,60})", re.MULTILINE)
_ISO_TIME = re.compile(
    r"\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})?"
)
_US_TIME = re.compile(r"\b\d{1,2}/\d{1,2}/\d{4}[ \t]{1,5}\d{1,2}:\d{2}(?::\d{2})?(?:[ \t]?[AP]M)?")
_SERVER = re.compile(r"^[ \t]{0,20}Computer:[ \t]{0,40}([A-Za-z0-9][A-Za-z0-9.-]{0,252})",
                     re.MULTILINE)
_TENANT = re.compile(rf"\btenant[ _-]?id\s{{0,5}}[:=]?\s{{0,5}}({_GUID})", re.IGNORECASE)


def _first(pattern: re.Pattern[str], text: str, lowered: str, *labels: str) -> str | None:
    # Case-insensitive scans of 40,000 characters cost about a millisecond each: skip a
    # pattern whose labels do not occur at all (``lowered`` is the text in lower case).
    if labels and not any(label in lowered for label in labels):
        return None
    found = pattern.search(text)
    return found.group(1 if pattern.groups else 0).strip().rstrip(".") if found else None


def extract_context(text: str) -> PasteContext:
    low = text.lower()
    user = _first(_USER, text, low, "user") or _first(_UPN_LABEL, text, low, "upn", "principal")
    timestamp = (_first(_EVENT_DATE, text, low, "date:") or _first(_ISO_TIME, text, low)
                 or _first(_US_TIME, text, low, "/"))
    return PasteContext(
        correlation_id=_first(_CORRELATION, text, low, "cid", "correlation", "session",
                              "request"),
        user=user,
        timestamp=timestamp,
        server=_first(_SERVER, text, low, "computer:"),
        tenant_id=_first(_TENANT, text, low, "tenant"),
    )

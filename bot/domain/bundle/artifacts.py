"""What the log-collection checklist's steps produce, and how each file is recognised."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.domain.bundle.events import LogEvent


@dataclass(frozen=True)
class ArtifactKind:
    key: str
    label: str  # what people call it
    produced_by: str  # the checklist step whose output it is
    proves: tuple[str, ...]  # steps it shows were done, ticked when it arrives non-empty


EXTENSION_TRACE = ArtifactKind(
    "extension-trace", "NPS extension trace (NPSExtension.etl)", "stop-extension-trace",
    ("start-extension-trace", "stop-extension-trace"))
NETWORK_TRACE = ArtifactKind(
    "network-trace", "network trace (nettrace.etl)", "stop-network-trace",
    ("start-network-trace", "stop-network-trace"))
AUTHN_LOG = ArtifactKind("authn-log", "AuthNOptCh event log", "export-event-logs", ())
AUTHZ_LOG = ArtifactKind("authz-log", "AuthZOptCh event log", "export-event-logs", ())
AUTHZ_ADMIN_LOG = ArtifactKind(
    "authz-admin-log", "AuthZAdminCh event log", "export-event-logs", ())

KINDS = (EXTENSION_TRACE, NETWORK_TRACE, AUTHN_LOG, AUTHZ_LOG, AUTHZ_ADMIN_LOG)
BY_KEY = {k.key: k for k in KINDS}
EXPORTS = (AUTHN_LOG, AUTHZ_LOG, AUTHZ_ADMIN_LOG)
EXPORT_STEP = "export-event-logs"  # ticked once all three exports arrived
ZIP_STEP = "zip-and-attach"  # ticked when a zip with at least one artifact arrived

# The channels the extension logs to (Applications and Services Logs > Microsoft >
# AzureMfa > AuthN / AuthZ); exports are named after them by the checklist's commands.
CHANNELS = {"authnoptch": AUTHN_LOG, "authzoptch": AUTHZ_LOG, "authzadminch": AUTHZ_ADMIN_LOG}
PROVIDER_PREFIX = "microsoft-azuremfa"
EXTENSION_MARK = "nps extension for azure mfa"


def channel_kind(text: str | None) -> ArtifactKind | None:
    """The export kind a file name or channel names (``Microsoft-AzureMfa-AuthZ/AuthZOptCh``,
    ``NPS01_AuthZOptCh.evtx``...)."""
    if not text:
        return None
    low = text.lower()
    return next((kind for key, kind in CHANNELS.items() if key in low), None)


def is_extension_event(event: LogEvent) -> bool:
    """The NPS extension's own events: its providers, its channels, or its message prefix."""
    return (event.provider.lower().startswith(PROVIDER_PREFIX)
            or channel_kind(event.channel) is not None
            or EXTENSION_MARK in event.message[:200].lower())


def event_kind(event: LogEvent) -> ArtifactKind | None:
    """Which export an event belongs in, from its channel or, failing that, its provider
    (an AuthN event can only come from AuthNOptCh)."""
    by_channel = channel_kind(event.channel)
    if by_channel is not None:
        return by_channel
    return AUTHN_LOG if event.provider.lower().endswith("-authn") else None


_TRACE_NAMES = ((re.compile(r"npsextension", re.I), EXTENSION_TRACE),
                (re.compile(r"nettrace", re.I), NETWORK_TRACE))
_TRACE_CONTENT = (("NPSExtension".encode("utf-16-le"), EXTENSION_TRACE),
                  ("nettrace".encode("utf-16-le"), NETWORK_TRACE),
                  ("NetTrace".encode("utf-16-le"), NETWORK_TRACE))


def trace_kind(name: str, head: bytes) -> ArtifactKind | None:
    """An .etl trace, by name or, when renamed, by the logger or file name that the trace's
    own header records (UTF-16)."""
    if not name.lower().endswith(".etl"):
        return None
    for pattern, kind in _TRACE_NAMES:
        if pattern.search(name):
            return kind
    return next((kind for mark, kind in _TRACE_CONTENT if mark in head), None)


CAB_MAGIC = b"MSCF"


def is_netsh_cab(name: str, head: bytes) -> bool:
    """netsh trace stop also writes nettrace.cab (system reports): welcome, not required."""
    return name.lower().endswith(".cab") and head.startswith(CAB_MAGIC)

"""Bundles as people attach them, built in memory: the checklist's files in a zip."""

from __future__ import annotations

import io
import random
import zipfile
from datetime import UTC, datetime, timedelta

from tests.bundle.evtx_writer import Event, write_evtx

START = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
AUTHN = ("Microsoft-AzureMfa-AuthN", "AuthNOptCh")
AUTHZ = ("Microsoft-AzureMfa-AuthZ", "AuthZOptCh")
AUTHZ_ADMIN = ("Microsoft-AzureMfa-AuthZ", "AuthZAdminCh")
CID = "0b8f3c2a-1d4e-4f5a-9b6c-7d8e9f0a1b2c"


def contact_support(user: str) -> str:
    return (f"NPS Extension for Azure MFA:  CID: {CID} :Exception in Authentication Ext for "
            f"User {user} :: ErrorCode:: CID :{CID} CONTACT_SUPPORT Msg:: Contact support.")


def ests_error(user: str) -> str:
    return (f"NPS Extension for Azure MFA:  CID: {CID} :Exception in Authentication Ext for "
            f"User {user} :: ErrorCode:: CID :{CID} ESTS_TOKEN_ERROR Msg:: Verify the client "
            "certificate is properly enrolled in Azure against your tenant and the server "
            "has access to URL listed in the documentation.")


def info(user: str) -> str:
    return f"NPS Extension for Azure MFA:  CID: {CID} :Access Accepted for user {user}"


def events(channel: tuple[str, str], *messages: tuple[str, int], start: datetime = START,
           step: timedelta = timedelta(minutes=1)) -> list[Event]:
    """Events in ``channel``: (message, level) pairs, one a minute from ``start``."""
    provider, name = channel
    return [Event(provider, name, 3 if level <= 3 else 1, level, start + i * step, (msg,))
            for i, (msg, level) in enumerate(messages)]


def etl(logger: str, size: int = 8192) -> bytes:
    """Bytes shaped like an .etl trace: opaque, with the logger's name in UTF-16 near the
    start as a trace's own header records it."""
    rng = random.Random(logger)
    return bytes(64) + logger.encode("utf-16-le") + rng.randbytes(size)


def zip_of(files: dict[str, bytes], *, level: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", level) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


def authz_events() -> list[Event]:
    users = ["alice@contoso.com", "bob@contoso.com", "alice@contoso.com"]
    return events(AUTHZ, *((contact_support(u), 2) for u in users), (info("carol@contoso.com"), 4))


def complete_bundle(*, without: tuple[str, ...] = ()) -> dict[str, bytes]:
    files = {
        "NPS/nettrace.etl": etl("NetTrace"),
        "NPS/nettrace.cab": b"MSCF" + bytes(64),
        "NPS/NPSExtension.etl": etl("NPSExtension"),
        "NPS/NPS01_AuthNOptCh.evtx": write_evtx(events(
            AUTHN, (ests_error("dave@contoso.com"), 2), (info("dave@contoso.com"), 4))),
        "NPS/NPS01_AuthZOptCh.evtx": write_evtx(authz_events()),
        "NPS/NPS01_AuthZAdminCh.evtx": write_evtx(events(
            AUTHZ_ADMIN, (contact_support("erin@contoso.com"), 2))),
    }
    return {k: v for k, v in files.items() if not any(w in k for w in without)}

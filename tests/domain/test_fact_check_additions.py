"""Facts the fact-check (issue 16) added from Microsoft's public pages stay on the card
where an admin needs them: each row names the entry and a phrase its text must hold."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

ERRORS = Path(__file__).resolve().parents[2] / "knowledge" / "errors.yaml"

# (entry: its code, or the start of its message), phrase (case-insensitive)
ADDITIONS = [
    # "Service principal was not found": create it, then enable it for sign-in.
    ("ESTS_TOKEN_ERROR", "New-MgServicePrincipal -AppId 981f26a1-7f43-403b-a875-f8b09b8cd720"),
    ("UserNotFound", "New-MgServicePrincipal -AppId 981f26a1-7f43-403b-a875-f8b09b8cd720"),
    # Per-user and consumption licences don't work with the extension.
    ("UserNotFound", "licen"),
    # One certificate per NPS server.
    ("CLIENT_CERT_INSTALL_ERROR", "one certificate"),
    # No password changes through the extension: check for expired passwords.
    ("NPS Extension for Azure MFA only performs Secondary Auth", "password"),
    # Discarded requests are by design; raise the RADIUS timeout for push and phone.
    ("InvalidSession", "by design"),
    ("InvalidSession", "90"),
    # CHAP/EAP: network-policy attributes aren't returned on the OTP path; username stuffing.
    ("REQUEST_MISSING_CODE", "CrpUsernameStuffing"),
    # Network requirements of the main article.
    ("HTTP_CONNECT_ERROR", "credentials.azure.com"),
    ("BecAccessDenied", "Entra Connect server"),
]


def _card_text(entry: dict) -> str:
    return " ".join([entry.get("summary", ""), entry.get("meaning", ""), *entry.get("steps", [])])


@pytest.fixture(scope="module")
def entries() -> list[dict]:
    return yaml.safe_load(ERRORS.read_text(encoding="utf-8"))["entries"]


@pytest.mark.parametrize(("name", "phrase"), ADDITIONS)
def test_each_addition_is_on_its_card(entries: list[dict], name: str, phrase: str) -> None:
    cards = [e for e in entries
             if e.get("code") == name or (e.get("message") or "").startswith(name)]
    assert cards, f"no entry named {name!r}"
    assert any(phrase.lower() in _card_text(e).lower() for e in cards), (
        f"{name}: the card no longer says {phrase!r}")

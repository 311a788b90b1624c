"""Corrections from the outside review of the cards against Microsoft Learn's NPS extension
error page: what each card must say, and in which order, so that they do not come back."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

ERRORS = Path(__file__).resolve().parents[2] / "knowledge" / "errors.yaml"
ACCESS_REJECT = "NPS Extension for Azure MFA only performs Secondary Auth"


@pytest.fixture(scope="module")
def entries() -> list[dict]:
    return yaml.safe_load(ERRORS.read_text(encoding="utf-8"))["entries"]


def card(entries: list[dict], name: str, containing: str = "") -> dict:
    [found] = [e for e in entries
               if (e.get("code") == name or (e.get("message") or "").startswith(name))
               and containing in (e.get("message") or "")]
    return found


def test_ests_token_error_diagnoses_before_it_restarts(entries: list[dict]) -> None:
    steps = card(entries, "ESTS_TOKEN_ERROR")["steps"]
    restarts = [i for i, step in enumerate(steps) if "net stop ias" in step]
    checks = [i for i, step in enumerate(steps)
              if "Cert:\\LocalMachine\\My" in step or "Enabled for users to sign-in" in step]
    assert restarts and checks
    assert min(restarts) > max(checks), "a restart before the certificate and principal checks"
    assert "load balancer" in steps[min(restarts)]


def test_36871_is_one_possible_cause_not_proof_of_disabled_tls(entries: list[dict]) -> None:
    entry = card(entries, "HTTPS_COMMUNICATION_ERROR")
    [cause] = [c for c in entry["causes"] if c["pattern"] == "36871"]
    assert "which means" not in cause["cause"]
    assert "other causes" in cause["cause"]
    [restart] = [s for s in cause["steps"] if "restart" in s]
    assert "load balancer" in restart
    text = " ".join(entry["steps"])
    assert "`SchUseStrongCrypto`" in text
    assert "HKLM\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319" in text
    assert "HKLM\\SOFTWARE\\Wow6432Node\\Microsoft\\.NETFramework\\v4.0.30319" in text


def test_access_challenge_is_normal_with_eap_and_never_advises_pap(entries: list[dict]) -> None:
    steps = " ".join(card(entries, ACCESS_REJECT, "AccessChallenge")["steps"])
    assert "PAP" not in steps
    assert "normal with EAP" in steps


def test_access_reject_names_ports_80_and_443(entries: list[dict]) -> None:
    steps = " ".join(card(entries, ACCESS_REJECT, "AccessReject")["steps"])
    assert "ports 80 and 443" in steps


def test_the_number_matching_override_carries_its_caveats(entries: list[dict]) -> None:
    steps = " ".join(card(entries, "Challenge requested in Authentication Ext")["steps"])
    assert "string value" in steps
    assert "only the Authenticator push prompt" in steps
    assert "TOTP" in steps and "stronger" in steps

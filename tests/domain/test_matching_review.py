"""Findings of an outside review of `mfa-bot lookup` / `lookup --channel` on fresh pastes:
other products' RADIUS logs, causes given to the wrong error or picked by file order,
negated codes, and a shared code's message picked without evidence."""

from __future__ import annotations

import pytest

from bot.domain.matching import Matcher
from bot.domain.results import MatchResult, worth_posting
from bot.knowledge_files import load_knowledge

MATCHER = Matcher(load_knowledge())


def channel(text: str) -> MatchResult:
    return MATCHER.match(text)


def asked(text: str) -> MatchResult:
    return MATCHER.match(text, explicit=True)


def posts(text: str) -> bool:
    return worth_posting(channel(text), asked=False)


def top_code(result: MatchResult) -> str | None:
    top = result.top()
    return top.entry.code if top else None


def causes(result: MatchResult) -> dict[str, str | None]:
    return {m.code: m.cause.pattern if m.cause else None for m in result.matches}


# -- other products' RADIUS and MFA logs ---------------------------------------------------

@pytest.mark.parametrize("text", [
    # the review's pastes
    "Duo Authentication Proxy: [RADIUS] Sending response to 10.0.0.4: AccessDenied - User "
    "denied access (push declined). Too many attempts.",
    "Okta RADIUS agent log: E0000007 Not found: Resource not found: bob@contoso.com "
    "(UserNotFound)",
    "RSA Authentication Manager RADIUS: Access denied, Next Tokencode mode, PIN incorrect. "
    "Wrong code and pin entered.",
    "AADSTS50076: Due to a configuration change made by your administrator, or because you "
    "moved to a new location, you must use multi-factor authentication to access this "
    "resource.",
    "The user CONTOSO\\bob, on client computer 10.0.0.5, did not meet connection authorization "
    "policy requirements and was therefore not authorized to access the RD Gateway server. The "
    "following error occurred: 23003.",
    "NPS event 13: A RADIUS message was received from the invalid RADIUS client IP address "
    "10.1.1.1.",
    "Duo Authentication Proxy RADIUS: primary auth failed. UserNotFound",
    "Okta RADIUS agent: Tenant is blocked",
    # variants
    "JumpCloud RADIUS: Tenant is blocked",
    "Duo Authentication Proxy: TenantIsBlocked",
    "Okta Verify push: Wrong code and pin entered.",
    "RADIUS reject: AccessDenied",  # RADIUS alone is anyone's
    "MFA: UserNotFound",  # and so is MFA
    "ADFS event 364 on the NPS box, relying party trust not found",  # an event no entry names
    "AADSTS7000112: Application '981f26a1-7f43-403b-a875-f8b09b8cd720'(Azure Multi-Factor "
    "Auth Client) is disabled.  -- from the nps extension log",  # no extension code with it
])
def test_other_products_and_near_domain_logs_stay_silent_in_a_channel(text: str) -> None:
    assert not posts(text), [m.as_dict() for m in channel(text).matches]


def test_asked_directly_the_plain_words_still_answer() -> None:
    assert top_code(asked("Okta RADIUS agent: Tenant is blocked")) == "TenantIsBlocked"
    assert top_code(asked("Duo Authentication Proxy RADIUS: primary auth failed. UserNotFound")
                    ) == "UserNotFound"
    assert top_code(asked("AADSTS7000112: Application (Azure Multi-Factor Auth Client) is "
                          "disabled -- from the nps extension log")) == "ESTS_TOKEN_ERROR"


@pytest.mark.parametrize(("text", "code"), [
    ("Azure MFA NPS extension on both servers: Tenant is blocked", "TenantIsBlocked"),
    ("NPS reject: AccessDenied", "AccessDenied"),
    ("event log on nps01 says InvalidSession for most users", "InvalidSession"),
    ("NPS Extension for Azure MFA: CID: x : Access Rejected for user bob with Azure "
     "Multi-Factor Authentication response: AccessDenied Message: Caller tenant does not have "
     "access permissions to do authentication for the user", "AccessDenied"),
    # the extension's own wording, or a code nobody else writes, counts beside another product
    ("we moved off Duo last week; now the NPS extension logs: Radius Request missing mandatory "
     "Radius userName\\Identifier attribute.Verify that NPS is receiving RADIUS requests",
     "REQUEST_FORMAT_ERROR"),
    ("moved off Okta, now NPS shows ESTS_TOKEN_ERROR", "ESTS_TOKEN_ERROR"),
    ("the nps extension cannot reach azure, schannel event 36871 in the system log since the "
     "TLS hardening", "HTTPS_COMMUNICATION_ERROR"),  # an event the knowledge base names
])
def test_the_extensions_own_context_still_posts(text: str, code: str) -> None:
    assert posts(text)
    assert top_code(channel(text)) == code


# -- causes --------------------------------------------------------------------------------

def test_a_cause_belongs_to_the_error_it_follows() -> None:
    text = ("two errors in AuthZ:\nErrorCode:: ESTS_TOKEN_ERROR Msg:: Verify the client "
            "certificate is properly enrolled\nErrorCode:: HTTPS_COMMUNICATION_ERROR Msg:: The "
            "remote server returned an error: (401) Unauthorized.")
    assert causes(channel(text)) == {"ESTS_TOKEN_ERROR": None, "HTTPS_COMMUNICATION_ERROR": None}
    swapped = ("HTTPS_COMMUNICATION_ERROR Msg:: Verify that NPS server can reach "
               "https://adnotifications.windowsazure.com\nSchannel event 36871\n"
               "ErrorCode:: ESTS_TOKEN_ERROR Msg:: Error authenticating to ESTS. Exception: The "
               "remote server returned an error: (401) Unauthorized.")
    assert causes(channel(swapped)) == {"HTTPS_COMMUNICATION_ERROR": "36871",
                                        "ESTS_TOKEN_ERROR": "401 Unauthorized"}


def test_one_error_finds_its_cause_anywhere_in_the_paste() -> None:
    text = ("AADSTS7000112 in the sign-in logs this morning\n"
            "NPS Extension for Azure MFA: ErrorCode:: ESTS_TOKEN_ERROR Msg:: Error authenticating")
    assert causes(channel(text)) == {"ESTS_TOKEN_ERROR": "AADSTS7000112"}


@pytest.mark.parametrize(("text", "cause"), [
    ("NPS: ESTS_TOKEN_ERROR [Reason: AADSTS700016: Application with identifier not found in the "
     "directory] AADSTS7000112 was logged yesterday", "AADSTS700016"),
    ("NPS: ErrorCode:: ESTS_TOKEN_ERROR [Reason: AADSTS700027: Client assertion contains an "
     "invalid signature. AADSTS7000112 appears in older logs too]", "AADSTS700027"),
    # no "Reason:" label: the nearest one
    ("NPS extension: ESTS_TOKEN_ERROR. AADSTS700024 in this event; AADSTS7000112 turned up in a "
     "much older event from last month", "AADSTS700024"),
    # the label beats nearness
    ("AADSTS7000112 earlier. NPS: ESTS_TOKEN_ERROR Msg:: Error authenticating to ESTS "
     "[Reason: AADSTS90002: Tenant not found.]", "AADSTS90002"),
])
def test_the_explicit_or_nearest_cause_leads(text: str, cause: str) -> None:
    assert causes(asked(text)) == {"ESTS_TOKEN_ERROR": cause}


# -- negation ------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "not ests token error anymore, fixed by re-running the script. now getting nothing at all "
    "on the nps server",
    "no longer seeing ESTS_TOKEN_ERROR on nps01 after the cert renewal",
    "ESTS_TOKEN_ERROR no longer happens on nps01",
    "nps01: ESTS_TOKEN_ERROR resolved, thanks all",
    "ESTS_TOKEN_ERROR on nps01 is gone since the cert renewal",
])
def test_an_error_the_paste_calls_over_gets_no_card_unasked(text: str) -> None:
    assert not posts(text)
    assert top_code(asked(text)) == "ESTS_TOKEN_ERROR"  # asked, the card is still there


@pytest.mark.parametrize("text", [
    "ESTS_TOKEN_ERROR still not fixed on nps01",
    "ESTS_TOKEN_ERROR on nps01 is not resolved after the cert renewal",
    "vpn does not work: ESTS_TOKEN_ERROR on the nps box",
    "ESTS_TOKEN_ERROR is back on nps01, I thought we fixed it",
])
def test_an_error_that_is_not_over_still_posts(text: str) -> None:
    assert [m.code for m in channel(text).matches] == ["ESTS_TOKEN_ERROR"]


def test_only_the_error_called_fixed_is_dropped() -> None:
    text = ("fixed ESTS_TOKEN_ERROR by re-running the script, now NPS shows "
            "HTTPS_COMMUNICATION_ERROR")
    assert [m.code for m in channel(text).matches] == ["HTTPS_COMMUNICATION_ERROR"]


# -- a shared code's message ---------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Duo Authentication Proxy RADIUS: primary auth failed. UserNotFound",
    "UserNotFound for bob on nps01 since this morning",
    "NPS extension logging InvalidParameter from the MFA service, what does that mean?",
])
def test_a_shared_code_without_its_message_offers_them_all(text: str) -> None:
    (match,) = asked(text).matches
    assert not match.message_known and match.as_dict()["message"] is None
    siblings = MATCHER.kb.by_code(match.code)
    assert len(siblings) > 1 and {match.entry, *match.alternatives} == set(siblings)


@pytest.mark.parametrize(("text", "fragment"), [
    ("NPS: UserNotFound, the user is not synced to Entra yet", "MSODS Graph"),
    ("NPS: UserNotFound, the first party app is missing in the tenant", "specified user"),
    ("alternate login id is empty for a few users: we use mail as the alt attribute",
     "value is empty"),
])
def test_the_messages_own_words_pick_it(text: str, fragment: str) -> None:
    (match,) = asked(text).matches
    assert match.message_known and fragment in (match.entry.message or "")


def test_a_channel_answer_is_never_one_the_asked_answer_hides() -> None:
    # Found by Hypothesis: two product messages glued together share the word
    # "foundAuthentication"; the longer one wins, unasked as when asked.
    text = "The specified user was not foundAuthentication Method Limit Reached. Throttling."
    unasked = {m.entry.code for m in channel(text).matches}
    assert unasked <= {m.entry.code for m in asked(text).matches}

"""The entries issue 11 added: product strings verbatim against the wording they come from,
entries keyed by a message, and inner causes on the card's data."""

from __future__ import annotations

import pytest

from bot.domain.knowledge import KnowledgeBase
from bot.domain.matching import Matcher
from bot.knowledge_files import load_knowledge

KB = load_knowledge()
MATCHER = Matcher(KB)

# What admins quoted from the extension's event log in public threads, and the newest
# version of Microsoft's article (which writes "username" where the log has the user).
ACCESS_REJECT = ("NPS Extension for Azure MFA: NPS Extension for Azure MFA only performs "
                 "Secondary Auth for Radius requests in AccessAccept State. Request received "
                 "for User username with response state AccessReject, ignoring request.")
ACCESS_CHALLENGE = ACCESS_REJECT.replace("AccessReject", "AccessChallenge")
CHALLENGE = ("NPS Extension for Azure MFA: Challenge requested in Authentication Ext for User "
             "npstesting_ap.")
NAS = ("NPS Extension for Azure MFA: Radius request is missing NAS Identifier and Nas IpAddress "
       "attribute.Populating atleast one of these fields is recommended.This is not an error.")
MSODS = ("NPS Extension for Azure MFA: CID: 430ef057-7941-44ff-a0b1-240e7d74cedc : Access "
         "Rejected for user jdoe@contoso.com with Azure MFA response: UserNotFound and message: "
         "MSODS Graph call returned user not found error. GraphError,SAS.Shared.GraphProvider."
         "Exceptions.GraphUserNotFoundException: [Code:Request_ResourceNotFound]")


def _message_entry(kb: KnowledgeBase, fragment: str):
    (entry,) = [e for e in kb.entries if fragment in (e.message or "")]
    return entry


@pytest.mark.parametrize(("source", "fragment"), [
    (ACCESS_REJECT, "response state AccessReject"),
    (ACCESS_CHALLENGE, "response state AccessChallenge"),
    (CHALLENGE, "Challenge requested in Authentication Ext"),
    (NAS, "missing NAS Identifier"),
])
def test_entries_without_a_code_carry_the_logged_words_and_match_them(
        source: str, fragment: str) -> None:
    entry = _message_entry(KB, fragment)
    assert entry.code == "" and entry.codes == ()
    # verbatim: the stored message, its {0} filled in, is in the quoted log line
    filled = entry.message.replace("{0}", "username" if "Secondary" in entry.message
                                   else "npstesting_ap")
    assert filled in source
    for explicit in (True, False):  # NPS context is in every one of these lines
        (match,) = MATCHER.match(source, explicit=explicit).matches
        assert match.entry == entry and match.message_known


def test_reject_and_challenge_stay_apart_though_they_differ_in_one_word() -> None:
    (reject,) = MATCHER.match(ACCESS_REJECT).matches
    (challenge,) = MATCHER.match(ACCESS_CHALLENGE).matches
    assert "AccessReject" in reject.entry.message and "AccessChallenge" in challenge.entry.message


def test_a_name_tells_message_entries_apart() -> None:
    names = [e.name for e in KB.entries if not e.code]
    assert len(set(names)) == len(names) == 4
    assert all(len(n) <= 80 for n in names)


def test_user_not_found_in_its_msods_graph_wording_pins_that_message() -> None:
    (match,) = MATCHER.match(MSODS).matches
    assert match.code == "UserNotFound" and match.message_known
    assert match.entry.message == "MSODS Graph call returned user not found error."
    assert match.entry.message in MSODS


@pytest.mark.parametrize(("text", "code", "pattern"), [
    ("ESTS_TOKEN_ERROR Msg:: Error authenticating to eSTS: AADSTS7000112: Application "
     "'981f26a1-7f43-403b-a875-f8b09b8cd720'(Azure Multi-Factor Auth Client) is disabled.",
     "ESTS_TOKEN_ERROR", "AADSTS7000112"),
    ("ErrorCode:: ESTS_TOKEN_ERROR Msg:: AADSTS700027: Client assertion contains an invalid "
     "signature.", "ESTS_TOKEN_ERROR", "AADSTS700027"),
    ("ESTS_TOKEN_ERROR AADSTS90038: Tenant 'contoso' request is being redirected to the "
     "National Cloud 'Gallatin'.", "ESTS_TOKEN_ERROR", "AADSTS90038"),
    ("ESTS_TOKEN_ERROR: The remote server returned an error: (401) Unauthorized.",
     "ESTS_TOKEN_ERROR", "401 Unauthorized"),
    ("HTTPS_COMMUNICATION_ERROR on nps01; System log shows Schannel event 36871",
     "HTTPS_COMMUNICATION_ERROR", "36871"),
])
def test_the_inner_cause_named_in_the_paste_comes_with_the_match(
        text: str, code: str, pattern: str) -> None:
    (match,) = MATCHER.match(text).matches
    assert match.code == code and match.cause is not None and match.cause.pattern == pattern
    assert match.as_dict()["cause"]["pattern"] == pattern


def test_no_cause_without_its_pattern_and_a_bare_aadsts_code_stays_silent() -> None:
    (match,) = MATCHER.match("ESTS_TOKEN_ERROR since this morning").matches
    assert match.cause is None
    # "401" alone is not "401 Unauthorized"
    (match,) = MATCHER.match("ESTS_TOKEN_ERROR, proxy log shows 401 then 200").matches
    assert match.cause is None
    bare = MATCHER.match("AADSTS7000112: Application 'x' is disabled.")
    assert bare.matches == () and not bare.most_likely

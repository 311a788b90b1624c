"""Descriptions in words, fragments of codes and the channel rule (issue 11).

Texts here are our own, not taken from tests/data/eval_set.py, so that set stays unseen.
"""

from __future__ import annotations

import pytest

from bench.synthetic import synthetic_kb
from bot.domain.matching import Matcher
from bot.domain.ranking import stem, terms
from bot.domain.results import worth_posting
from bot.knowledge_files import load_knowledge

KB = load_knowledge()
MATCHER = Matcher(KB)
BIG = Matcher(synthetic_kb(5000))  # the real entries among 5,000 generated ones

# (description with NPS context, the entry it means)
DESCRIBED = [
    ("since the renewal the nps extension can't obtain an access token from entra with its "
     "certificate, every radius login fails", "ESTS_TOKEN_ERROR"),
    ("the firewall drops the return traffic from adnotifications.windowsazure.com to our NPS "
     "server with the mfa extension", "HTTPS_COMMUNICATION_ERROR"),
    ("forgot to run the powershell config script after installing the nps extension, the "
     "AzureMfa registry key is empty", "REGISTRY_CONFIG_ERROR"),
    ("on the vpn via NPS the user took longer than three minutes to approve the push, the "
     "session had expired", "InvalidSession"),
]

# Near-domain chat with NPS/MFA words that must stay silent in a channel.
HARD_NEGATIVES = [
    "NPS event 6273 for jdoe on the VPN: Reason Code 16, authentication failed due to a user "
    "credentials mismatch",
    "RRAS VPN clients get error 691 since the NPS radius server was patched",
    "Duo authentication proxy for our radius VPN says the user is not enrolled in MFA",
    "An account failed to log on, event 4625, on the NPS server after the MFA rollout",
    "our MFA lambda logs UserNotFoundException from Cognito for the VPN users",
    'azure mfa deployment failed: {"error": {"code": "InvalidParameter", "message": "bad"}}',
]


@pytest.mark.parametrize(("text", "code"), DESCRIBED)
def test_a_description_with_nps_context_is_answered_in_a_channel(text: str, code: str) -> None:
    result = MATCHER.match(text)
    assert result.matches == () and result.most_likely and worth_posting(result, asked=False)
    assert result.suggestions[0].entry.code == code
    assert result.top() == result.suggestions[0] and len(result.suggestions) == 3


def test_without_nps_context_a_channel_stays_silent_but_a_person_asking_gets_an_answer() -> None:
    text = "the token request to the sign-in service fails because the client certificate expired"
    channel = MATCHER.match(text)
    assert not channel.most_likely and not worth_posting(channel, asked=False)
    asked = MATCHER.match(text, explicit=True)
    assert asked.most_likely and worth_posting(asked, asked=True)


@pytest.mark.parametrize("text", HARD_NEGATIVES)
def test_near_domain_errors_of_other_things_stay_silent_in_a_channel(text: str) -> None:
    result = MATCHER.match(text)
    assert not worth_posting(result, asked=False), (result.matches, result.suggestions)


@pytest.mark.parametrize(("text", "code"), DESCRIBED)
def test_the_ranking_holds_among_5000_other_entries(text: str, code: str) -> None:
    result = BIG.match(text)
    assert result.most_likely and result.suggestions[0].entry.code == code


def test_a_one_letter_typo_still_counts() -> None:
    right = MATCHER.match("nps extension cant get a token from entra, certificate looks fine",
                          explicit=True)
    typo = MATCHER.match("nps extension cant get a tokn from entra, certificate looks fine",
                         explicit=True)
    assert right.suggestions[0].entry.code == typo.suggestions[0].entry.code == "ESTS_TOKEN_ERROR"
    assert typo.most_likely


def test_stems_and_terms() -> None:
    assert stem("certificates") == stem("certificate") == stem("certificated")
    assert stem("expired") == stem("expiry") == stem("expires")
    assert stem("access") == "access"
    assert terms("OathCodeIncorrect on the NPS extension") == [
        "oathcodeincorrect", "oath", "cod", "incorrect"]


@pytest.mark.parametrize(("text", "code"), [
    ("HTTPS_COMM", "HTTPS_COMMUNICATION_ERROR"),
    ("REQUEST_FORMAT", "REQUEST_FORMAT_ERROR"),
    ("USERNAME_CANONICALIZATION", "USERNAME_CANONICALIZATION_ERROR"),
    ("ests token", "ESTS_TOKEN_ERROR"),
    ("CLIENT CERT INSTALL on nps01", "CLIENT_CERT_INSTALL_ERROR"),
    ("AuthenticationMethodNotConfig", "AuthenticationMethodNotConfigured"),
    ("SMSAuthFailedWrongCodeEnt", "SMSAuthFailedWrongCodeEntered"),
])
def test_a_code_cut_short_or_missing_its_last_word_names_its_code(text: str, code: str) -> None:
    assert [m.code for m in MATCHER.match(text, explicit=True).matches] == [code]


@pytest.mark.parametrize("text", [
    "REGISTRY",  # one word: could be anything
    "AuthenticationMethod",  # starts three codes
    "the ProofData is unknown",  # two CamelCase words are a word in a message, not a code
    "request missing from the queue",  # ordinary words in lower case
    "strong authentication request failed",  # the start of a long alias, not of the code
    "the NAS sends User-Name",  # a RADIUS attribute, not USERNAME_CANONICALIZATION cut short
    "user_name is empty in the request",
])
def test_fragments_that_do_not_name_one_code_match_nothing(text: str) -> None:
    assert MATCHER.match(text, explicit=True).matches == ()


def test_a_message_without_its_prefix_or_by_a_long_part_pins_its_entry() -> None:
    (match,) = MATCHER.match("Alternate LoginId value is empty", explicit=True).matches
    assert match.message_known and match.entry.message == "Error: Alternate LoginId value is empty"
    part = "radius request missing mandatory radius username\\identifier attribute"
    (match,) = MATCHER.match(part, explicit=True).matches
    assert match.code == "REQUEST_FORMAT_ERROR"


def test_a_long_part_quoted_inside_a_sentence_names_its_message() -> None:
    text = ("ext says 'Radius Request missing mandatory Radius userName\\Identifier "
            "attribute' - our NAS definitely sends User-Name though?")
    (match,) = MATCHER.match(text).matches
    assert match.code == "REQUEST_FORMAT_ERROR"
    assert match.matched_text.endswith("userName\\Identifier attribute")


@pytest.mark.parametrize("text", [
    "Okta import failed: the length of the password is longer than the maximum allowed "
    "length, what gives",
    "Exchange says the value of the attribute is longer than the maximum allowed length for "
    "this field, any idea?",
])
def test_a_long_part_in_plain_english_without_the_messages_identifiers_names_nothing(
        text: str) -> None:
    # InvalidParameter's CompanyName message has these words too; any product writes them.
    assert MATCHER.match(text).matches == ()


def test_a_long_part_two_messages_share_names_neither() -> None:
    # The AccessReject and AccessChallenge messages open with the same 120 characters.
    text = ("NPS Extension for Azure MFA only performs Secondary Auth for Radius requests in "
            "AccessAccept State. Request received for User alice - then nothing more in the "
            "log, what does it mean and who should I ask about it?")
    assert MATCHER.match(text, explicit=True).matches == ()


def test_the_words_around_a_shared_code_pick_its_message_by_a_clear_lead() -> None:
    (match,) = MATCHER.match("ALTERNATE_LOGIN_ID_ERROR: the userObjectSid lookup fails").matches
    assert match.message_known and "userObjectSid" in match.entry.message
    (bare,) = MATCHER.match("ALTERNATE_LOGIN_ID_ERROR on nps01").matches
    assert not bare.message_known and len(bare.alternatives) == 2


@pytest.mark.parametrize("text", [
    "anyone up for lunch at the usual place?",
    "the printer is on fire <!channel>",  # "channel" is Slack's markup, not SChannel
])
def test_chit_chat_asked_directly_gets_no_ranked_guess(text: str) -> None:
    result = MATCHER.match(text, explicit=True)
    assert (result.matches, result.suggestions, result.most_likely) == ((), (), False)

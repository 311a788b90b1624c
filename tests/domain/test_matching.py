"""The matcher against the real knowledge base: every entry, look-alikes, labelled pastes."""

from __future__ import annotations

import re
import time
import uuid

import pytest

from bot.domain.knowledge import Entry
from bot.domain.matching import Matcher
from bot.domain.paste_context import extract_context
from bot.domain.results import MAX_PASTE_CHARS
from bot.knowledge_files import load_knowledge
from tests.domain.labelled_pastes import DESCRIBED, LABELLED, NEGATIVE

KB = load_knowledge()
MATCHER = Matcher(KB)
WITH_MESSAGE = [e for e in KB.entries if e.message]
CONTRACTIONS = [
    ("does not", "doesn't"), ("was not", "wasn't"), ("is not", "isn't"),
    ("Could not", "Couldn't"), ("may have expired", "might be expired"),
]


def codes(text: str, *, explicit: bool = False) -> list[str]:
    return [m.code for m in MATCHER.match(text, explicit=explicit).matches]


def only(text: str, *, explicit: bool = False):
    result = MATCHER.match(text, explicit=explicit)
    assert len(result.matches) == 1, (text, [m.as_dict() for m in result.matches])
    return result.matches[0]


def event_line(entry: Entry, code: str | None = None) -> str:
    cid = uuid.uuid4()
    if entry.message:
        return (f"NPS Extension for Azure MFA:  CID: {cid} : Access Rejected for user "
                f"pat@contoso.com with Azure MFA response: {code or entry.code} and message: "
                f"{entry.message.replace('{0}', 'Tenant').replace('{1}', '64')}")
    return (f"NPS Extension for Azure MFA:  CID: {cid} :Exception in Authentication Ext for "
            f"User pat@contoso.com :: ErrorCode:: CID :{cid} {code or entry.code} Msg:: failed")


@pytest.mark.parametrize("entry", KB.entries, ids=lambda e: e.id)
def test_every_entry_is_found_by_its_code(entry: Entry) -> None:
    for code in entry.codes:
        match = only(code, explicit=True)
        assert match.code == entry.code
        assert match.score == 100
        siblings = KB.by_code(entry.code)
        if len(siblings) == 1:
            assert match.entry == entry and match.message_known
        else:  # the code alone cannot say which message: the card offers the others
            assert not match.message_known
            assert {match.entry, *match.alternatives} == set(siblings)


@pytest.mark.parametrize("entry", WITH_MESSAGE, ids=lambda e: e.id)
def test_every_message_is_found_alone(entry: Entry) -> None:
    assert entry.message
    match = only(entry.message, explicit=True)
    assert match.entry == entry and match.message_known


@pytest.mark.parametrize(
    "entry", [e for e in WITH_MESSAGE if any(a in e.message for a, _ in CONTRACTIONS)],
    ids=lambda e: e.id,
)
def test_contracted_wording_is_the_same_message(entry: Entry) -> None:
    assert entry.message
    newer = entry.message
    for long, short in CONTRACTIONS:
        newer = newer.replace(long, short)
    assert newer != entry.message
    assert only(newer, explicit=True).entry == entry


@pytest.mark.parametrize("entry", KB.entries, ids=lambda e: e.id)
def test_every_entry_is_found_in_an_event_log_line(entry: Entry) -> None:
    for code in entry.codes:
        match = only(event_line(entry, code))  # channel mode: no help from the caller
        assert match.entry == entry
        assert match.message_known
        assert code in match.matched_text or (entry.message or "")[:10] in match.matched_text


@pytest.mark.parametrize(("one", "other"), [
    ("OathCodeIncorrect", "OathCodePinIncorrect"),
    ("SMSAuthFailedWrongCodeEntered", "SMSAuthFailedWrongCodePinEntered"),
    ("AccessDenied", "BecAccessDenied"),
    ("InvalidParameter", "StrongAuthenticationServiceInvalidParameter"),
])
def test_look_alikes_stay_apart(one: str, other: str) -> None:
    expected_other = "InvalidFormat" if other.startswith("Strong") else other
    assert codes(f"Azure MFA response: {one}") == [one]
    assert codes(f"Azure MFA response: {other}") == [expected_other]
    assert codes(f"NPS: {one} then {other}") == [one, expected_other]


def test_look_alike_messages_pick_the_longer_one() -> None:
    assert codes("Wrong code and pin entered. (OneWaySMS)") == ["SMSAuthFailedWrongCodePinEntered"]
    assert codes("Wrong code and pin entered.", explicit=True) == ["OathCodePinIncorrect"]


def test_an_entry_found_twice_shows_the_excerpt_of_its_best_find() -> None:
    match = only("ESTS_TOKN_ERROR first, then ESTS_TOKEN_ERROR", explicit=True)
    assert (match.score, match.matched_text) == (100, "ESTS_TOKEN_ERROR")


def test_message_picks_the_entry_for_codes_with_several_messages() -> None:
    for entry in KB.by_code("InvalidParameter") + KB.by_code("ALTERNATE_LOGIN_ID_ERROR"):
        assert entry.message
        match = only(f"NPS Extension for Azure MFA: {entry.code} {entry.message}")
        assert match.entry == entry and match.message_known


@pytest.mark.parametrize(("kind", "text", "expected"), LABELLED,
                         ids=[f"{k}-{i}" for i, (k, _, _) in enumerate(LABELLED)])
def test_labelled_pastes(kind: str, text: str, expected: list[str]) -> None:
    assert codes(text) == expected


@pytest.mark.parametrize(("text", "code"), DESCRIBED)
def test_descriptions_in_words_are_suggested_not_claimed(text: str, code: str) -> None:
    result = MATCHER.match(text, explicit=True)
    assert result.matches == ()
    assert code in [s.entry.code for s in result.suggestions]
    assert len(result.suggestions) <= 3


@pytest.mark.parametrize("text", NEGATIVE)
def test_unrelated_text_is_never_claimed(text: str) -> None:
    assert codes(text) == []


def test_there_are_enough_negative_examples() -> None:
    assert len(NEGATIVE) >= 30


def test_plain_english_codes_need_nps_context_unless_asked_directly() -> None:
    s3 = "An error occurred (AccessDenied) when calling the GetObject operation"
    assert codes(s3) == []
    assert "AccessDenied" in [s.entry.code for s in MATCHER.match(s3).suggestions]
    assert codes("AccessDenied", explicit=True) == ["AccessDenied"]
    assert codes("NPS reject: AccessDenied") == ["AccessDenied"]
    # RADIUS or MFA alone is anyone's (Duo, Okta, RSA): not the extension's context
    assert codes("RADIUS reject: AccessDenied") == []
    assert codes("RADIUS reject: AccessDenied", explicit=True) == ["AccessDenied"]


def test_results_come_in_order_of_appearance_with_spans() -> None:
    text = "first HTTP_CONNECT_ERROR, then CONTACT_SUPPORT, then HTTP_CONNECT_ERROR again"
    result = MATCHER.match(text)
    assert [m.code for m in result.matches] == ["HTTP_CONNECT_ERROR", "CONTACT_SUPPORT"]
    for m in result.matches:
        assert text[m.start : m.end] == m.matched_text == m.code


def test_a_long_paste_is_cut_and_says_so() -> None:
    filler = "lorem ipsum dolor sit amet " * 2000
    head = ("ESTS_TOKEN_ERROR " + filler)[: MAX_PASTE_CHARS - 100]
    result = MATCHER.match(head + " " * 200 + "HTTP_CONNECT_ERROR")
    assert result.truncated
    assert [m.code for m in result.matches] == ["ESTS_TOKEN_ERROR"]
    assert not MATCHER.match(head).truncated


def test_ten_thousand_repeats_of_one_code_give_one_match() -> None:
    result = MATCHER.match("ESTS_TOKEN_ERROR\n" * 10_000)
    assert result.truncated
    assert [m.code for m in result.matches] == ["ESTS_TOKEN_ERROR"]


def test_repeated_messages_give_one_match() -> None:
    entry = KB.by_code("InvalidSession")[0]
    assert entry.message
    text = ("Azure MFA response: InvalidSession and message: " + entry.message + "\n") * 500
    assert codes(text) == ["InvalidSession"]


def _best_time(text: str) -> float:
    best = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        MATCHER.match(text)
        best = min(best, time.perf_counter() - started)
    return best


def test_cost_grows_linearly_with_the_paste() -> None:
    """Compared within this run, not against a wall clock: 4x the text must cost well
    under the 16x a quadratic matcher would take."""
    line = ("2026-11-29 10:00:01 NPS Extension for Azure MFA: CID: "
            "6e2a4f0c-93b1-4c55-8d2e-0f6b1d7a9c31 request for user alice@contoso.com ok\n")
    small = (line * 200)[:10_000]
    large = (line * 800)[:40_000]
    assert _best_time(large) < 8 * _best_time(small)


def test_context_is_extracted_from_an_event_log_paste() -> None:
    from tests.domain.labelled_pastes import EVENT_ESTS

    context = extract_context(EVENT_ESTS)
    assert context.correlation_id == "6e2a4f0c-93b1-4c55-8d2e-0f6b1d7a9c31"
    assert context.user == "alice@contoso.com"
    assert context.timestamp == "11/29/2026 10:03:12 AM"
    assert context.server == "NPS01.contoso.com"


def test_matched_text_is_a_slice_of_the_paste() -> None:
    for _, text, _ in LABELLED:
        for m in MATCHER.match(text).matches:
            assert text[m.start : m.end] == m.matched_text
            assert re.search(r"\S", m.matched_text)

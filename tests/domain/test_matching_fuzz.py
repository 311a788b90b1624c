"""Property tests: the matcher and the context extractor take any paste a person or a
hostile user can send, return a well-formed result, and stay linear on pathological input.

Time is never compared with a fixed limit: a pathological paste must take at most
``SLOWDOWN`` times as long as plain lorem ipsum of the same length, measured in the same
test (best of three), so the check holds on slow and shared machines alike.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.domain.knowledge import Entry
from bot.domain.matching import Matcher
from bot.domain.paste_context import extract_context
from bot.domain.results import MAX_PASTE_CHARS, MatchResult, PasteContext
from bot.knowledge_files import load_knowledge

KB = load_knowledge()
MATCHER = Matcher(KB)
SLOWDOWN = 20

CHEAP = settings(max_examples=100, deadline=None)
LONG = settings(max_examples=10, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

LOREM = ("Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor "
         "incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud "
         "exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat.\n")

_CODES = sorted({c for e in KB.entries for c in e.codes})
_MESSAGES = sorted({e.message for e in KB.entries if e.message})
_GUID = "6e2a4f0c-93b1-4c55-8d2e-0f6b1d7a9c31"

# Pieces of real pastes, Slack markup and characters that tend to break text handling.
FRAGMENTS = [
    *_CODES, *_MESSAGES,
    "<!channel>", "<!here>", "<@U123ABC>", "<#C024BE7LR|general>", "<https://x.example|y>",
    "&gt; ", "&lt;Data&gt;", "&amp;", "`", "```\n", "*", "_", "~", ":fire:",
    "\u200f", "\u202e", "\u200b", "\ufeff", "\x00", "\x1b[31m", "\r\n", "\t", "\ud800", "\udfff",
    "🙏", "👩‍💻", "İ", "ß", "ﬁ", "Ω", "\u0301",
    "NPS Extension for Azure MFA: ", f"CID: {_GUID} :", "Exception in Authentication Ext ",
    "for user ", "for User alice@contoso.com :: ", "ErrorCode:: ", "Msg:: ",
    "Access Rejected for user bob@contoso.com with Azure MFA response: ", " and message: ",
    "Date:          3/14/2024 9:02:17 AM\n", "Computer:      NPS01.contoso.com\n",
    "Tenant ID: ", "UPN=", "2024-03-14T09:02:17.123Z", "doesn't ", "wasn’t ", "might ",
    "{0}", "____", "----", "::::", "     ", "\n\n\n", "'", "’",
]

PATHOLOGICAL = [
    *(f"{code} " for code in _CODES),  # thousands of repeats of one code
    *(f"{message} " for message in _MESSAGES),
    "A", "Aa", "a_", "_", "-", "_-", "ESTS_", "Ests", "x1_", " ", ":", "::", "\n", "\t",
    "Date:\n", "Date: ", "Date:" + " " * 39 + "x" * 70 + "\n", "Date: x" + " " * 600 + "y\n",
    "for user ", "for  user  ", "for user " + "a" * 300 + " ", "UPN: ", "CID: ", "CID :: ",
    f"{_GUID}-", "tenant id: ", "Computer: ", "2024-03-14 ", "3/14/2024 ", "1",
    "specified ", "user the specified was not found session invalid ", "wrong code entered ",
    "The length of CompanyName is longer than the ", "InvalidSesion OathCodeIncorect ",
    "alternate login id ", "client cert install ", "doesn't isn't wasn't ", "a'b'c'",
    "<!channel> <@U123> <https://x|y> ", "🙏", "\u200f\u202e", "\x00",
    "strongauth", "nps azure mfa radius ",
]

any_text = st.text(st.characters(exclude_categories=()), max_size=2000)
paste_like = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(st.characters(exclude_categories=()),
                                                  max_size=20)),
    max_size=60,
).map("".join)


def _stretch(piece: str, size: int) -> str:
    return (piece * (size // len(piece) + 1))[:size]


# Up to just over the paste limit, so that truncation is exercised too.
long_size = st.integers(MAX_PASTE_CHARS // 2, MAX_PASTE_CHARS + 5_000)
long_any = st.builds(_stretch, st.text(st.characters(exclude_categories=()), min_size=1,
                                       max_size=200), long_size)
long_pathological = st.builds(
    lambda piece, size, around: around + _stretch(piece, size) + around,
    st.sampled_from(PATHOLOGICAL), long_size, paste_like,
)


def assert_context_well_formed(text: str, context: PasteContext) -> None:
    assert isinstance(context, PasteContext)
    for value in context.as_dict().values():
        assert value in text  # every field is a piece of the paste, never made up


def assert_well_formed(text: str, result: MatchResult) -> None:
    assert isinstance(result, MatchResult)
    paste = text[:MAX_PASTE_CHARS]
    assert result.truncated == (len(text) > MAX_PASTE_CHARS)
    for match in result.matches:
        assert 0 <= match.start < match.end <= len(paste)
        assert match.matched_text == paste[match.start : match.end]
        assert 0 <= match.score <= 100
        assert match.entry in KB.entries
        if not match.message_known:
            assert set(match.alternatives) == set(KB.by_code(match.code)) - {match.entry}
    assert [m.start for m in result.matches] == sorted(m.start for m in result.matches)
    keys = [m.entry.id if m.message_known else f"?{m.code}" for m in result.matches]
    assert len(keys) == len(set(keys))  # one match per entry
    assert len(result.suggestions) <= 3
    assert not (result.matches and result.suggestions)  # suggestions only when unsure
    assert len({s.entry.id for s in result.suggestions}) == len(result.suggestions)
    for suggestion in result.suggestions:
        assert 0 <= suggestion.score <= 100
        assert suggestion.entry in KB.entries
    json.dumps(result.as_dict())
    assert_context_well_formed(paste, extract_context(paste[:MAX_PASTE_CHARS]))


def _best_of_three(fn: Callable[[str], object], text: str) -> float:
    times = []
    for _ in range(3):
        started = time.perf_counter()
        fn(text)
        times.append(time.perf_counter() - started)
    return min(times)


def assert_linear(fn: Callable[[str], object], text: str) -> None:
    baseline = _best_of_three(fn, _stretch(LOREM, len(text)))
    taken = _best_of_three(fn, text)
    assert taken <= SLOWDOWN * baseline, (
        f"{taken * 1000:.1f} ms vs {baseline * 1000:.1f} ms for lorem ipsum of "
        f"{len(text)} characters")


# -- matcher ----------------------------------------------------------------------------


@CHEAP
@given(text=any_text, explicit=st.booleans())
def test_any_unicode_text_gives_a_well_formed_result(text: str, explicit: bool) -> None:
    assert_well_formed(text, MATCHER.match(text, explicit=explicit))


@CHEAP
@given(text=paste_like, explicit=st.booleans())
def test_paste_like_text_gives_a_well_formed_result(text: str, explicit: bool) -> None:
    assert_well_formed(text, MATCHER.match(text, explicit=explicit))


@CHEAP
@given(text=paste_like)
def test_asking_directly_only_adds_matches(text: str) -> None:
    """NPS context (implied by a direct question) can make a code count, never drop one."""
    in_channel = {m.code for m in MATCHER.match(text).matches}
    asked = {m.code for m in MATCHER.match(text, explicit=True).matches}
    assert in_channel <= asked


@CHEAP
@given(code=st.sampled_from(_CODES), separator=st.sampled_from([" ", "\n", ", ", " | "]))
def test_ten_thousand_repeats_of_a_code_give_one_match(code: str, separator: str) -> None:
    text = separator.join([code] * 10_000)
    result = MATCHER.match(text, explicit=True)
    assert_well_formed(text, result)
    assert [m.code for m in result.matches] == [KB.by_code(code)[0].code]


# Ordinary and deliberately confusing words a person types around a paste.
_CHATTER = st.lists(st.sampled_from([
    "the", "user", "says", "it", "failed", "again", "on", "nps01", "today", "not", "found",
    "error", "code", "session", "tenant", "is", "blocked", "please", "help", "restarted",
    "invalid", "request", "method", "and", "pin", "wrong", "entered", "for", "with", "message",
    "access", "denied", "?", "!", ",", ".", "(", ")", "—", "🙏", "`", "*", "&gt;",
]), max_size=12).map(" ".join)


@CHEAP
@given(entry=st.sampled_from(KB.entries), by_message=st.booleans(), before=_CHATTER,
       after=_CHATTER)
def test_chatter_around_an_exact_code_or_message_never_hides_it(
        entry: Entry, by_message: bool, before: str, after: str) -> None:
    by_message = by_message and entry.message is not None and "{" not in entry.message
    message = entry.message or ""
    if not entry.code:  # keyed by its message: that is all a paste can hold of it
        by_message, message = True, message.replace("{0}", "jdoe@contoso.com")
    text = f"{before} {message if by_message else entry.code} {after}"
    result = MATCHER.match(text, explicit=True)
    assert entry.code in [m.code for m in result.matches]
    if by_message:  # the message pins the entry down, even for codes with several
        assert entry in [m.entry for m in result.matches if m.message_known]


@LONG
@given(text=long_any, explicit=st.booleans())
def test_long_unicode_text_gives_a_well_formed_result(text: str, explicit: bool) -> None:
    result = MATCHER.match(text, explicit=explicit)
    assert_well_formed(text, result)
    if result.truncated:  # the cut paste is all that is looked at
        assert result.matches == MATCHER.match(text[:MAX_PASTE_CHARS], explicit=explicit).matches


@LONG
@given(text=long_pathological)
def test_pathological_pastes_take_linear_time(text: str) -> None:
    assert_well_formed(text, MATCHER.match(text))
    assert_linear(MATCHER.match, text)


# -- context extraction ---------------------------------------------------------------


@CHEAP
@given(text=st.one_of(any_text, paste_like))
def test_context_of_any_text_is_taken_from_the_text(text: str) -> None:
    assert_context_well_formed(text, extract_context(text))


@LONG
@given(text=st.one_of(long_any, long_pathological))
def test_context_extraction_takes_linear_time(text: str) -> None:
    assert_context_well_formed(text, extract_context(text))
    assert_linear(extract_context, text)


def test_blank_lines_before_long_date_lines_take_linear_time() -> None:
    text = _stretch("\n" * 20 + "Date: x" + " " * 600 + "y", MAX_PASTE_CHARS)
    assert_linear(extract_context, text)


# Spliced from the fragments above; with ties broken in set order, each matched differently
# under two of PYTHONHASHSEED 0 to 3.
_TIED = [
    # two suggestions sharing a code and a score, once listed in set order
    "Paste(kind='event', textince we enforced MFA: INVALID_SESSION_ID: Session expired "
    "or invalid', codes=(), explicit=False, note='')",
    ('Maximum allowed code retry reachedMsg:: specified The specif'
     'ied user was not found AaThe specified session is invalid or'
     ' may have expired Wrong code entered\\OATH Code Incorrectalte'
     'rnate login id Wrong code entered/Text Message OTP Incorrect'),
    ('<#C024BE7LR|general>\nProof data was not configured for the s'
     'pecified authentication method. Proof data was not configure'
     'd for the specified authentication method. \u200fCLIENT_CERT_INST'
     'ALL_ERROR BecAccessDenied 2024-03-14 MSODS Graph call return'
     'ed user not found error. REGISTRY_CONFIG_ERROR InvalidSessio'
     'n \ufeff'),
    ('Could not resolve any ProofData from request or Msods. The P'
     'roofData is unKnownOathCodePinIncorrect Request must not be '
     'nullWrong code and pin entered. (OneWaySMS)REQUEST_MISSING_C'
     'ODENo default authentication method was configured for the u'
     'ser\ud800REGISTRY_CONFIG_ERROR REQUEST_MISSING_CODE\u200bWrong code an'
     'd pin entered.Ω<!here>UPN: '),
]
_MATCH_ALL = (
    "import json, sys\n"
    "from bot.domain.matching import Matcher\n"
    "from bot.knowledge_files import load_knowledge\n"
    "m = Matcher(load_knowledge())\n"
    "texts = json.load(sys.stdin)\n"
    "print(json.dumps([m.match(t, explicit=e).as_dict() for t in texts for e in (False, True)]))"
)


def test_the_answer_does_not_depend_on_the_hash_seed() -> None:
    """Python salts str hashes per process: a tie settled by set order made the same paste
    match differently after a restart, or on another replica."""
    answers = []
    for seed in ("0", "1", "2", "3"):
        done = subprocess.run([sys.executable, "-c", _MATCH_ALL], input=json.dumps(_TIED),
                              capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": seed})
        answers.append(json.loads(done.stdout))
    assert all(answer == answers[0] for answer in answers)


def test_long_tokens_are_not_kept_between_pastes() -> None:
    """Readings of recent tokens are kept (log pastes repeat their words), but only short
    ones: 4,096 kept tokens of 40,000 characters would be hundreds of MB."""
    matcher = Matcher(load_knowledge())
    matcher.match("ESTS_TOKEN_ERROR " + "A" * 40_000)
    kept = matcher._read_token.cache_info().currsize
    matcher.match("ESTS_TOKEN_ERROR " + "B" * 40_000)
    assert matcher._read_token.cache_info().currsize == kept

"""The shipped knowledge base covers the source article completely.

The article's codes, messages and commands are listed in ``seed_rows.py`` (product strings,
verbatim), so a code or message that is missing from ``knowledge/`` fails the suite.
"""

from __future__ import annotations

import re

import pytest

from bot.domain.knowledge import Category, KnowledgeBase
from bot.knowledge_files import load_knowledge
from tests.domain.seed_rows import SEED_COMMANDS, SEED_ROWS

_SENTENCE_BREAK = re.compile(r"[.!?]\s+[A-Z]")  # a sentence boundary inside a step
_KEBAB = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_GENERIC_KEYWORDS = {"error", "errors", "user", "users", "mfa", "nps", "failed", "problem"}
MAX_STEP_CHARS = 300


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge()


def _pairs(kb: KnowledgeBase) -> set[tuple[str, str | None]]:
    return {(code, e.message) for e in kb.entries for code in e.codes}


# --- coverage of the seed -----------------------------------------------------------------

def test_every_seed_code_is_known(kb: KnowledgeBase) -> None:
    known = {code for e in kb.entries for code in e.codes}
    missing = sorted({c for row in SEED_ROWS for c in row.codes} - known)
    assert not missing, f"codes from the seed with no knowledge entry: {missing}"


def test_every_seed_code_and_message_pair_is_known(kb: KnowledgeBase) -> None:
    pairs = _pairs(kb)
    missing = sorted(
        (code, row.message)
        for row in SEED_ROWS
        if row.message is not None
        for code in row.codes
        if (code, row.message) not in pairs
    )
    assert not missing, f"(code, message) pairs from the seed not in knowledge/: {missing}"


def test_codes_written_as_alternatives_share_one_entry(kb: KnowledgeBase) -> None:
    multi = [row for row in SEED_ROWS if len(row.codes) > 1]
    assert multi, "the seed is expected to list at least one 'A or B' code"
    for row in multi:
        owners = {e.id for code in row.codes for e in kb.by_code(code)
                  if e.message == row.message}
        assert len(owners) == 1, f"{row.codes} should be one entry with aliases, got {owners}"


def test_section_categories_follow_the_article(kb: KnowledgeBase) -> None:
    """Rows under "aren't errors" are user warnings; rows under "contact support" need support."""
    for row in SEED_ROWS:
        if row.category is None:
            continue
        for code in row.codes:
            entries = [e for e in kb.by_code(code) if row.message in (None, e.message)]
            assert entries and all(e.category is row.category for e in entries), (code, row.message)
    assert {row.category for row in SEED_ROWS} == {
        None, Category.USER_WARNING, Category.NEEDS_SUPPORT}


def test_a_code_listed_with_and_without_message_is_one_entry(kb: KnowledgeBase) -> None:
    (entry,) = kb.by_code("OathCodePinIncorrect")
    assert entry.message == "Wrong code and pin entered."
    assert entry.category is Category.NEEDS_SUPPORT


@pytest.mark.parametrize("code", [
    "CONTACT_SUPPORT", "AuthenticationMethodNotSupported", "SMSAuthFailedWrongCodePinEntered",
    "TenantIsBlocked",
])
def test_errors_the_article_sends_to_support_need_support(kb: KnowledgeBase, code: str) -> None:
    entries = kb.by_code(code)
    assert entries and all(e.category is Category.NEEDS_SUPPORT for e in entries)


@pytest.mark.parametrize(("code", "message"), [
    ("AuthenticationThrottled", "Too many attempts by user in a short period of time. Throttling."),
    ("AuthenticationMethodLimitReached", "Authentication Method Limit Reached. Throttling."),
])
def test_newer_throttling_codes_are_user_warnings(kb: KnowledgeBase, code: str,
                                                  message: str) -> None:
    (entry,) = kb.by_code(code)
    assert entry.message == message
    assert entry.category is Category.USER_WARNING


# --- quality of every entry ---------------------------------------------------------------

def test_entry_ids_are_unique(kb: KnowledgeBase) -> None:
    ids = [e.id for e in kb.entries]
    assert len(ids) == len(set(ids))


def test_every_entry_links_only_to_https_pages(kb: KnowledgeBase) -> None:
    for e in kb.entries:
        assert e.links, e.source
        assert all(link.url.startswith("https://") and link.title for link in e.links), e.source


def test_steps_are_short_single_sentences(kb: KnowledgeBase) -> None:
    for e in kb.entries:
        assert e.steps, e.source
        for step in e.steps:
            prose = re.sub(r"`[^`]*`", "`code`", step)  # commands may contain dots
            assert len(step) <= MAX_STEP_CHARS, f"{e.source}: step too long: {step}"
            assert not _SENTENCE_BREAK.search(prose), f"{e.source}: one sentence per step: {step}"
            assert step.endswith("."), f"{e.source}: a step is a full sentence: {step}"


def test_summary_and_meaning_are_one_line(kb: KnowledgeBase) -> None:
    for e in kb.entries:
        assert "\n" not in e.summary and "\n" not in e.meaning, e.source
        assert not _SENTENCE_BREAK.search(re.sub(r"`[^`]*`", "", e.meaning)), e.source


def test_card_text_has_no_slack_link_or_mention_syntax(kb: KnowledgeBase) -> None:
    """``<...>`` is Slack's link/mention syntax; placeholders must not look like it."""
    for e in kb.entries:
        for text in (e.summary, e.meaning, *e.steps):
            assert "<" not in text, f"{e.source}: {text}"


def test_keywords_are_few_and_specific(kb: KnowledgeBase) -> None:
    for e in kb.entries:
        assert 3 <= len(e.keywords) <= 8, f"{e.source}: {len(e.keywords)} keywords"
        generic = [k for k in e.keywords if k.lower() in _GENERIC_KEYWORDS]
        assert not generic, f"{e.source}: generic keywords {generic}"


# --- the log-collection procedure ---------------------------------------------------------

def test_procedure_contains_every_seed_command_in_order(kb: KnowledgeBase) -> None:
    ours = [cmd for step in kb.procedure.steps for cmd in step.commands]
    missing = [cmd for cmd in SEED_COMMANDS if cmd not in ours]
    assert not missing, f"seed commands missing (or not byte-exact) in the procedure: {missing}"
    positions = [ours.index(cmd) for cmd in SEED_COMMANDS]
    assert positions == sorted(positions), "procedure commands are out of the article's order"


def test_procedure_steps_have_stable_ids_and_links(kb: KnowledgeBase) -> None:
    steps = kb.procedure.steps
    assert all(_KEBAB.fullmatch(s.id) for s in steps)
    assert len({s.id for s in steps}) == len(steps)
    assert kb.procedure.links
    assert all(link.url.startswith("https://") for link in kb.procedure.links)

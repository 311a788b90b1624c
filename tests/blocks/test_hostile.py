"""Text we did not write (pastes, form fields, even our own knowledge files) can never ping,
link or hide characters, and never pushes a payload past Slack's limits."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.blocks.card import (
    card_blocks,
    catalogue_message,
    entry_message,
    reply_message,
    suggestions_message,
)
from bot.blocks.checklist import checklist_message
from bot.blocks.handoff import handoff_modal, handoff_support_message, handoff_thread_notice
from bot.blocks.home import home_view
from bot.blocks.message import Message
from bot.blocks.search_results import search_results_view
from bot.blocks.shortcut import shortcut_message
from bot.blocks.stats import stats_message
from bot.blocks.text import escape, quote_paste
from bot.domain.checklist import StepState, ThreadRef
from bot.domain.handoff import HandoffForm, HandoffState
from bot.domain.knowledge import Link
from bot.domain.results import MatchResult, Suggestion
from bot.domain.stats import CodeStats, Stats
from tests.blocks.support import (
    FORBIDDEN,
    HOSTILE,
    assert_inert,
    assert_valid,
    make_checklist,
    make_entry,
    make_handoff,
    make_kb,
    make_match,
    make_procedure,
)

PIECES = ["<!channel>", "<!here>", "<@U123>", "<https://evil.example|click>", "&", "<", ">",
          "&amp;", "\x00", "\u202e", "\u200f", "@everyone", "@here", "🎉", ":tada:", "|", "\n",
          "*", "`", "```", "x", " "]
hostile_text = st.one_of(st.text(max_size=300),
                         st.lists(st.sampled_from(PIECES), max_size=60).map("".join))
FORM = HandoffForm(tenant_id=HOSTILE, upn=HOSTILE, correlation_id=HOSTILE, occurred_at=HOSTILE,
                   what_happened=HOSTILE * 50, logs_attached=True)


def _hostile_entry(text: str, code: str = "CODE"):
    return make_entry(code, text or None, summary=text or "s", meaning=text or "m",
                      steps=(text or "step", text or "step"),
                      links=(Link(text or "t", "https://learn.microsoft.com/x"),),
                      keywords=(text,))


def _check(message: Message) -> None:
    assert_valid(message.as_kwargs())
    assert_inert(message.as_kwargs())


@settings(max_examples=50, deadline=None)
@given(hostile_text)
def test_escape_and_quote_paste_output_is_inert(text):
    for out in (escape(text), quote_paste(text), quote_paste(text, 20)):
        for bad in FORBIDDEN:
            assert bad not in out


@settings(max_examples=50, deadline=None)
@given(hostile_text, hostile_text)
def test_card_blocks_are_inert_and_valid(text, pasted):
    entry = _hostile_entry(text)
    match = make_match(entry, pasted, message_known=False,
                       alternatives=(_hostile_entry(pasted, "OTHER"),))
    for compact in (False, True):
        _check(Message("fallback", card_blocks(entry, match=match, share=True, compact=compact)))


@settings(max_examples=50, deadline=None)
@given(hostile_text, hostile_text)
def test_support_message_is_inert_and_valid(text, summary):
    form = HandoffForm(tenant_id=text, upn=text, correlation_id=text, occurred_at=text,
                       what_happened=text * 20)
    handoff = make_handoff(HandoffState.TAKEN, form=form, entry_id=text)
    _check(handoff_support_message(handoff, _hostile_entry(summary), None, text or None))
    _check(handoff_support_message(handoff, None, None, None))


@settings(max_examples=25, deadline=None)
@given(hostile_text)
def test_every_builder_is_inert_for_hostile_text(generated):
    """The fixed hostile string, then whatever Hypothesis makes of the same pieces."""
    hostile = HOSTILE + generated
    entry = _hostile_entry(hostile, hostile)
    other = _hostile_entry(hostile + "2", hostile)
    match = make_match(entry, hostile * 3)
    result = MatchResult(matches=(match, make_match(other, hostile)),
                         suggestions=(Suggestion(other, 50),))
    _check(reply_message(result, share=True))
    _check(reply_message(MatchResult(matches=(match,))))
    _check(suggestions_message(result))
    _check(entry_message(entry, share=True, alternatives=(other,)))
    kb = make_kb((entry, other))
    _check(catalogue_message(kb))

    procedure = make_procedure(12, title=hostile, intro=hostile, step_title=hostile,
                               detail=hostile, commands=(hostile,),
                               links=(Link(hostile, "https://evil.example|x"),))
    checklist = make_checklist(procedure, done=5, by="U123><!channel")
    _check(checklist_message(procedure, checklist, entry, support_configured=False))

    view = handoff_modal(FORM, 1, ThreadRef("C1", "1.2"))
    assert_valid(view, "modal")
    assert_inert(view)

    handoff = make_handoff(HandoffState.RESOLVED, form=FORM, entry_id=hostile,
                           resolved_by="U1><!channel", support_channel="<!here>")
    _check(handoff_support_message(handoff, entry, checklist, "https://evil.example|click"))
    _check(handoff_thread_notice(handoff))

    home = home_view(kb, [handoff], [CodeStats(hostile, 3)], [CodeStats(hostile, 9)])
    assert_valid(home, "home")
    assert_inert(home)

    stats = Stats(since=datetime(2024, 1, 1, tzinfo=UTC), codes=(CodeStats(hostile, 3, 1, 1),))
    _check(stats_message(stats, 7))

    _check(shortcut_message(result, thread_ts="1700000000.000100"))
    _check(shortcut_message(MatchResult(), thread_ts=None))
    search = search_results_view(hostile, result)
    assert_valid(search, "modal")
    assert_inert(search)


def test_hostile_ticker_ids_never_become_mentions():
    procedure = make_procedure(2)
    checklist = make_checklist(procedure)
    checklist = checklist.__class__(**{**checklist.__dict__, "steps": (
        StepState("s1", True, "<!channel>", None), StepState("s2"))})
    message = checklist_message(procedure, checklist, None, support_configured=True)
    assert_inert(message.as_kwargs())
    assert "✓ 1. someone" in str(message.blocks)

"""Every entry of the real knowledge base renders within Slack's limits."""

from __future__ import annotations

from bot.blocks.card import catalogue_message, entry_message, reply_message
from bot.blocks.checklist import checklist_message
from bot.blocks.home import home_view
from bot.blocks.text import escape
from bot.domain.results import MatchResult
from bot.knowledge_files import load_knowledge
from tests.blocks.support import assert_valid, joined, make_checklist, make_match


def test_every_entry_card_fits():
    kb = load_knowledge()
    for entry in kb.entries:
        siblings = tuple(e for e in kb.by_code(entry.code) if e is not entry)
        assert_valid(entry_message(entry, share=True, alternatives=siblings).as_kwargs())
        match = make_match(entry, entry.message or entry.code, message_known=not siblings,
                           alternatives=siblings)
        assert_valid(reply_message(MatchResult(matches=(match,))).as_kwargs())
    every = MatchResult(matches=tuple(make_match(e, e.code) for e in kb.entries))
    assert_valid(reply_message(every).as_kwargs())
    assert_valid(catalogue_message(kb).as_kwargs())
    assert_valid(home_view(kb, [], [], []), "home")


def test_the_real_procedure_fits_in_one_message_with_every_command():
    kb = load_knowledge()
    procedure = kb.procedure
    for done in (0, len(procedure.steps) // 2, len(procedure.steps)):
        message = checklist_message(procedure, make_checklist(procedure, done=done),
                                    kb.entries[0], support_configured=True)
        assert_valid(message.as_kwargs())
        shown = joined(message.blocks)
        for step in procedure.steps:
            for command in step.commands:
                assert escape(command) in shown

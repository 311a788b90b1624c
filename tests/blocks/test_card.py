from __future__ import annotations

import pytest

from bot.blocks import ids
from bot.blocks.card import (
    MAX_ALTERNATIVES,
    MAX_COMPACT_CARDS,
    card_blocks,
    catalogue_message,
    entry_message,
    reply_message,
    suggestions_message,
    usage_message,
)
from bot.domain.knowledge import Category, Cause, Link
from bot.domain.results import MatchResult, Suggestion
from tests.blocks.support import (
    LONG,
    assert_valid,
    buttons,
    joined,
    make_entry,
    make_kb,
    make_match,
)


def _message(blocks):
    return {"text": "fallback", "blocks": blocks}


def test_full_card_shows_code_category_message_meaning_steps_links_and_match(error_entry):
    match = make_match(error_entry, "...ESTS_TOKEN_ERROR...", 97)
    blocks = card_blocks(error_entry, match=match)
    assert blocks[0] == {"type": "header", "text": {
        "type": "plain_text", "text": "ESTS_TOKEN_ERROR", "emoji": True}}
    text = joined(blocks)
    assert ":wrench: Error to fix · admin" in text
    assert ">Error 0x80004005: ESTS_TOKEN_ERROR token error" in text
    assert "What ESTS_TOKEN_ERROR means." in text
    assert "1. Check the certificate.\n2. Restart the NPS service." in text
    assert ("<https://learn.microsoft.com/entra/identity/authentication/nps|"
            "NPS extension troubleshooting>") in text
    assert 'Matched: "...ESTS_TOKEN_ERROR..." (score 97)' in text
    assert_valid(_message(blocks))


@pytest.mark.parametrize(("category", "actor", "label"), [
    (Category.USER_WARNING, "end-user", ":information_source: User warning · end user"),
    (Category.NEEDS_SUPPORT, "support", ":sos: Needs support"),
])
def test_category_is_shown_at_a_glance(category, actor, label):
    blocks = card_blocks(make_entry("X", category=category, actor=actor))
    assert blocks[1]["elements"][0]["text"] == label


def test_card_buttons_carry_the_entry_id(error_entry):
    found = buttons(card_blocks(error_entry))
    assert [(b["action_id"], b["value"]) for b in found] == [
        (ids.FEEDBACK_FIXED, error_entry.id),
        (ids.FEEDBACK_NOT_FIXED, error_entry.id),
        (ids.ESCALATE, error_entry.id),
    ]
    assert "style" not in found[2]


def test_escalate_is_primary_for_needs_support(support_entry):
    escalate = [b for b in buttons(card_blocks(support_entry)) if b["action_id"] == ids.ESCALATE]
    assert escalate[0]["style"] == "primary"


def test_share_button_only_when_asked(error_entry):
    assert ids.SHARE not in [b["action_id"] for b in buttons(card_blocks(error_entry))]
    shared = buttons(card_blocks(error_entry, share=True))
    assert shared[-1]["action_id"] == ids.SHARE and shared[-1]["value"] == error_entry.id


def test_no_buttons_without_actions(error_entry):
    assert buttons(card_blocks(error_entry, actions=False)) == []


def test_code_only_match_says_whose_meaning_it_shows_and_offers_the_siblings(sibling_entries):
    # The paste named only the code: the meaning shown is one message's, and says so.
    first, *others = sibling_entries
    match = make_match(first, "CONTOSO_CODE", message_known=False, alternatives=tuple(others))
    blocks = card_blocks(first, match=match)
    assert f"_If the message is_\n>{first.message}" in joined(blocks)
    offered = [b for b in buttons(blocks) if b["action_id"] == ids.DID_YOU_MEAN]
    assert [b["value"] for b in offered] == [e.id for e in others]
    assert "pick yours below" in joined(blocks)
    assert_valid(_message(blocks))


def test_did_you_mean_skips_the_shown_entry_and_caps_the_list(error_entry):
    many = [make_entry(f"CODE_{i}", f"message {i}") for i in range(MAX_ALTERNATIVES + 3)]
    blocks = card_blocks(error_entry, suggestions=[error_entry, *many, many[0]])
    offered = [b["value"] for b in buttons(blocks) if b["action_id"] == ids.DID_YOU_MEAN]
    assert offered == [e.id for e in many[:MAX_ALTERNATIVES]]
    assert "and 3 more" in joined(blocks)


def test_no_did_you_mean_when_the_only_candidate_is_the_card_itself(error_entry):
    assert "Did you mean" not in joined(card_blocks(error_entry, suggestions=[error_entry]))


def test_reply_to_one_error_is_the_full_card_with_a_useful_fallback(error_entry):
    message = reply_message(MatchResult(matches=(make_match(error_entry),)))
    assert message.text == "ESTS_TOKEN_ERROR: Summary of ESTS_TOKEN_ERROR"
    assert message.blocks == card_blocks(error_entry, match=make_match(error_entry))


def test_reply_to_one_error_offers_the_other_suggestions(error_entry, warning_entry):
    result = MatchResult(matches=(make_match(error_entry),),
                         suggestions=(Suggestion(warning_entry, 60),))
    offered = [b["value"] for b in buttons(reply_message(result).blocks)
               if b["action_id"] == ids.DID_YOU_MEAN]
    assert offered == [warning_entry.id]


def test_the_same_error_twice_is_one_card(error_entry):
    match = make_match(error_entry)
    message = reply_message(MatchResult(matches=(match, match)))
    assert [b["text"]["text"] for b in message.blocks if b["type"] == "header"] == [
        "ESTS_TOKEN_ERROR"]


def test_thirty_errors_make_one_compact_message_under_the_block_limit():
    entries = [make_entry(f"CODE_{i:02d}", f"message {i}", steps=(LONG,) * 20, summary=LONG)
               for i in range(30)]
    result = MatchResult(matches=tuple(make_match(e, LONG) for e in entries), truncated=True)
    message = reply_message(result, share=True)
    assert_valid(message.as_kwargs())
    headers = [b["text"]["text"] for b in message.blocks if b["type"] == "header"]
    assert headers == [e.code for e in entries[:MAX_COMPACT_CARDS]]
    text = joined(message.blocks)
    assert "30 known errors" in text
    assert f"and {30 - MAX_COMPACT_CARDS} more" in text and "`CODE_29`" in text
    assert "Only the first 40,000 characters" in text
    assert message.text.startswith("30 known errors: CODE_00: ")
    fixed = [b["value"] for b in buttons(message.blocks) if b["action_id"] == ids.FEEDBACK_FIXED]
    assert fixed == [e.id for e in entries[:MAX_COMPACT_CARDS]]


def test_compact_card_points_to_the_siblings_instead_of_buttons(sibling_entries):
    first, *others = sibling_entries
    match = make_match(first, message_known=False, alternatives=tuple(others))
    blocks = card_blocks(first, match=match, compact=True)
    assert "`/mfa-error CONTOSO_CODE` shows them" in joined(blocks)
    assert f"_If the message is_ “{first.message}”:" in joined(blocks)
    assert ids.DID_YOU_MEAN not in [b["action_id"] for b in buttons(blocks)]


def test_no_match_offers_suggestions(error_entry, warning_entry):
    result = MatchResult(suggestions=(Suggestion(error_entry, 70), Suggestion(warning_entry, 60)))
    message = reply_message(result)
    assert message == suggestions_message(result)
    assert [b["value"] for b in buttons(message.blocks)] == [error_entry.id, warning_entry.id]
    assert "ESTS_TOKEN_ERROR, AccessReject" in message.text


def test_nothing_found_explains_how_to_use_the_bot():
    message = suggestions_message(MatchResult())
    assert "No known NPS-extension error found" in message.text
    assert "/mfa-error list" in joined(message.blocks)
    assert buttons(message.blocks) == []


def test_entry_message_offers_alternatives_and_share(sibling_entries):
    first, *others = sibling_entries
    message = entry_message(first, share=True, alternatives=others)
    actions = [(b["action_id"], b["value"]) for b in buttons(message.blocks)]
    assert (ids.DID_YOU_MEAN, others[0].id) in actions
    assert (ids.SHARE, first.id) in actions
    assert message.text == "CONTOSO_CODE: Summary of CONTOSO_CODE"


def test_usage_lists_the_commands():
    text = joined(usage_message().blocks)
    for command in ("/mfa-error list", "/mfa-error stats", "stats 30d", "/mfa-error help",
                    "Troubleshoot this error"):
        assert command in text


def test_catalogue_groups_distinct_codes_by_category(error_entry, warning_entry, sibling_entries):
    message = catalogue_message(make_kb((error_entry, warning_entry, *sibling_entries)))
    text = joined(message.blocks)
    assert "*:wrench: Error to fix* (2)\n`ESTS_TOKEN_ERROR` · `CONTOSO_CODE`" in text
    assert "*:information_source: User warning* (1)\n`AccessReject`" in text
    assert "Needs support" not in text
    assert message.text == "Known NPS-extension errors: 3 codes"


def test_catalogue_lists_message_only_entries_by_name(error_entry):
    notice = make_entry("", "Radius request is missing NAS Identifier and Nas IpAddress attribute")
    message = catalogue_message(make_kb((error_entry, notice)))
    text = joined(message.blocks)
    assert "`Radius request is missing NAS Identifier and Nas IpAddress attribute`" in text
    assert "``" not in text
    assert message.text == "Known NPS-extension errors: 2 codes"


def test_a_huge_catalogue_stays_within_limits():
    entries = tuple(make_entry(f"CODE_{i:05d}_{'X' * 40}") for i in range(5000))
    message = catalogue_message(make_kb(entries))
    assert_valid(message.as_kwargs())
    assert "List cut short: 5000 codes" in joined(message.blocks)


def test_long_knowledge_text_stays_within_limits():
    entry = make_entry("C" * 400, LONG, summary=LONG, meaning=LONG, steps=(LONG,) * 50,
                       links=tuple(Link(LONG, "https://example.com/" + "p" * 2000)
                                   for _ in range(20)))
    match = make_match(entry, LONG, message_known=False,
                       alternatives=tuple(make_entry("C" * 400, f"{i}{LONG}") for i in range(9)))
    assert_valid(entry_message(entry, share=True, alternatives=match.alternatives).as_kwargs())
    assert_valid(reply_message(MatchResult(matches=(match,))).as_kwargs())


def _cause() -> Cause:
    return Cause("AADSTS7000112", "the Azure Multi-Factor Auth Client service principal is "
                 "disabled.", ("Enable the service principal.", "Restart NPS."))


def test_most_likely_heads_the_card_and_offers_the_next_two_as_or_is_it(
        error_entry, warning_entry, support_entry):
    result = MatchResult(suggestions=(Suggestion(error_entry, 80), Suggestion(warning_entry, 70),
                                      Suggestion(support_entry, 65)), most_likely=True)
    message = reply_message(result)
    assert_valid(_message(message.blocks))
    assert message.blocks[0]["text"]["text"] == "Most likely: ESTS_TOKEN_ERROR"
    assert message.text.startswith("Most likely ESTS_TOKEN_ERROR")
    assert "*Or is it…?*" in joined(message.blocks)
    offered = [b["value"] for b in buttons(message.blocks) if b["action_id"] == ids.DID_YOU_MEAN]
    assert offered == [warning_entry.id, support_entry.id]
    # the card's own buttons act on the most likely entry
    assert ids.FEEDBACK_FIXED in [b["action_id"] for b in buttons(message.blocks)]


def test_suggestions_that_are_not_most_likely_stay_a_did_you_mean_list(
        error_entry, warning_entry):
    result = MatchResult(suggestions=(Suggestion(error_entry, 80), Suggestion(warning_entry, 70)))
    assert reply_message(result) == suggestions_message(result)


def test_the_inner_cause_leads_the_card_before_the_general_steps(error_entry):
    blocks = card_blocks(error_entry, match=make_match(error_entry, cause=_cause()))
    assert_valid(_message(blocks))
    texts = [b["text"]["text"] for b in blocks if b["type"] == "section"]
    assert texts[0].startswith("*Inner cause:* `AADSTS7000112`, the Azure Multi-Factor Auth "
                               "Client service principal is disabled.\n1. Enable the service")
    assert texts[2].startswith("*Then the general steps*\n1. Check the certificate.")
    compact = card_blocks(error_entry, match=make_match(error_entry, cause=_cause()),
                          compact=True)
    assert "*Inner cause:* `AADSTS7000112`" in joined(compact)


def test_an_entry_without_a_code_is_named_by_its_message():
    entry = make_entry("", "Challenge requested in Authentication Ext for User {0}.")
    message = reply_message(MatchResult(matches=(make_match(entry),)))
    assert_valid(_message(message.blocks))
    title = message.blocks[0]["text"]["text"]
    assert title == "Challenge requested in Authentication Ext for User …."
    assert "``" not in joined(message.blocks)

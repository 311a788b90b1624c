"""`mfa-bot lookup --channel`: what the bot posts for an unaddressed paste, or nothing."""

from __future__ import annotations

import json

from tests.test_cli import mfa_bot

DESCRIBED = ("our nps extension for azure mfa can't get a token from azure ad since the client "
             "certificate renewal, ESTS error in AuthNOptCh on every radius request")
NEGATIVE = "user gets error 691 on the built-in windows vpn client, RRAS with NPS for radius"


def test_a_paste_the_bot_would_answer_prints_its_answer_and_exits_zero() -> None:
    run = mfa_bot("lookup", "--channel", "ESTS_TOKEN_ERROR AADSTS7000112 on nps01")
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("ESTS_TOKEN_ERROR")
    assert "Inner cause: AADSTS7000112, the `Azure Multi-Factor Auth Client`" in run.stdout


def test_a_description_with_nps_context_gets_the_most_likely_entry() -> None:
    run = mfa_bot("lookup", "--channel", DESCRIBED)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("Most likely: ESTS_TOKEN_ERROR")
    assert "Or is it:" in run.stdout


def test_silence_prints_nothing_and_exits_one() -> None:
    run = mfa_bot("lookup", "--channel", NEGATIVE)
    assert (run.returncode, run.stdout) == (1, "")
    asked = mfa_bot("lookup", NEGATIVE)  # asked directly, the same text gets an answer
    assert asked.stdout


def test_json_says_whether_it_would_post_and_jsonl_keeps_lines_in_place() -> None:
    lines = [json.dumps({"text": t}) for t in (DESCRIBED, NEGATIVE, "UserNotFound")]
    run = mfa_bot("lookup", "--channel", "--jsonl", stdin="\n".join(lines) + "\n")
    described, negative, bare = (json.loads(x) for x in run.stdout.splitlines())
    assert described["posted"] and described["most_likely"]
    assert described["suggestions"][0]["code"] == "ESTS_TOKEN_ERROR"
    assert not negative["posted"] and negative["matches"] == negative["suggestions"] == []
    # a plain-English code with no NPS context is silent in a channel
    assert not bare["posted"] and bare["matches"] == []
    one = json.loads(mfa_bot("lookup", "--channel", "--json", DESCRIBED).stdout)
    assert one["posted"] and one["suggestions"][0]["code"] == "ESTS_TOKEN_ERROR"

"""Issue 11's targets on the holdout split of tests/data/eval_set.py, which the thresholds
were never tuned on (they were calibrated on the "calibrate" split), and the same kinds of
target on the holdout split of tests/data/fresh_set.py, written later by another hand."""

from __future__ import annotations

import pytest

from bot.domain.matching import Matcher
from bot.knowledge_files import load_knowledge
from tests.data import fresh_set
from tests.data.eval_set import CASES, HOLDOUT
from tests.domain.eval_scoring import Outcome, run, share


@pytest.fixture(scope="module")
def holdout() -> list[Outcome]:
    return run(Matcher(load_knowledge()), [c for c in CASES if c.split == HOLDOUT])


def test_descriptions_in_words_get_the_right_answer_first(holdout: list[Outcome]) -> None:
    right, total = share(holdout, "description", "top1")
    assert total >= 50 and right / total >= 0.85, f"{right}/{total}"


def test_fragments_of_codes_and_messages_get_the_right_answer_first(
        holdout: list[Outcome]) -> None:
    right, total = share(holdout, "fragment", "top1")
    assert total >= 20 and right / total >= 0.95, f"{right}/{total}"


def test_channel_stays_silent_on_near_domain_chat(holdout: list[Outcome]) -> None:
    posted, total = share(holdout, "negative", "channel_posts")
    assert total >= 40 and posted / total <= 0.03, f"{posted}/{total}"


@pytest.fixture(scope="module")
def fresh_holdout() -> list[Outcome]:
    return run(Matcher(load_knowledge()), [c for c in fresh_set.CASES if c.split == HOLDOUT])


def test_fresh_descriptions_get_the_right_answer_first(fresh_holdout: list[Outcome]) -> None:
    right, total = share(fresh_holdout, "description", "top1")
    assert total >= 40 and right / total >= 0.9, f"{right}/{total}"
    answered, _ = share(fresh_holdout, "description", "channel_right")
    assert answered / total >= 0.8, f"{answered}/{total} answered right in a channel"


def test_fresh_pastes_are_answered_right_even_unasked(fresh_holdout: list[Outcome]) -> None:
    right, total = share(fresh_holdout, "paste", "channel_right")
    assert total >= 15 and right == total, f"{right}/{total}"


def test_fresh_chat_rarely_gets_an_answer_in_a_channel(fresh_holdout: list[Outcome]) -> None:
    # Looser than the first set's 3%: this set asks the extension how-to questions
    # ("does it support number matching?"), which the ranking can read as a problem.
    posted, total = share(fresh_holdout, "negative", "channel_posts")
    assert total >= 20 and posted / total <= 0.1, f"{posted}/{total}"

"""The matcher against the held-out pastes in heldout_pastes.py, one test per paste."""

from __future__ import annotations

import pytest

from bot.domain.knowledge import load_knowledge
from bot.domain.matching import Matcher
from tests.domain.heldout_pastes import DESCRIBED, LABELLED, Described, Paste, satisfies

MATCHER = Matcher(load_knowledge())

# Known matcher failures, keyed by a snippet of the paste, until the matcher is fixed.
# strict=True: a fixed case fails the suite until its entry here is removed.
KNOWN_FAILURES: dict[str, str] = {}


def _params(items: list, kind) -> list:
    params = []
    for i, item in enumerate(items):
        reason = next((why for snippet, why in KNOWN_FAILURES.items() if snippet in item.text),
                      None)
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        params.append(pytest.param(item, marks=marks, id=f"{kind(item)}-{i}"))
    return params


@pytest.mark.parametrize("paste", _params(LABELLED, lambda p: p.kind))
def test_heldout_paste(paste: Paste) -> None:
    result = MATCHER.match(paste.text, explicit=paste.explicit)
    found = [m.code for m in result.matches]
    assert found == [label.partition("|")[0] for label in paste.codes]
    for match, label in zip(result.matches, paste.codes, strict=True):
        assert satisfies(match, label), (label, match.entry.message, match.message_known)


@pytest.mark.parametrize("item", _params(DESCRIBED, lambda _: "described"))
def test_heldout_description_is_suggested_not_claimed(item: Described) -> None:
    result = MATCHER.match(item.text, explicit=True)
    assert result.matches == ()
    assert {s.entry.code for s in result.suggestions} & set(item.acceptable)

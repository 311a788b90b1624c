"""The matcher against the held-out pastes in heldout_pastes.py, one test per paste."""

from __future__ import annotations

import pytest

from bot.domain.matching import Matcher
from bot.knowledge_files import load_knowledge
from tests.domain.heldout_pastes import DESCRIBED, LABELLED, Described, Paste, satisfies

MATCHER = Matcher(load_knowledge())


def _params(items: list, kind) -> list:
    return [pytest.param(item, id=f"{kind(item)}-{i}") for i, item in enumerate(items)]


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

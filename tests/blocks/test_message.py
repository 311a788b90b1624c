from __future__ import annotations

import pytest

from bot.blocks.message import Message


def test_as_kwargs():
    blocks = [{"type": "divider"}]
    assert Message("hi", blocks).as_kwargs() == {"text": "hi", "blocks": blocks}


@pytest.mark.parametrize("text", ["", "   "])
def test_fallback_text_is_required(text):
    with pytest.raises(ValueError, match="fallback"):
        Message(text, [])

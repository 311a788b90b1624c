from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.blocks.text import clean, escape, pack, quote_paste, truncate
from tests.blocks.support import FORBIDDEN, HOSTILE

ENTITY = re.compile(r"&(?!amp;|lt;|gt;)")


def test_escape_neutralises_pings_links_and_broadcasts():
    out = escape(HOSTILE)
    assert "&lt;!channel&gt;" in out
    assert "&lt;@U123&gt;" in out
    assert "&lt;https://evil.example|click&gt;" in out
    assert " &amp; " in out
    assert "@\u2060everyone" in out
    for bad in FORBIDDEN:
        assert bad not in out


def test_escape_keeps_ordinary_text_emoji_and_rtl_letters():
    text = "Event 1 ESTS_TOKEN_ERROR :tada: 🎉 \u05e9\u05dc\u05d5\u05dd\n\tindented"
    assert escape(text) == text


def test_clean_drops_controls_and_bidi_overrides_but_keeps_newlines():
    assert clean("a\x00b\x1bc\u202ed\u2066e\nf\tg") == "abcde\nf\tg"


def test_truncate_leaves_short_text_alone():
    assert truncate("short", 5) == "short"


def test_truncate_marks_the_cut():
    out = truncate("word " * 100, 50)
    assert len(out) <= 50 and out.endswith("…")


@pytest.mark.parametrize("limit", range(2, 12))
def test_truncate_never_splits_an_entity(limit):
    out = truncate("ab&amp;&lt;&gt;cd", limit)
    assert len(out) <= limit
    assert not ENTITY.search(out)


def test_truncate_never_splits_our_link_markup():
    text = "See <https://learn.microsoft.com/a/very/long/path|the docs> now"
    out = truncate(text, 30)
    assert out == "See…"


def test_quote_paste_is_single_line_escaped_and_short():
    out = quote_paste("line one <@U123>\nline two\r\n\tthree " + "y" * 500, 60)
    assert "\n" not in out and "\t" not in out and "\r" not in out
    assert out.startswith("line one &lt;@U123&gt; line two three")
    assert len(out) <= 60 and out.endswith("…")


def test_pack_keeps_order_and_limit():
    parts = [f"part{i:02d}" for i in range(30)]
    chunks = pack(parts, 40, " · ")
    assert all(len(c) <= 40 for c in chunks)
    assert " · ".join(chunks).split(" · ") == parts
    assert len(chunks) > 1


def test_pack_truncates_a_part_too_long_alone():
    assert pack(["a", "b" * 100, "c"], 20) == ["a", "b" * 19 + "…", "c"]


@settings(max_examples=50, deadline=None)
@given(st.text())
def test_escape_leaves_no_markup(text):
    out = escape(text)
    assert "<" not in out and ">" not in out
    assert not ENTITY.search(out)


@settings(max_examples=50, deadline=None)
@given(st.text(), st.integers(min_value=5, max_value=300))
def test_quote_paste_is_always_short_single_line_and_inert(text, limit):
    out = quote_paste(text, limit)
    assert len(out) <= limit
    assert "\n" not in out and "<" not in out and not ENTITY.search(out)

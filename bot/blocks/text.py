"""Making text safe and short for Slack mrkdwn.

Slack turns ``<!channel>``, ``<@U123>`` and ``<https://x|label>`` into pings and links, so
any text we did not write ourselves must pass through ``escape`` before it reaches mrkdwn.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# C0 controls (except tab and newline), DEL and bidi overrides/isolates: NUL breaks some
# clients and bidi overrides can make a pasted line display as something else.
_INVISIBLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
# Bare @here/@channel/@everyone can be auto-parsed into broadcasts; a word joiner stops that.
_BROADCAST = re.compile(r"@(here|channel|everyone)", re.IGNORECASE)
_PARTIAL_ENTITY = re.compile(r"&[a-z]{0,3}$")
_MARKUP_LOOKBACK = 300  # our own <url|title> or <!date...> markup is never longer than this


def clean(text: str) -> str:
    """Drop invisible control characters; for places where Slack shows text as typed
    (plain_text, input values) and escaping would show up literally."""
    return _INVISIBLE.sub("", text)


def escape(text: str) -> str:
    """Make ``text`` inert in mrkdwn: no pings, no links, no hidden characters."""
    text = clean(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # A template substitution costs a Python-level call even when nothing matches, and a
    # card escapes some 20 texts: most have no "@".
    return _BROADCAST.sub("@\u2060\\1", text) if "@" in text else text


def truncate(text: str, limit: int) -> str:
    """At most ``limit`` characters, ending in "…" when cut. Never cuts an entity such as
    ``&amp;`` or our own ``<...>`` markup in half, so escaped text stays escaped."""
    if len(text) <= limit:
        return text
    cut = text[: max(limit - 1, 0)]
    cut = _PARTIAL_ENTITY.sub("", cut)
    opening = cut.rfind("<")
    if opening != -1 and ">" not in cut[opening:] and len(cut) - opening <= _MARKUP_LOOKBACK:
        cut = cut[:opening]
    return cut.rstrip() + "…"


def quote_paste(text: str, limit: int = 200) -> str:
    """A single-line, escaped excerpt of user text, at most ``limit`` characters."""
    return truncate(escape(" ".join(clean(text).split())), limit)


def pack(parts: Sequence[str], limit: int, sep: str = "\n") -> list[str]:
    """Join ``parts`` into as few strings of at most ``limit`` characters as possible, in
    order; a part that alone is too long is truncated rather than split."""
    chunks: list[str] = []
    current = ""
    for part in parts:
        part = truncate(part, limit)
        if current and len(current) + len(sep) + len(part) <= limit:
            current += sep + part
        else:
            if current:
                chunks.append(current)
            current = part
    if current:
        chunks.append(current)
    return chunks

"""What the matcher returns: plain data, no Slack."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.domain.knowledge import Cause, Entry

MAX_PASTE_CHARS = 40_000  # longer pastes are cut; the result says so


@dataclass(frozen=True)
class PasteContext:
    """Fields found in an event-log paste that support will ask for.

    These are personal data: pass them to the hand-off form, never to a log line.
    """

    correlation_id: str | None = None
    user: str | None = None
    timestamp: str | None = None
    server: str | None = None
    tenant_id: str | None = None

    def as_dict(self) -> dict[str, str]:
        return {k: v for k, v in self.__dict__.items() if v}


@dataclass(frozen=True)
class Match:
    """A confident match of one known error in the paste."""

    entry: Entry
    score: int  # 0-100
    start: int  # span of the paste that matched (character offsets)
    end: int
    matched_text: str
    # True when the paste pins the entry down; False when the code has several messages
    # and the paste named only the code: ``alternatives`` then holds the other entries.
    message_known: bool = True
    alternatives: tuple[Entry, ...] = ()
    cause: Cause | None = None  # the entry's inner cause that the paste names

    @property
    def code(self) -> str:
        return self.entry.code

    def as_dict(self) -> dict[str, Any]:
        return {
            **_entry_dict(self.entry, self.score, known=self.message_known),
            "span": [self.start, self.end],
            "matched_text": self.matched_text,
            "summary": self.entry.summary,
            "alternatives": [
                {"code": e.code or None, "message": e.message, "entry_id": e.id}
                for e in self.alternatives
            ],
            "cause": _cause_dict(self.cause),
        }


@dataclass(frozen=True)
class Suggestion:
    """A "did you mean" candidate when nothing is confident."""

    entry: Entry
    score: int
    cause: Cause | None = None

    @property
    def code(self) -> str:
        return self.entry.code

    def as_dict(self) -> dict[str, Any]:
        return {**_entry_dict(self.entry, self.score), "cause": _cause_dict(self.cause)}


@dataclass(frozen=True)
class MatchResult:
    matches: tuple[Match, ...] = ()
    suggestions: tuple[Suggestion, ...] = ()
    truncated: bool = False  # the paste was longer than MAX_PASTE_CHARS and was cut
    # No match, but the first suggestion clears the calibrated bar: answer "Most likely"
    # with it, and offer the next two as "Or is it…?".
    most_likely: bool = False

    def top(self) -> Match | Suggestion | None:
        """What the bot answers with first: the first match, else the most likely entry."""
        if self.matches:
            return self.matches[0]
        return self.suggestions[0] if self.most_likely and self.suggestions else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "matches": [m.as_dict() for m in self.matches],
            "suggestions": [s.as_dict() for s in self.suggestions],
            "most_likely": self.most_likely,
            "truncated": self.truncated,
        }


def worth_posting(result: MatchResult, *, asked: bool) -> bool:
    """Does the bot reply? Always when asked (DM, mention, command); to an unaddressed paste
    in a channel only with a match or a most-likely entry (the matcher, called with
    ``explicit=False``, applies the channel's stricter bar), since silence beats a wrong card."""
    return asked or bool(result.matches) or result.most_likely


def _entry_dict(entry: Entry, score: int, *, known: bool = True) -> dict[str, Any]:
    """What a match and a suggestion both say of their entry (``known``: its message)."""
    return {"code": entry.code or None, "message": entry.message if known else None,
            "score": score, "category": entry.category.value, "entry_id": entry.id}


def _cause_dict(cause: Cause | None) -> dict[str, Any] | None:
    if cause is None:
        return None
    return {"pattern": cause.pattern, "cause": cause.cause, "steps": list(cause.steps)}

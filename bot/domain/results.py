"""What the matcher returns: plain data, no Slack."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.domain.knowledge import Entry

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

    @property
    def code(self) -> str:
        return self.entry.code

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.entry.code,
            "message": self.entry.message if self.message_known else None,
            "score": self.score,
            "category": self.entry.category.value,
            "entry_id": self.entry.id,
            "span": [self.start, self.end],
            "matched_text": self.matched_text,
            "summary": self.entry.summary,
            "alternatives": [
                {"code": e.code, "message": e.message, "entry_id": e.id}
                for e in self.alternatives
            ],
        }


@dataclass(frozen=True)
class Suggestion:
    """A "did you mean" candidate when nothing is confident."""

    entry: Entry
    score: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.entry.code,
            "message": self.entry.message,
            "score": self.score,
            "category": self.entry.category.value,
            "entry_id": self.entry.id,
        }


@dataclass(frozen=True)
class MatchResult:
    matches: tuple[Match, ...] = ()
    suggestions: tuple[Suggestion, ...] = ()
    truncated: bool = False  # the paste was longer than MAX_PASTE_CHARS and was cut

    def as_dict(self) -> dict[str, Any]:
        return {
            "matches": [m.as_dict() for m in self.matches],
            "suggestions": [s.as_dict() for s in self.suggestions],
            "truncated": self.truncated,
        }

"""The knowledge base: error entries and the log-collection procedure, as data. The YAML
files are read by bot/knowledge_files.py."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import StrEnum


class Category(StrEnum):
    ERROR = "error"  # an admin can fix it
    USER_WARNING = "user-warning"  # not a product error: the user typed a wrong code, etc.
    NEEDS_SUPPORT = "needs-support"  # no standard fix: collect logs and open a case


class Actor(StrEnum):
    ADMIN = "admin"
    END_USER = "end-user"
    SUPPORT = "support"


@dataclass(frozen=True)
class Link:
    title: str
    url: str


@dataclass(frozen=True)
class Cause:
    """One inner cause of an error, recognised by a pattern in the paste (an AADSTS code, an
    HTTP status, an event ID, a registry value): words compared in order, any case."""

    pattern: str
    cause: str  # one sentence, read after "Inner cause: PATTERN, "
    steps: tuple[str, ...]  # the one or two steps that fix this cause


@dataclass(frozen=True)
class Entry:
    """One known error: a code, optionally one of its exact product messages. A line the
    extension logs without any code has ``code == ""`` and is keyed by its message."""

    code: str
    message: str | None
    category: Category
    actor: Actor
    summary: str
    meaning: str
    steps: tuple[str, ...]
    links: tuple[Link, ...]
    aliases: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    source: str = ""  # "file:line", for error reports
    causes: tuple[Cause, ...] = ()

    @property
    def id(self) -> str:
        """Stable identifier (button values, stored feedback): the code, plus a short
        digest of the message so that entries sharing a code stay distinct."""
        if self.message is None:
            return self.code
        digest = hashlib.sha1(self.message.encode()).hexdigest()[:8]
        return f"{self.code or 'message'}:{digest}"

    @property
    def codes(self) -> tuple[str, ...]:
        return (self.code, *self.aliases) if self.code else self.aliases

    @property
    def name(self) -> str:
        """What a card or a log line calls the entry: its code, else its message's start."""
        if self.code:
            return self.code
        text = " ".join((self.message or "").replace("{0}", "…").split())
        # Keep both ends: messages sharing a start differ at the end (AccessReject/Challenge).
        if len(text) <= 72:
            return text
        head = text[:32].rsplit(" ", 1)[0]
        tail = text[-40:].split(" ", 1)[-1]
        return f"{head} … {tail}"


@dataclass(frozen=True)
class ProcedureStep:
    id: str
    title: str
    detail: str = ""
    commands: tuple[str, ...] = ()


@dataclass(frozen=True)
class Procedure:
    """The ordered log-collection steps that support asks for."""

    title: str
    intro: str
    steps: tuple[ProcedureStep, ...]
    links: tuple[Link, ...] = ()


@dataclass(frozen=True)
class KnowledgeBase:
    entries: tuple[Entry, ...]
    procedure: Procedure
    files: tuple[str, ...] = ()
    _by_id: dict[str, Entry] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._by_id.update({e.id: e for e in self.entries})

    def get(self, entry_id: str) -> Entry | None:
        return self._by_id.get(entry_id)

    def by_code(self, code: str) -> tuple[Entry, ...]:
        return tuple(e for e in self.entries if code in e.codes)

    def by_category(self) -> dict[Category, tuple[Entry, ...]]:
        return {c: tuple(e for e in self.entries if e.category is c) for c in Category}

"""What a bundle held, and what its event logs say: plain data, stored for the hand-off.

People are counted, never named: the report keeps how many distinct users hit an error,
not who they were.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.domain.checklist import Checklist


@dataclass(frozen=True)
class FileFinding:
    name: str  # as shown in the zip; display only
    kind: str | None  # an ArtifactKind key, or None for a file the checklist does not make
    status: str  # "ok", "empty", "damaged", "unnamed" (the extension's, which log?), "other"
    fmt: str | None = None  # "evtx", "xml", "wevtutil-text", ...
    events: int = 0  # the extension's events read from it
    note: str = ""  # why it is empty or damaged


@dataclass(frozen=True)
class ErrorSummary:
    code: str  # "" for an entry known only by its message
    label: str  # the code, or the message when there is no code
    entry_id: str
    count: int
    first: datetime | None
    last: datetime | None
    users: int  # distinct users; never who
    causes: tuple[str, ...] = ()


@dataclass(frozen=True)
class BundleReport:
    file_name: str
    files: tuple[FileFinding, ...]
    present: tuple[str, ...]  # artifact keys that arrived with content
    empty: tuple[str, ...]  # arrived, but empty or unreadable
    missing: tuple[str, ...]  # never arrived
    ticks: tuple[str, ...]  # checklist steps this bundle shows were done
    errors: tuple[ErrorSummary, ...] = ()
    extension_events: int = 0
    unknown_errors: int = 0  # extension errors/warnings the knowledge base does not know
    notes: tuple[str, ...] = field(default=())
    ticked_by: str = ""  # the bot's user ID once ``ticks`` are the steps it ticked

    def as_dict(self) -> dict[str, Any]:
        def stamp(t: datetime | None) -> str | None:
            return t.isoformat() if t else None

        return {
            "file_name": self.file_name,
            "files": [f.__dict__ for f in self.files],
            "present": list(self.present), "empty": list(self.empty),
            "missing": list(self.missing), "ticks": list(self.ticks),
            "errors": [{**e.__dict__, "first": stamp(e.first), "last": stamp(e.last),
                        "causes": list(e.causes)} for e in self.errors],
            "extension_events": self.extension_events,
            "unknown_errors": self.unknown_errors,
            "notes": list(self.notes),
            "ticked_by": self.ticked_by,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> BundleReport:
        def when(value: str | None) -> datetime | None:
            return datetime.fromisoformat(value) if value else None

        return cls(
            file_name=data["file_name"],
            files=tuple(FileFinding(**f) for f in data["files"]),
            present=tuple(data["present"]), empty=tuple(data["empty"]),
            missing=tuple(data["missing"]), ticks=tuple(data["ticks"]),
            errors=tuple(ErrorSummary(**{**e, "first": when(e["first"]),
                                         "last": when(e["last"]),
                                         "causes": tuple(e["causes"])})
                         for e in data["errors"]),
            extension_events=data["extension_events"],
            unknown_errors=data["unknown_errors"],
            notes=tuple(data.get("notes", ())),
            ticked_by=data.get("ticked_by", ""),
        )


def tick_sources(reports: Sequence[BundleReport], checklist: Checklist) -> dict[str, str]:
    """Step ID -> the file that showed it done, for steps the bot ticked from a bundle and
    that nobody has unticked or re-ticked since."""
    found = {}
    for report in reports:
        for step_id in report.ticks:
            state = checklist.step(step_id)
            if state is not None and state.done and state.done_by == report.ticked_by:
                found[step_id] = report.file_name
    return found

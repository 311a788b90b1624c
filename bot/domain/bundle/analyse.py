"""Check an attached bundle against the checklist and summarise the extension's errors."""

from __future__ import annotations

import hashlib
import re
import struct
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from bot.domain.bundle.archive import _UNREADABLE, Member, is_zip, members
from bot.domain.bundle.artifacts import (
    BY_KEY,
    EXPORT_STEP,
    EXPORTS,
    KINDS,
    ZIP_STEP,
    event_kind,
    is_extension_event,
    is_netsh_cab,
    trace_kind,
)
from bot.domain.bundle.caps import MB, Budget, BundleRejected, Caps
from bot.domain.bundle.events import EVTX_MAGIC, LogEvent, UnreadableExport, read_events, sniff
from bot.domain.bundle.report import BundleReport, ErrorSummary, FileFinding
from bot.domain.matching import Matcher
from bot.domain.paste_context import extract_context
from bot.domain.results import MatchResult

_GUID = re.compile(r"[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")
_PERSONAL = re.compile(r"\S{1,64}@\S{1,255}|\b\d{1,3}(?:\.\d{1,3}){3}\b")
_AADSTS = re.compile(r"\bAADSTS\d{5,6}\b")
MATCH_CACHE = 4096  # distinct message shapes remembered per bundle
ERROR_LEVELS = frozenset({"critical", "error", "warning"})


@dataclass
class _Tally:
    code: str
    label: str
    count: int = 0
    first: datetime | None = None
    last: datetime | None = None
    users: set[bytes] = field(default_factory=set)  # digests only: who is never kept
    causes: Counter[str] = field(default_factory=Counter)

    def add(self, event: LogEvent, causes: Sequence[str]) -> None:
        self.count += 1
        if event.time is not None:
            self.first = event.time if self.first is None else min(self.first, event.time)
            self.last = event.time if self.last is None else max(self.last, event.time)
        user = extract_context(event.message).user
        if user:
            self.users.add(hashlib.blake2b(user.lower().encode(), digest_size=8).digest())
        self.causes.update(causes)


class _Reader:
    def __init__(self, matcher: Matcher, budget: Budget) -> None:
        self.matcher = matcher
        self.budget = budget
        self.cache: dict[str, MatchResult] = {}
        self.tallies: dict[str, _Tally] = {}
        self.extension_events = 0
        self.unknown_errors = 0

    def match(self, message: str) -> MatchResult:
        # The same error repeats with another user, CID or time: match each shape once.
        key = _PERSONAL.sub("_", _GUID.sub("_", message))
        found = self.cache.get(key)
        if found is None:
            found = self.matcher.match(message, explicit=True)
            if len(self.cache) < MATCH_CACHE:
                self.cache[key] = found
        return found

    def read(self, member: Member, fmt: str, head: bytes) -> tuple[Counter[str], int]:
        """(events per export kind, extension events) for one export file."""
        kinds: Counter[str] = Counter()
        count = 0
        with member.open() as stream:
            for event in read_events(fmt, stream, head, self.budget):
                kind = event_kind(event)
                if kind is not None:
                    kinds[kind.key] += 1
                if not is_extension_event(event):
                    continue
                count += 1
                self.note(event)
        self.extension_events += count
        return kinds, count

    def note(self, event: LogEvent) -> None:
        result = self.match(event.message)
        if not result.matches:
            if (event.level or "").lower() in ERROR_LEVELS:
                self.unknown_errors += 1
            return
        for found in result.matches:
            entry = found.entry
            tally = self.tallies.get(entry.id)
            if tally is None:
                tally = self.tallies[entry.id] = _Tally(
                    entry.code, entry.code or (entry.message or entry.id))
            causes = [found.cause.pattern] if found.cause is not None else []
            causes += _AADSTS.findall(event.message)
            tally.add(event, causes)


def _evtx_cut_short(member: Member, head: bytes) -> bool:
    if not head.startswith(EVTX_MAGIC) or len(head) < 44:
        return False
    chunks: int = struct.unpack_from("<H", head, 42)[0]
    return member.size < 4096 + chunks * 65536


def analyse(
    data: bytes, file_name: str, matcher: Matcher, step_ids: Sequence[str],
    caps: Caps | None = None,
) -> BundleReport:
    """Read ``data`` (an attached zip or single export) within ``caps``. Raises
    BundleRejected with a sentence for the thread when it cannot be read at all."""
    budget = Budget(caps or Caps())
    reader = _Reader(matcher, budget)
    files: list[FileFinding] = []
    found: dict[str, str] = {}  # kind -> "ok" / "empty"
    for member in members(data, file_name, budget):
        finding = _examine(member, reader)
        files.append(finding)
        if finding.kind is not None and found.get(finding.kind) != "ok":
            found[finding.kind] = "ok" if finding.status == "ok" else "empty"
    if not found and not reader.extension_events:
        raise BundleRejected(
            "foreign", f"{file_name} holds none of the NPS extension's logs (no AuthN/AuthZ "
            "event log export, NPSExtension.etl or nettrace.etl); is it the zip of C:\\NPS?")
    present = tuple(k.key for k in KINDS if found.get(k.key) == "ok")
    ticks = [step for key in present for step in BY_KEY[key].proves]
    if all(k.key in present for k in EXPORTS):
        ticks.append(EXPORT_STEP)
    if is_zip(data[:4]):
        ticks.append(ZIP_STEP)
    errors = sorted(
        (ErrorSummary(t.code, t.label, entry_id, t.count, t.first, t.last, len(t.users),
                      tuple(c for c, _ in t.causes.most_common(3)))
         for entry_id, t in reader.tallies.items()),
        key=lambda e: (-e.count, e.label))
    return BundleReport(
        file_name=file_name,
        files=tuple(files),
        present=present,
        empty=tuple(k.key for k in KINDS if found.get(k.key) == "empty"),
        missing=tuple(k.key for k in KINDS if k.key not in found),
        ticks=tuple(s for s in dict.fromkeys(ticks) if s in step_ids),
        errors=tuple(errors),
        extension_events=reader.extension_events,
        unknown_errors=reader.unknown_errors,
    )


def _examine(member: Member, reader: _Reader) -> FileFinding:
    try:
        head = member.head()
    except _UNREADABLE:
        return FileFinding(member.name, None, "damaged", note="cannot be unpacked")
    trace = trace_kind(member.base, head)
    if trace is not None:
        status = "ok" if member.size > 0 else "empty"
        return FileFinding(member.name, trace.key, status, "etl")
    if is_netsh_cab(member.base, head):
        return FileFinding(member.name, None, "ok", "cab", note="netsh trace report")
    fmt = sniff(head)
    named = event_kind(LogEvent("", member.base, None, None, None, ""))
    if fmt is None:
        if named is not None:  # named like an export, but empty or not an export
            return FileFinding(member.name, named.key, "empty", note=(
                "empty file" if member.size == 0 else "not an event log export"))
        return FileFinding(member.name, None, "other")
    if member.size > reader.budget.caps.max_entry:  # traces are only sniffed: no limit
        return FileFinding(member.name, named.key if named else None, "damaged", fmt, note=(
            f"over {reader.budget.caps.max_entry // MB} MB unpacked, more than I read in one "
            "export; export a shorter time range"))
    try:
        kinds, count = reader.read(member, fmt, head)
    except UnreadableExport as exc:
        return FileFinding(member.name, named.key if named else None, "damaged", fmt,
                           note=str(exc))
    except _UNREADABLE:
        return FileFinding(member.name, named.key if named else None, "damaged", fmt,
                           note="cannot be unpacked (damaged zip)")
    by_content = BY_KEY[kinds.most_common(1)[0][0]] if kinds else None
    kind = named or by_content
    if kind is None and count:  # read and summarised, but which export is it?
        return FileFinding(member.name, None, "unnamed", fmt, count, note=(
            "the extension's events, but not which log: name the file after its channel, "
            "e.g. NPS01_AuthZOptCh.csv"))
    if kind is None:
        return FileFinding(member.name, None, "other", fmt, count,
                           note="an event log export, but not the NPS extension's")
    note = ""
    if fmt == "evtx" and _evtx_cut_short(member, head):
        note = "cut short: the file ends before its last chunk"
    if sum(kinds.values()) == 0 and count == 0:
        return FileFinding(member.name, kind.key, "empty", fmt, note=note or "no events")
    return FileFinding(member.name, kind.key, "damaged" if note else "ok", fmt, count, note)

"""Check an attached bundle against the checklist and summarise the extension's errors."""

from __future__ import annotations

import hashlib
import logging
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
    ArtifactKind,
    event_kind,
    is_extension_event,
    is_netsh_cab,
    trace_kind,
)
from bot.domain.bundle.caps import MB, Budget, BundleRejected, Caps
from bot.domain.bundle.events import (
    CULTURE_DATED,
    EVTX_MAGIC,
    FileNotes,
    LogEvent,
    UnreadableExport,
    date_order,
    detect_encoding,
    lines,
    read_events,
    sniff,
    text_chunks,
)
from bot.domain.bundle.report import BundleReport, ErrorSummary, FileFinding
from bot.domain.matching import Matcher
from bot.domain.paste_context import extract_context
from bot.domain.results import MatchResult

_GUID = re.compile(r"[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")
_PERSONAL = re.compile(r"\S{1,64}@\S{1,255}|\b\d{1,3}(?:\.\d{1,3}){3}\b")
_AADSTS = re.compile(r"\bAADSTS\d{5,6}\b")
log = logging.getLogger(__name__)
MATCH_CACHE = 4096  # distinct message shapes remembered per bundle
ERROR_LEVELS = frozenset({"critical", "error", "warning"})


def person(user: str) -> str:
    """One key per person however the log names them: ``CONTOSO\\alice``, ``alice@contoso.com``
    and ``alice`` are the same account to the extension's admins."""
    return user.rsplit("\\", 1)[-1].split("@", 1)[0].strip().lower()


@dataclass
class _Span:
    first: datetime | None = None
    last: datetime | None = None

    def add(self, when: datetime) -> None:
        self.first = when if self.first is None else min(self.first, when)
        self.last = when if self.last is None else max(self.last, when)


@dataclass
class _Tally:
    code: str
    label: str
    count: int = 0
    utc: _Span = field(default_factory=_Span)
    local: _Span = field(default_factory=_Span)  # text exports: the server's clock, no zone
    users: set[bytes] = field(default_factory=set)  # digests only: who is never kept
    causes: Counter[str] = field(default_factory=Counter)

    def add(self, event: LogEvent, causes: Sequence[str]) -> None:
        self.count += 1
        if event.time is not None:
            (self.local if event.time.tzinfo is None else self.utc).add(event.time)
        user = person(extract_context(event.message).user or "")
        if user:
            self.users.add(hashlib.blake2b(user.encode(), digest_size=8).digest())
        self.causes.update(causes)

    @property
    def span(self) -> _Span:
        """UTC times when any export gave them; else the server's local times."""
        return self.utc if self.utc.first is not None else self.local


class _Reader:
    def __init__(self, matcher: Matcher, budget: Budget) -> None:
        self.matcher = matcher
        self.budget = budget
        self.cache: dict[str, MatchResult] = {}
        self.tallies: dict[str, _Tally] = {}
        self.extension_events = 0
        self.unknown_errors = 0
        self.file_events = 0  # the extension's events read from the current file so far

    def match(self, message: str) -> MatchResult:
        # The same error repeats with another user, CID or time: match each shape once.
        key = _PERSONAL.sub("_", _GUID.sub("_", message))
        found = self.cache.get(key)
        if found is None:
            found = self.matcher.match(message, explicit=True)
            if len(self.cache) < MATCH_CACHE:
                self.cache[key] = found
        return found

    def read(self, member: Member, fmt: str, head: bytes,
             notes: FileNotes) -> Counter[str]:
        """Events per export kind in one export file; its extension events are counted in
        ``file_events`` as they are read, so a file that breaks half-way keeps its count."""
        kinds: Counter[str] = Counter()
        self.file_events = 0
        order = None
        if fmt in CULTURE_DATED:  # a first pass for the date order, up to a telling date
            with member.open() as stream:
                order = date_order(lines(text_chunks(
                    stream, detect_encoding(head), self.budget)), fmt)
        with member.open() as stream:
            for event in read_events(fmt, stream, head, self.budget, notes, order):
                kind = event_kind(event)
                if kind is not None:
                    kinds[kind.key] += 1
                if not is_extension_event(event):
                    continue
                self.file_events += 1
                self.extension_events += 1
                self.note(event)
        return kinds

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
        try:
            finding = _examine(member, reader)
        except BundleRejected:
            raise  # a cap of the whole bundle (time, total size)
        except Exception as exc:  # a bug or a parser's surprise: that file's, not the bundle's
            log.warning("event=bundle_member_failed error=%s", type(exc).__name__, exc_info=exc)
            named = _named(member)
            finding = FileFinding(member.name, named.key if named else None, "damaged", None,
                                  reader.file_events,
                                  _partly(reader.file_events, "I could not read it"))
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
        (ErrorSummary(t.code, t.label, entry_id, t.count, t.span.first, t.span.last,
                      len(t.users),
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


def _named(member: Member) -> ArtifactKind | None:
    """The artifact a file's name says it is, without reading it."""
    return trace_kind(member.base, b"") or event_kind(LogEvent("", member.base, None, None,
                                                               None, ""))


def _partly(events: int, why: str) -> str:
    if not events:
        return why
    return f"{why}; partly read: {events:,} event{'s' if events != 1 else ''} before that"


def _examine(member: Member, reader: _Reader) -> FileFinding:
    reader.file_events = 0
    if member.problem:
        named_as = _named(member)
        return FileFinding(member.name, named_as.key if named_as else None, "damaged",
                           note=member.problem)
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
    notes = FileNotes()
    try:
        kinds = reader.read(member, fmt, head, notes)
    except UnreadableExport as exc:
        return FileFinding(member.name, named.key if named else None, "damaged", fmt,
                           reader.file_events, _partly(reader.file_events, str(exc)))
    except _UNREADABLE:
        return FileFinding(member.name, named.key if named else None, "damaged", fmt,
                           reader.file_events, _partly(reader.file_events,
                                                       "cannot be unpacked (damaged zip)"))
    count = reader.file_events
    by_content = BY_KEY[kinds.most_common(1)[0][0]] if kinds else None
    kind = named or by_content
    if kind is None and count:  # read and summarised, but which export is it?
        return FileFinding(member.name, None, "unnamed", fmt, count, note=(
            "the extension's events, but not which log: name the file after its channel, "
            "e.g. NPS01_AuthZOptCh.csv"))
    if kind is None:
        return FileFinding(member.name, None, "other", fmt, count,
                           note="an event log export, but not the NPS extension's")
    damage = list(notes.damaged)
    if fmt == "evtx" and _evtx_cut_short(member, head):
        damage.append("cut short: the file ends before its last chunk")
    if sum(kinds.values()) == 0 and count == 0:
        return FileFinding(member.name, kind.key, "empty", fmt, note="; ".join(damage) or
                           "no events")
    if damage:
        return FileFinding(member.name, kind.key, "damaged", fmt, count,
                           _partly(count, "; ".join(damage)))
    return FileFinding(member.name, kind.key, "ok", fmt, count, "; ".join(notes.assumed))

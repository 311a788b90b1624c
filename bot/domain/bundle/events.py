"""Read event-log exports into plain events: .evtx, and the text exports admins make.

Formats: .evtx (the ``evtx`` parser, Rust, streaming); Event Viewer "Save As" .xml and
``wevtutil qe /f:xml`` (defusedxml: no DTD, no entities); Event Viewer "Save As" .txt (tab)
and .csv; ``wevtutil qe /f:text``; ``Get-WinEvent | Format-List``. Text may be UTF-8,
UTF-16 (with or without BOM) and use any line ending, even the doubled ``\\r\\r\\n``.
"""

from __future__ import annotations

import codecs
import csv
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import IO, Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser
from evtx import PyEvtxParser

from bot.domain.bundle.caps import Budget, BundleRejected

EVTX_MAGIC = b"ElfFile\0"
MAX_LINE = 64 * 1024  # a longer "line" is cut: bounded memory on a file without newlines
MAX_MESSAGE = 8 * 1024  # characters of a message kept for matching
_CHUNK = 64 * 1024

LEVELS = {"1": "Critical", "2": "Error", "3": "Warning", "4": "Information", "0": "Information",
          "5": "Verbose"}


class UnreadableExport(Exception):
    """A file that looked like an export but could not be read; the message is for people."""


@dataclass
class FileNotes:
    """What reading one export skipped or assumed, for that file's line in the reply."""

    damaged: list[str] = field(default_factory=list)  # parts not read: the file is partly read
    assumed: list[str] = field(default_factory=list)  # read whole, with a caveat for people


@dataclass(frozen=True)
class LogEvent:
    provider: str
    channel: str | None
    event_id: str | None
    level: str | None  # "Error", "Warning", ...
    time: datetime | None  # UTC when the export says so; naive: the server's local time
    message: str


# -- format detection ----------------------------------------------------------------------

def detect_encoding(head: bytes) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith(codecs.BOM_UTF16_LE):
        return "utf-16-le-bom"
    if head.startswith(codecs.BOM_UTF16_BE):
        return "utf-16-be-bom"
    sample = head[:4096]
    if len(sample) >= 4:
        odd_nuls = sample[1::2].count(0)
        even_nuls = sample[0::2].count(0)
        if odd_nuls > len(sample) // 4 and even_nuls < odd_nuls // 4:
            return "utf-16-le"
        if even_nuls > len(sample) // 4 and odd_nuls < even_nuls // 4:
            return "utf-16-be"
    return "utf-8"


def _decoder(encoding: str) -> codecs.IncrementalDecoder:
    name = {"utf-16-le-bom": "utf-16", "utf-16-be-bom": "utf-16"}.get(encoding, encoding)
    return codecs.getincrementaldecoder(name)(errors="replace")


def text_chunks(stream: IO[bytes], encoding: str, budget: Budget) -> Iterator[str]:
    decoder = _decoder(encoding)
    while True:
        raw = stream.read(_CHUNK)
        budget.tick()
        if not raw:
            tail = decoder.decode(b"", final=True)
            if tail:
                yield tail
            return
        text = decoder.decode(raw)
        if text:
            yield text.replace("\x00", "")


# \r\r\n (a CRLF file converted once more) is one break, as are \r\n, \n and a lone \r.
_BREAK = re.compile(r"\r?\r\n|\n|\r")


def lines(chunks: Iterable[str]) -> Iterator[str]:
    """Lines without their endings, whatever the endings are (\\n, \\r\\n, \\r, \\r\\r\\n)."""
    pending = ""
    for chunk in chunks:
        pending += chunk
        # A trailing \r may be the start of \r\n or \r\r\n: wait for the next chunk.
        cut = len(pending.rstrip("\r"))
        parts = _BREAK.split(pending[:cut])
        pending = parts.pop() + pending[cut:]
        yield from parts
        if len(pending) > MAX_LINE:
            yield pending[:MAX_LINE]
            pending = ""
    if pending.strip("\r"):
        yield pending.rstrip("\r")


def sniff(head: bytes) -> str | None:
    """The export format of a file from its first bytes, or None."""
    if head.startswith(EVTX_MAGIC):
        return "evtx"
    encoding = detect_encoding(head)
    text = _decoder(encoding).decode(head[:16384]).replace("\x00", "").lstrip("\ufeff \t\r\n")
    if text.startswith("<"):
        return "xml" if re.search(r"<Event[\s>]", text) else None
    # [ \t]*, not \s*: \s* would run over every blank line after each line start, and a
    # head of 16,000 blank lines then costs a quadratic search holding the GIL.
    if re.search(r"^Event\[\d+\]:|^[ \t]*Log Name:\s", text, re.MULTILINE):
        return "wevtutil-text"
    if re.search(r"^(TimeCreated|ProviderName|LogName)\s*:", text, re.MULTILINE):
        return "format-list"
    first = text.split("\n", 1)[0]
    if "Date and Time" in first and "Source" in first:
        return "tsv" if "\t" in first else "csv"
    return None


# -- .evtx ---------------------------------------------------------------------------------

_SYSTEM_TIME = re.compile(r"(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?")


def _evtx_time(value: str | None) -> datetime | None:
    """SystemTime is always UTC, with up to seven decimals (more than datetime takes)."""
    found = _SYSTEM_TIME.match(value or "")
    if found is None:
        return _parse_time(value)
    date, clock, fraction = found.groups()
    micro = int((fraction or "0")[:6].ljust(6, "0"))
    return datetime.fromisoformat(f"{date}T{clock}").replace(microsecond=micro, tzinfo=UTC)


def _text_of(node: Any) -> str:
    if isinstance(node, dict):
        if "#text" in node:
            return _text_of(node["#text"])
        return " ".join(_text_of(v) for k, v in node.items() if k != "#attributes")
    if isinstance(node, list):
        return " ".join(_text_of(v) for v in node)
    return "" if node is None else str(node)


def read_evtx(stream: IO[bytes], budget: Budget) -> Iterator[LogEvent]:
    try:
        parser = PyEvtxParser(stream, number_of_threads=1)
        records = parser.records_json()
    except (RuntimeError, OSError, ValueError) as exc:
        raise UnreadableExport("not a readable .evtx (header damaged)") from exc
    bad = 0
    while True:
        try:
            record = next(records)
        except StopIteration:
            return
        except (RuntimeError, OSError, ValueError):
            # A damaged or cut-short record: the parser moves on to the next one.
            bad += 1
            if bad > budget.caps.max_bad_records:
                raise UnreadableExport("too many damaged records") from None
            continue
        budget.tick()
        event = json.loads((record or {}).get("data") or "{}").get("Event", {})
        system = event.get("System", {})
        provider = (system.get("Provider") or {}).get("#attributes", {}).get("Name", "")
        created = (system.get("TimeCreated") or {}).get("#attributes", {}).get("SystemTime")
        event_id = system.get("EventID")
        if isinstance(event_id, dict):
            event_id = event_id.get("#text")
        level = system.get("Level")
        data = event.get("EventData") or event.get("UserData") or {}
        yield LogEvent(
            provider=str(provider),
            channel=str(system.get("Channel") or "") or None,
            event_id=None if event_id is None else str(event_id),
            level=LEVELS.get(str(level), None if level is None else str(level)),
            time=_evtx_time(created),
            message=_text_of(data)[:MAX_MESSAGE],
        )


# -- XML (Event Viewer "Save As" .xml, wevtutil /f:xml) ------------------------------------

class _EventTarget:
    """Builds one LogEvent per <Event>, keeping only the fields needed, so memory stays flat
    however many events the file holds."""

    def __init__(self) -> None:
        self.done: list[LogEvent] = []
        self.path: list[str] = []
        self.fields: dict[str, str] = {}
        self.values: list[str] = []
        self.text: list[str] = []

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        name = tag.rsplit("}", 1)[-1]
        self.path.append(name)
        self.text = []
        if name == "Event" and len(self.path) <= 2:
            self.fields, self.values = {}, []
        elif name == "Provider":
            self.fields["provider"] = attrs.get("Name", "")
        elif name == "TimeCreated":
            self.fields["time"] = attrs.get("SystemTime", "")

    def data(self, text: str) -> None:
        if sum(map(len, self.text)) < MAX_MESSAGE:
            self.text.append(text)

    def end(self, tag: str) -> None:
        name = self.path.pop() if self.path else ""
        value = "".join(self.text).strip()
        self.text = []
        parent = self.path[-1] if self.path else ""
        if name == "Event":
            level = self.fields.get("level_name") or LEVELS.get(self.fields.get("Level", ""))
            self.done.append(LogEvent(
                provider=self.fields.get("provider", ""),
                channel=self.fields.get("Channel") or None,
                event_id=self.fields.get("EventID"),
                level=level,
                time=_evtx_time(self.fields.get("time")),
                message=(self.fields.get("message") or " ".join(self.values))[:MAX_MESSAGE],
            ))
        elif parent == "System" and name in ("EventID", "Level", "Channel"):
            self.fields[name] = value
        elif name == "Level" and parent == "RenderingInfo":
            self.fields["level_name"] = value
        elif name == "Message" and parent == "RenderingInfo":
            self.fields["message"] = value
        elif value and (parent in ("EventData", "UserData") or "EventData" in self.path[-3:]):
            self.values.append(value)

    def close(self) -> None:
        return None


# Comments, processing instructions and blanks that may come before the first element.
_PROLOG = re.compile(r"(?:\s|<!--.*?-->|<\?.*?\?>)*", re.DOTALL)


def read_xml(stream: IO[bytes], encoding: str, budget: Budget) -> Iterator[LogEvent]:
    target = _EventTarget()
    parser = DefusedXMLParser(target=target, forbid_dtd=True)
    first, wrapped, read = True, False, 0
    try:
        for chunk in text_chunks(stream, encoding, budget):
            if first:
                # The declaration names the bytes' encoding; these are already text.
                chunk = re.sub(r"^<\?xml[^>]*\?>", "", chunk.lstrip("\ufeff \t\r\n")).lstrip()
                # wevtutil /f:xml writes <Event> elements one after another, with no root.
                element = chunk[_PROLOG.match(chunk).end():]  # type: ignore[union-attr]
                wrapped = not element.startswith(("<Events", "<!DOCTYPE"))
                if wrapped:
                    parser.feed("<Events>")
                first = False
            parser.feed(chunk)
            read += len(target.done)
            yield from target.done
            target.done.clear()
        if wrapped:
            parser.feed("</Events>")
        parser.close()
    except DefusedXmlException:
        raise UnreadableExport(
            "XML with a DTD or entities, which exports never have; I did not read it"
        ) from None
    except SyntaxError as exc:  # ElementTree.ParseError: cut short, damaged, a late DOCTYPE
        # The events before the damage were read and counted; the file says it is partial.
        read += len(target.done)
        yield from target.done
        target.done.clear()
        where = f" after {read:,} event{'s' if read != 1 else ''}" if read else ""
        raise UnreadableExport(f"not well-formed XML{where} (cut short or damaged)") from exc
    yield from target.done


# -- text exports --------------------------------------------------------------------------

_MONTH_FIRST = ("%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %H:%M:%S")
_DAY_FIRST = ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %I:%M:%S %p")
_OTHER_FORMATS = ("%Y-%m-%d %H:%M:%S", "%d.%m.%Y %H:%M:%S")
# Where an export writes its dates in the culture's order: Event Viewer's CSV and text in
# the second column, Format-List on its TimeCreated line.
_CULTURE_DATES = {
    "table": re.compile(r'^[^,\t"]*[,\t]"?\s*(\d{1,2})/(\d{1,2})/\d{4}\b'),
    "format-list": re.compile(r"^TimeCreated\s*:\s*(\d{1,2})/(\d{1,2})/\d{4}\b"),
}
CULTURE_DATED = frozenset({"tsv", "csv", "format-list"})
ASSUMED_NOTE = "dates read month first (the file has no day over 12 to tell)"


def _parse_time(value: str | None, day_first: bool = False) -> datetime | None:
    """A time as an export writes it. Text exports write the server's local time with no
    offset: those stay naive (local), never taken for UTC."""
    if not value:
        return None
    value = value.strip().replace("\u200e", "").replace("\u200f", "")
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        pass
    orders = (_DAY_FIRST + _MONTH_FIRST) if day_first else (_MONTH_FIRST + _DAY_FIRST)
    for fmt in orders + _OTHER_FORMATS:
        try:
            return datetime.strptime(value, fmt)
        except ValueError:
            continue
    return None


def date_order(lines_: Iterable[str], fmt: str) -> str | None:
    """"day" or "month" (which comes first in a ``fmt`` export's dates) from the first
    date whose day is over 12; "assumed" when every date reads either way; None without
    slash dates. Stops at the first telling date."""
    pattern = _CULTURE_DATES["format-list" if fmt == "format-list" else "table"]
    seen = False
    for line in lines_:
        found = pattern.match(line)
        if found is None:
            continue
        seen = True
        first, second = int(found.group(1)), int(found.group(2))
        if first > 12 >= second:
            return "day"
        if second > 12 >= first:
            return "month"
    return "assumed" if seen else None


def _event(fields: dict[str, str], message: str, day_first: bool = False) -> LogEvent:
    def get(*keys: str) -> str | None:
        return next((fields[k] for k in keys if fields.get(k)), None)

    return LogEvent(
        provider=get("source", "providername") or "",
        channel=get("log name", "logname", "channel"),
        event_id=get("event id", "id"),
        level=get("level", "leveldisplayname"),
        time=_parse_time(get("date", "date and time", "timecreated"), day_first),
        message=message.strip()[:MAX_MESSAGE],
    )


def read_wevtutil_text(lines_: Iterable[str], budget: Budget) -> Iterator[LogEvent]:
    fields: dict[str, str] = {}
    message: list[str] = []
    in_description = False
    for line in lines_:
        if re.match(r"^Event\[\d+\]:", line):
            if fields:
                yield _event(fields, "\n".join(message))
            fields, message, in_description = {}, [], False
            continue
        if in_description:
            if sum(map(len, message)) < MAX_MESSAGE:
                message.append(line)
            continue
        found = re.match(r"^\s{0,8}([A-Za-z ]{2,20}):\s?(.*)$", line)
        if found:
            key = found.group(1).strip().lower()
            fields[key] = found.group(2).strip()
            if key == "description":
                in_description = True
                if fields[key]:
                    message.append(fields[key])
    if fields:
        yield _event(fields, "\n".join(message))


def read_format_list(lines_: Iterable[str], budget: Budget,
                     notes: FileNotes | None = None, order: str | None = None
                     ) -> Iterator[LogEvent]:
    """``Get-WinEvent | Format-List``: blank-line separated records, long values wrapped
    onto indented lines. ``order`` is the file's date order, from date_order."""
    if order == "assumed" and notes is not None:
        notes.assumed.append(ASSUMED_NOTE)
    day_first = order == "day"
    fields: dict[str, str] = {}
    last = ""
    for line in lines_:
        if not line.strip():
            if fields:
                yield _event(fields, fields.get("message", ""), day_first)
            fields, last = {}, ""
            continue
        found = re.match(r"^([A-Za-z]{2,30})\s*:\s?(.*)$", line)
        if found and not line[0].isspace():
            last = found.group(1).lower()
            fields[last] = found.group(2).strip()
        elif last and len(fields[last]) < MAX_MESSAGE:  # a wrapped continuation line
            fields[last] += " " + line.strip()
    if fields:
        yield _event(fields, fields.get("message", ""), day_first)


def _rows(lines_: Iterator[str], delimiter: str, budget: Budget,
          notes: FileNotes) -> Iterator[list[str]]:
    """CSV rows; a row the csv module cannot parse (a quote never closed swallows the
    lines after it up to the field limit) is skipped, and reading goes on from the next
    line, the file noted as partly read."""
    csv.field_size_limit(MAX_LINE * 4)
    bad = 0
    while True:
        try:
            yield from csv.reader(lines_, delimiter=delimiter)
            break
        except csv.Error:
            bad += 1
            if bad > budget.caps.max_bad_records:
                raise UnreadableExport("too many damaged rows") from None
    if bad:
        notes.damaged.append(
            f"{bad:,} damaged row{'s' if bad != 1 else ''} (a quote never closed), and the "
            "rows inside it, not read")


def read_table(lines_: Iterable[str], delimiter: str, budget: Budget,
               notes: FileNotes | None = None, order: str | None = None) -> Iterator[LogEvent]:
    """Event Viewer "Save As" .txt (tab) or .csv: a header row, then one row per event;
    the description is the sixth column and may span lines inside quotes. ``order`` is
    the file's date order, from date_order."""
    notes = notes if notes is not None else FileNotes()
    if order == "assumed":
        notes.assumed.append(ASSUMED_NOTE)
    header: list[str] | None = None
    for row in _rows(iter(lines_), delimiter, budget, notes):
        if header is None:
            header = [h.strip().lower() for h in row]
            continue
        if not row:
            continue
        fields = dict(zip(header, (c.strip() for c in row), strict=False))
        message = row[len(header)] if len(row) > len(header) else fields.get("description", "")
        if len(row) >= 5 and len(header) >= 5:
            yield _event(fields, message or row[-1], order == "day")


def read_events(fmt: str, stream: IO[bytes], head: bytes, budget: Budget,
                notes: FileNotes | None = None, order: str | None = None) -> Iterator[LogEvent]:
    if fmt == "evtx":
        yield from read_evtx(stream, budget)
        return
    encoding = detect_encoding(head)
    if fmt == "xml":
        yield from read_xml(stream, encoding, budget)
        return
    text = lines(text_chunks(stream, encoding, budget))
    if fmt == "wevtutil-text":
        yield from read_wevtutil_text(text, budget)
    elif fmt == "format-list":
        yield from read_format_list(text, budget, notes, order)
    elif fmt in ("tsv", "csv"):
        yield from read_table(text, "\t" if fmt == "tsv" else ",", budget, notes, order)
    else:
        raise BundleRejected("format", f"unknown export format {fmt}")

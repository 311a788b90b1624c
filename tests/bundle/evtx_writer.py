"""A small, test-only writer of Windows XML Event Log (.evtx) files.

No public sample carries the NPS extension's events, so the tests write their own. The
layout follows the public format description (libyal's "Windows XML Event Log (EVTX)"):
a 4096-byte file header, 64 KiB chunks with a 512-byte header, event records whose body
is binary XML, and CRC32s over the file header, the chunk header and the records. Names
are stored inline in each record and no templates are used: a valid, simple subset. The
real parser (the ``evtx`` package) reading these files back is what proves them right.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

FILE_HEADER_SIZE = 4096
CHUNK_SIZE = 65536
CHUNK_HEADER_SIZE = 512
EVENT_NS = "http://schemas.microsoft.com/win/2004/08/events/event"

# binary XML tokens
EOF, OPEN_START, CLOSE_START, CLOSE_EMPTY, END_ELEMENT, VALUE, ATTRIBUTE = 0, 1, 2, 3, 4, 5, 6
FRAGMENT_HEADER = 0x0F
MORE = 0x40  # flag on OPEN_START (has attributes) and ATTRIBUTE (another follows)
STRING_TYPE = 0x01


@dataclass
class Element:
    name: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Element | str] = field(default_factory=list)


@dataclass(frozen=True)
class Event:
    """What one NPS-extension style event carries."""

    provider: str
    channel: str
    event_id: int
    level: int
    time: datetime
    data: tuple[str, ...]  # the EventData <Data> values
    computer: str = "NPS01.contoso.com"


def event_xml(event: Event, record_id: int) -> Element:
    stamp = event.time.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f0Z")
    system = Element("System", children=[
        Element("Provider", {"Name": event.provider}),
        Element("EventID", children=[str(event.event_id)]),
        Element("Level", children=[str(event.level)]),
        Element("TimeCreated", {"SystemTime": stamp}),
        Element("EventRecordID", children=[str(record_id)]),
        Element("Channel", children=[event.channel]),
        Element("Computer", children=[event.computer]),
    ])
    data = Element("EventData", children=[Element("Data", children=[d]) for d in event.data])
    return Element("Event", {"xmlns": EVENT_NS}, [system, data])


def _name_hash(name: str) -> int:
    value = 0
    for ch in name:
        value = (value * 65599 + ord(ch)) & 0xFFFFFFFF
    return value & 0xFFFF


class _BinXml:
    """Binary XML for one record; ``base`` is where it starts in the chunk, because name
    offsets are relative to the chunk."""

    def __init__(self, base: int) -> None:
        self.base = base
        self.out = bytearray()

    def _inline_name(self, name: str) -> None:
        # The name offset points just past itself: the name follows inline.
        here = self.base + len(self.out) + 4
        self.out += struct.pack("<I", here)
        encoded = name.encode("utf-16-le")
        self.out += struct.pack("<IHH", 0, _name_hash(name), len(name)) + encoded + b"\0\0"

    def _text(self, text: str) -> None:
        encoded = text.encode("utf-16-le")
        self.out += bytes([VALUE, STRING_TYPE]) + struct.pack("<H", len(encoded) // 2) + encoded

    def element(self, el: Element) -> None:
        start = len(self.out)
        self.out += bytes([OPEN_START | (MORE if el.attrs else 0)])
        size_at = len(self.out)
        self.out += b"\0\0\0\0"
        self._inline_name(el.name)
        if el.attrs:
            list_at = len(self.out)
            self.out += b"\0\0\0\0"
            items = list(el.attrs.items())
            for i, (key, value) in enumerate(items):
                self.out += bytes([ATTRIBUTE | (MORE if i < len(items) - 1 else 0)])
                self._inline_name(key)
                self._text(value)
            struct.pack_into("<I", self.out, list_at, len(self.out) - list_at - 4)
        if el.children:
            self.out += bytes([CLOSE_START])
            for child in el.children:
                if isinstance(child, str):
                    self._text(child)
                else:
                    self.element(child)
            self.out += bytes([END_ELEMENT])
        else:
            self.out += bytes([CLOSE_EMPTY])
        struct.pack_into("<I", self.out, size_at, len(self.out) - start - 5)

    def document(self, root: Element) -> bytes:
        self.out += bytes([FRAGMENT_HEADER, 1, 1, 0])
        self.element(root)
        self.out += bytes([EOF])
        return bytes(self.out)


def _filetime(when: datetime) -> int:
    return int((when.timestamp() + 11644473600) * 10_000_000)


def _record(record_id: int, when: datetime, root: Element, offset: int) -> bytes:
    body = _BinXml(offset + 24).document(root)
    size = 24 + len(body) + 4
    return struct.pack("<4sIQQ", b"\x2a\x2a\0\0", size, record_id, _filetime(when)) + body + \
        struct.pack("<I", size)


def _chunk(records: list[tuple[int, bytes, int]]) -> bytes:
    """``records``: (record id, bytes, offset in chunk), already laid out from 512."""
    chunk = bytearray(CHUNK_SIZE)
    for _, data, offset in records:
        chunk[offset:offset + len(data)] = data
    first, last = records[0][0], records[-1][0]
    free = records[-1][2] + len(records[-1][1])
    struct.pack_into("<8sQQQQIIII", chunk, 0, b"ElfChnk\0", first, last, first, last, 128,
                     records[-1][2], free, zlib.crc32(chunk[CHUNK_HEADER_SIZE:free]))
    struct.pack_into("<I", chunk, 124, zlib.crc32(chunk[:120] + chunk[128:CHUNK_HEADER_SIZE]))
    return bytes(chunk)


def _chunks(events: Iterable[Event]) -> Iterator[tuple[bytes, int]]:
    """(chunk bytes, last record id) for each full or final chunk."""
    pending: list[tuple[int, bytes, int]] = []
    offset = CHUNK_HEADER_SIZE
    record_id = 0
    for event in events:
        record_id += 1
        data = _record(record_id, event.time, event_xml(event, record_id), offset)
        if offset + len(data) > CHUNK_SIZE:
            yield _chunk(pending), record_id - 1
            pending, offset = [], CHUNK_HEADER_SIZE
            data = _record(record_id, event.time, event_xml(event, record_id), offset)
        pending.append((record_id, data, offset))
        offset += len(data)
    if pending:
        yield _chunk(pending), record_id


def write_evtx(events: Iterable[Event]) -> bytes:
    body = bytearray()
    count = last_id = 0
    for data, chunk_last in _chunks(events):
        body += data
        count += 1
        last_id = chunk_last
    header = bytearray(FILE_HEADER_SIZE)
    struct.pack_into("<8sQQQIHHHH", header, 0, b"ElfFile\0", 0, max(count - 1, 0), last_id + 1,
                     128, 1, 3, FILE_HEADER_SIZE, count)
    struct.pack_into("<I", header, 124, zlib.crc32(header[:120]))
    return bytes(header) + bytes(body)

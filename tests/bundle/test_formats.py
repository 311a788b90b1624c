"""Every export format reads back the same events: .evtx through the real parser, and
each text export, in UTF-8, UTF-16 and with any line ending."""

from __future__ import annotations

import io
import struct
import zlib
from datetime import UTC, datetime, timedelta

import pytest
from evtx import PyEvtxParser

from bot.domain.bundle.caps import Budget, Caps
from bot.domain.bundle.events import LogEvent, UnreadableExport, read_events, sniff
from tests.bundle.evtx_writer import CHUNK_SIZE, FILE_HEADER_SIZE, Event, write_evtx
from tests.bundle.fixtures import AUTHZ, contact_support, events, info
from tests.bundle.text_exports import (
    event_viewer_table,
    event_viewer_xml,
    format_list,
    wevtutil_text,
    wevtutil_xml,
)

SAMPLE = events(AUTHZ, (contact_support("alice@contoso.com"), 2),
                (info("bob@contoso.com"), 4),
                (contact_support("carol@contoso.com") + " & <more>", 2))


def read(data: bytes) -> list[LogEvent]:
    fmt = sniff(data[:65536])
    assert fmt is not None
    return list(read_events(fmt, io.BytesIO(data), data[:65536], Budget(Caps())))


def same(read_back: list[LogEvent], written: list[Event], *, channel: bool = True,
         wrapped: bool = False) -> bool:
    """Asserts the events read back are those written; True when their times are local."""
    def text(message: str) -> str:  # a wrapped export keeps the words, not the spacing
        return " ".join(message.split()) if wrapped else message

    assert [text(e.message) for e in read_back] == [text(w.data[0]) for w in written]
    assert [e.provider for e in read_back] == [w.provider for w in written]
    # Text exports write the server's clock with no zone: read as local, never as UTC.
    local = all(e.time is not None and e.time.tzinfo is None for e in read_back)
    assert local or all(e.time is not None and e.time.tzinfo == UTC for e in read_back)
    assert [e.time.replace(microsecond=0, tzinfo=None) if e.time else None
            for e in read_back] == [w.time.replace(microsecond=0, tzinfo=None) for w in written]
    return local
    assert [e.event_id for e in read_back] == [str(w.event_id) for w in written]
    if not wrapped:  # Format-List shows no level unless asked for every property
        assert [e.level for e in read_back] == ["Error", "Information", "Error"]
    if channel:
        assert {e.channel for e in read_back} == {"AuthZOptCh"}


def test_the_evtx_writer_output_is_what_the_format_documents() -> None:
    many = events(AUTHZ, *[(contact_support(f"u{i}@contoso.com"), 2) for i in range(400)])
    data = write_evtx(many)
    chunks = (len(data) - FILE_HEADER_SIZE) // CHUNK_SIZE
    assert chunks >= 2 and len(data) == FILE_HEADER_SIZE + chunks * CHUNK_SIZE
    assert data[:8] == b"ElfFile\0"
    assert struct.unpack_from("<I", data, 124)[0] == zlib.crc32(data[:120])
    assert struct.unpack_from("<H", data, 42)[0] == chunks
    for n in range(chunks):
        chunk = data[FILE_HEADER_SIZE + n * CHUNK_SIZE:][:CHUNK_SIZE]
        assert chunk[:8] == b"ElfChnk\0"
        free = struct.unpack_from("<I", chunk, 48)[0]
        assert struct.unpack_from("<I", chunk, 52)[0] == zlib.crc32(chunk[512:free])
        assert struct.unpack_from("<I", chunk, 124)[0] == zlib.crc32(chunk[:120] + chunk[128:512])
    # The proof: the real parser reads every record back, in order.
    records = list(PyEvtxParser(io.BytesIO(data)).records_json())
    assert [r["event_record_id"] for r in records] == list(range(1, 401))


def test_evtx_reads_back_through_the_parser() -> None:
    assert not same(read(write_evtx(SAMPLE)), SAMPLE)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])  # "utf-16" writes a BOM
@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r", "\r\r\n"])
@pytest.mark.parametrize("export", ["wevtutil-text", "format-list", "tsv", "csv"])
def test_text_exports_in_any_encoding_and_line_ending(export, encoding, ending) -> None:
    text = {"wevtutil-text": wevtutil_text, "format-list": format_list,
            "tsv": lambda e: event_viewer_table(e, "\t"),
            "csv": lambda e: event_viewer_table(e, ",")}[export](SAMPLE)
    text = text.replace("\r\n", "\n").replace("\n", ending)
    data = text.encode(encoding)
    assert sniff(data[:65536]) == export
    assert same(read(data), SAMPLE, channel=export == "wevtutil-text",
                wrapped=export == "format-list")


def test_utf16_without_a_bom_is_recognised() -> None:
    data = wevtutil_text(SAMPLE).encode("utf-16-le")
    assert same(read(data), SAMPLE)


@pytest.mark.parametrize("export", [wevtutil_xml, event_viewer_xml])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_xml_exports(export, encoding) -> None:
    assert not same(read(export(SAMPLE).encode(encoding)), SAMPLE)


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<Events><Event><EventData><Data>&lol3;</Data></EventData></Event></Events>"""
EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE e [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<Events><Event><EventData><Data>&secret;</Data></EventData></Event></Events>"""


@pytest.mark.parametrize("xml", [BILLION_LAUGHS, EXTERNAL])
def test_xml_with_entities_is_refused_unread(xml: str) -> None:
    with pytest.raises(UnreadableExport, match="DTD or entities"):
        read(xml.encode())


def test_a_huge_line_without_an_ending_stays_bounded() -> None:
    data = ("Event[0]:\n  Log Name: AuthZOptCh\n  Description: \n" + "x" * 3_000_000).encode()
    [event] = read(data)
    assert len(event.message) <= 8 * 1024


def test_system_time_keeps_utc() -> None:
    [event] = read(write_evtx([Event("Microsoft-AzureMfa-AuthZ", "AuthZOptCh", 1, 2,
                                     datetime(2026, 1, 2, 3, 4, 5, 678000, tzinfo=UTC),
                                     ("x",))]))
    assert event.time == datetime(2026, 1, 2, 3, 4, 5, 678000, tzinfo=UTC)
    assert event.time - timedelta(0) == event.time

"""An outside review's hostile files, rebuilt here: one bad member costs only itself, the
caps hold before zipfile does any work, and summaries never say more than was read."""

from __future__ import annotations

import io
import struct
import tracemalloc
import zipfile
from datetime import datetime

from bot.blocks.bundle import bundle_message
from bot.domain.bundle import BundleRejected, Caps, analyse
from bot.domain.bundle.analyse import person
from bot.domain.matching import Matcher
from bot.knowledge_files import load_knowledge
from tests.bundle.evtx_writer import write_evtx
from tests.bundle.fixtures import AUTHZ, complete_bundle, contact_support, events, zip_of
from tests.bundle.text_exports import wevtutil_xml

KB = load_knowledge()
MATCHER = Matcher(KB)
STEPS = [s.id for s in KB.procedure.steps]
HEADER = "Level,Date and Time,Source,Event ID,Task Category\r\n"


def read(data: bytes, name: str = "NPS.zip", caps: Caps | None = None):  # type: ignore[no-untyped-def]
    return analyse(data, name, MATCHER, STEPS, caps)


def refused(data: bytes, caps: Caps | None = None) -> BundleRejected:
    try:
        read(data, caps=caps)
    except BundleRejected as exc:
        return exc
    raise AssertionError("the bundle was read")


def row(when: str, user: str, quoted: bool = True) -> str:
    message = f'"{contact_support(user)}"' if quoted else contact_support(user)
    return f"Error,{when},Microsoft-AzureMfa-AuthZ,3,None,{message}\r\n"


def finding(report, part: str):  # type: ignore[no-untyped-def]
    [found] = [f for f in report.files if part in f.name]
    return found


# -- 1. a failure reading one member is that member's ------------------------------------

def test_a_quote_never_closed_costs_its_rows_not_the_bundle() -> None:
    rows = [row("11/30/2026 9:00:00 AM", "a@contoso.com"),
            'Error,11/30/2026 9:01:00 AM,Microsoft-AzureMfa-AuthZ,3,None,"never closed\r\n']
    # More than the csv module's field limit of rows after it (unquoted: no quote of theirs
    # closes the open one), then rows it reads again.
    rows += [row("11/30/2026 9:02:00 AM", f"u{i}@contoso.com", False) for i in range(2_000)]
    files = complete_bundle(without=("AuthZOptCh",))
    files["NPS/NPS01_AuthZOptCh.csv"] = (HEADER + "".join(rows)).encode()
    report = read(zip_of(files))
    csv = finding(report, "AuthZOptCh.csv")
    assert csv.status == "damaged" and "quote never closed" in csv.note
    assert "partly read" in csv.note and 0 < csv.events < 2_001
    # The other files of the zip were read.
    assert {"authn-log", "authz-admin-log", "network-trace"} <= set(report.present)
    assert sum(e.count for e in report.errors) >= csv.events


def deflate64(data: bytes, member: str) -> bytes:
    """Mark ``member`` as Deflate64 (method 9) in its local and central headers."""
    out = bytearray(data)
    for magic, method_at, name_at, fixed in ((b"PK\x03\x04", 8, 26, 30),
                                             (b"PK\x01\x02", 10, 28, 46)):
        at = 0
        while (at := out.find(magic, at)) != -1:
            length = struct.unpack_from("<H", out, at + name_at)[0]
            if out[at + fixed:at + fixed + length].decode() == member:
                struct.pack_into("<H", out, at + method_at, 9)
            at += 4
    return bytes(out)


def test_a_deflate64_member_is_skipped_and_the_rest_read() -> None:
    data = deflate64(zip_of(complete_bundle()), "NPS/nettrace.etl")
    assert zipfile.ZipFile(io.BytesIO(data)).getinfo(
        "NPS/nettrace.etl").compress_type == 9
    report = read(data)
    trace = finding(report, "nettrace.etl")
    assert trace.status == "damaged" and trace.kind == "network-trace"
    assert trace.note == "unsupported compression (re-zip with standard Deflate)"
    assert "authz-log" in report.present and report.errors
    assert "re-zip with standard Deflate" in str(bundle_message(report, KB.procedure, []))


def test_a_member_damaged_inside_the_zip_is_reported_alone() -> None:
    files = complete_bundle()
    data = bytearray(zip_of(files))
    name = b"NPS/NPS01_AuthNOptCh.evtx"
    at = data.find(b"PK\x03\x04")
    while data[at + 30:at + 30 + len(name)] != name:
        at = data.find(b"PK\x03\x04", at + 4)
    start = at + 30 + len(name)
    data[start:start + 40] = bytes(40)  # the compressed stream is now garbage
    report = read(bytes(data))
    assert finding(report, "AuthNOptCh").status == "damaged"
    assert "authz-log" in report.present and "authz-admin-log" in report.present


# -- 3. the entry cap holds while the central directory is read ---------------------------

def lying_zip64(entries: int) -> bytes:
    """``entries`` tiny entries behind zip64 end records that claim there is one."""
    name = b"a"
    local = struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 0, 0, 0, 0, 0, 0, 1, 0) + name
    central = b"".join(
        struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0, 0, 0, 0, 0, 0, 0, 1, 0,
                    0, 0, 0, 0, i * len(local)) + name for i in range(entries))
    body = local * entries
    record = struct.pack("<4sQHHIIQQQQ", b"PK\x06\x06", 44, 45, 45, 0, 0, 1, 1, len(central),
                         len(body))
    locator = struct.pack("<4sIQI", b"PK\x06\x07", 0, len(body) + len(central), 1)
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF,
                      0xFFFFFFFF, 0)
    return body + central + record + locator + end


def test_a_zip64_record_lying_about_its_entries_is_refused_before_zipfile_lists_them() -> None:
    data = lying_zip64(30_000)
    assert len(zipfile.ZipFile(io.BytesIO(data)).infolist()) == 30_000
    tracemalloc.start()
    try:
        reason = refused(data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert reason.kind == "entries"
    # zipfile would hold 30,000 ZipInfo objects (several MB); the walk holds none.
    assert peak < 1024 * 1024


def test_the_entry_cap_counts_what_the_central_directory_holds() -> None:
    files = {f"junk/{i}.txt": b"x" for i in range(20)}
    assert refused(zip_of(files), Caps(max_entries=19)).kind == "entries"
    files["NPS/NPS01_AuthZOptCh.evtx"] = write_evtx(events(AUTHZ, (contact_support("a@b.c"), 2)))
    assert read(zip_of(files), caps=Caps(max_entries=21)).present == ("authz-log",)


# -- 4. the ratio holds for the zip as a whole --------------------------------------------

def test_many_small_members_that_unpack_to_a_bomb_are_refused_as_one() -> None:
    crlf = HEADER.encode() + b"\r\n" * (500 * 1024)  # each just under the 1 MB floor
    files = {f"f{i}_AuthZOptCh.csv": crlf for i in range(30)}
    reason = refused(zip_of(files))
    assert reason.kind == "bomb"
    assert "times its packed size" in reason.reason and "smaller zips" not in reason.reason


def test_a_large_trace_that_does_not_compress_leaves_the_exports_ratio_alone() -> None:
    files = complete_bundle()
    files["NPS/nettrace.etl"] += bytes(3 * 1024 * 1024)  # zeros: a sparse trace, only sniffed
    assert "network-trace" in read(zip_of(files)).present


# -- 5. summaries say what was read -------------------------------------------------------

THREE = events(AUTHZ, *((contact_support(f"u{i}@contoso.com"), 2) for i in range(3)))


def test_wevtutil_xml_after_a_comment_reads_every_event() -> None:
    data = ("<!-- exported by script -->\n" + wevtutil_xml(THREE)).encode()
    report = read(data, "NPS01_AuthZOptCh.xml")
    assert report.files[0].status == "ok" and report.files[0].events == 3


def test_a_doctype_after_the_first_event_leaves_the_file_partly_read() -> None:
    first, rest = wevtutil_xml(THREE[:1]), wevtutil_xml(THREE[1:])
    data = (first + '<!DOCTYPE x [<!ENTITY y "z">]>' + rest).encode()
    [found] = read(data, "NPS01_AuthZOptCh.xml").files
    assert found.status != "ok"
    assert found.events == 1 and "partly read" in found.note


def test_cut_short_xml_counts_what_it_read_and_says_so() -> None:
    whole = wevtutil_xml(THREE)
    report = read(whole[: whole.rfind("<Event ") + 40].encode(), "NPS01_AuthZOptCh.xml")
    [found] = report.files
    assert found.status == "damaged" and found.events == 2 and "partly read" in found.note
    assert sum(e.count for e in report.errors) == found.events == report.extension_events


def test_day_first_dates_are_recognised_from_the_file() -> None:
    data = (HEADER + row("03/11/2026 09:10:03", "a@contoso.com")
            + row("28/11/2026 17:10:03", "b@contoso.com")).encode()
    report = read(data, "NPS01_AuthZOptCh.csv")
    [error] = report.errors
    assert error.first == datetime(2026, 11, 3, 9, 10, 3)  # 3 November, not 11 March
    assert error.last == datetime(2026, 11, 28, 17, 10, 3)
    assert report.files[0].status == "ok" and report.files[0].note == ""


def test_dates_that_read_either_way_say_the_order_was_assumed() -> None:
    data = (HEADER + row("03/11/2026 09:10:03", "a@contoso.com")).encode()
    report = read(data, "NPS01_AuthZOptCh.csv")
    assert "month first" in report.files[0].note
    assert "month first" in str(bundle_message(report, KB.procedure, []))


def listed(when: str, user: str) -> str:
    """One record of ``Get-WinEvent | Format-List``, its date in the server's culture."""
    return (f"TimeCreated  : {when}\nProviderName : Microsoft-AzureMfa-AuthZ\n"
            f"Id           : 3\nMessage      : {contact_support(user)}\n\n")


def test_day_first_dates_are_recognised_in_a_format_list_export() -> None:
    data = ("\n" + listed("03/11/2026 09:10:03", "a@contoso.com")
            + listed("28/11/2026 17:10:03", "b@contoso.com")).encode()
    report = read(data, "NPS01_AuthZOptCh.txt")
    [error] = report.errors
    assert error.first == datetime(2026, 11, 3, 9, 10, 3)  # 3 November, not 11 March
    assert error.last == datetime(2026, 11, 28, 17, 10, 3)
    assert report.files[0].note == ""


def test_a_format_list_export_that_reads_either_way_says_the_order_was_assumed() -> None:
    report = read(("\n" + listed("03/11/2026 09:10:03", "a@contoso.com")).encode(),
                  "NPS01_AuthZOptCh.txt")
    assert report.errors[0].first == datetime(2026, 3, 11, 9, 10, 3)
    assert "month first" in report.files[0].note


def test_text_export_times_are_the_servers_local_time_not_utc() -> None:
    data = (HEADER + row("11/30/2026 9:10:03 AM", "a@contoso.com")).encode()
    report = read(data, "NPS01_AuthZOptCh.csv")
    assert report.errors[0].first == datetime(2026, 11, 30, 9, 10, 3)  # naive: local
    shown = str(bundle_message(report, KB.procedure, []))
    assert "2026-11-30 09:10 server local time" in shown and "UTC" not in shown
    # A .evtx's SystemTime is UTC and is shown as a Slack date.
    utc = read(write_evtx(events(AUTHZ, (contact_support("a@contoso.com"), 2))),
               "NPS01_AuthZOptCh.evtx")
    assert utc.errors[0].first is not None and utc.errors[0].first.tzinfo is not None


def test_one_person_written_three_ways_is_one_user() -> None:
    assert person("CONTOSO\\Alice") == person("alice@contoso.com") == person("alice")
    users = ["CONTOSO\\alice", "alice@contoso.com", "Alice", "bob@contoso.com"]
    data = write_evtx(events(AUTHZ, *((contact_support(u), 2) for u in users)))
    [error] = read(data, "NPS01_AuthZOptCh.evtx").errors
    assert error.count == 4 and error.users == 2

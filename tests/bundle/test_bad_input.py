"""Bundles that cannot be read get one clear sentence, and reading them stays bounded."""

from __future__ import annotations

import io
import os
import struct
import zipfile

import pytest

from bot.domain.bundle import BundleRejected, Caps, analyse
from bot.domain.matching import Matcher
from bot.knowledge_files import load_knowledge
from tests.bundle.evtx_writer import write_evtx
from tests.bundle.fixtures import AUTHZ, complete_bundle, contact_support, events, zip_of

KB = load_knowledge()
MATCHER = Matcher(KB)
STEPS = [s.id for s in KB.procedure.steps]


def refused(data: bytes, caps: Caps | None = None, name: str = "NPS.zip") -> BundleRejected:
    with pytest.raises(BundleRejected) as caught:
        analyse(data, name, MATCHER, STEPS, caps)
    return caught.value


def encrypted(data: bytes) -> bytes:
    """Set the "encrypted" flag on every entry, as a password-protected zip has it."""
    out = bytearray(data)
    at = 0
    while (at := out.find(b"PK\x03\x04", at)) != -1:
        struct.pack_into("<H", out, at + 6, struct.unpack_from("<H", out, at + 6)[0] | 1)
        at += 4
    at = 0
    while (at := out.find(b"PK\x01\x02", at)) != -1:
        struct.pack_into("<H", out, at + 8, struct.unpack_from("<H", out, at + 8)[0] | 1)
        at += 4
    return bytes(out)


def test_a_corrupt_zip() -> None:
    data = zip_of(complete_bundle())
    assert refused(data[: len(data) // 2]).kind == "corrupt"
    assert refused(b"PK\x03\x04" + bytes(200)).kind == "corrupt"


def test_an_encrypted_zip() -> None:
    reason = refused(encrypted(zip_of(complete_bundle())))
    assert reason.kind == "encrypted" and "without a password" in reason.reason


def test_a_zip_bomb_is_not_unpacked() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive, \
            archive.open("NPS/NPS01_AuthZOptCh.evtx", "w") as entry:
        for _ in range(20):
            entry.write(bytes(1024 * 1024))
    assert len(out.getvalue()) < 100_000  # 20 MB of zeros in a few kilobytes
    reason = refused(out.getvalue())
    assert reason.kind == "bomb" and "zip bomb" in reason.reason


def test_a_10000_entry_zip_is_refused_before_it_is_listed() -> None:
    files = {f"junk/{i}.txt": b"x" for i in range(10_000)}
    reason = refused(zip_of(files, level=zipfile.ZIP_STORED))
    assert reason.kind == "entries" and "1,000 files" in reason.reason


def test_zips_nested_too_deep() -> None:
    inner = zip_of(complete_bundle())
    assert analyse(zip_of({"NPS.zip": inner}), "case.zip", MATCHER, STEPS).present  # one level
    reason = refused(zip_of({"b.zip": zip_of({"NPS.zip": inner})}))
    assert reason.kind == "depth"


def test_total_size_and_time_caps() -> None:
    data = zip_of(complete_bundle())
    assert refused(data, Caps(max_total=1000)).kind == "total"
    assert refused(data, Caps(seconds=0)).kind == "time"


def test_a_file_from_another_tool() -> None:
    other = zip_of({"report.pdf": b"%PDF-1.7\n" + bytes(500),
                    "notes.txt": b"nothing to see here\n"})
    reason = refused(other)
    assert reason.kind == "foreign" and "C:\\NPS" in reason.reason
    assert refused(b"%PDF-1.7 not a zip", name="scan.pdf").kind == "foreign"


def test_a_truncated_evtx_is_reported_with_what_it_held() -> None:
    many = events(AUTHZ, *[(contact_support(f"u{i}@contoso.com"), 2) for i in range(600)])
    whole = write_evtx(many)
    cut = whole[: 4096 + 65536 + 20_000]  # the first chunk and part of the second
    report = analyse(zip_of({"NPS/NPS01_AuthZOptCh.evtx": cut}), "NPS.zip", MATCHER, STEPS)
    [finding] = report.files
    assert finding.status == "damaged" and "cut short" in finding.note
    assert 0 < finding.events < 600
    assert report.errors[0].count == finding.events


def test_an_evtx_with_a_broken_header_is_damaged_not_a_crash() -> None:
    broken = b"ElfFile\0" + bytes(100)
    report = analyse(zip_of({"NPS/NPS01_AuthZOptCh.evtx": broken,
                             "NPS/NPSExtension.etl": b"\x01" * 100}), "NPS.zip", MATCHER, STEPS)
    [evtx] = [f for f in report.files if f.name.endswith(".evtx")]
    assert evtx.status == "damaged"
    assert "authz-log" in report.empty


def test_empty_exports_are_named_as_empty() -> None:
    files = complete_bundle()
    files["NPS/NPS01_AuthNOptCh.evtx"] = b""
    report = analyse(zip_of(files), "NPS.zip", MATCHER, STEPS)
    assert report.empty == ("authn-log",)
    assert "export-event-logs" not in report.ticks


def test_a_renamed_export_is_recognised_by_its_content() -> None:
    files = complete_bundle(without=("AuthZOptCh",))
    files["NPS/export1.evtx"] = write_evtx(events(AUTHZ, (contact_support("a@b.c"), 2)))
    report = analyse(zip_of(files), "NPS.zip", MATCHER, STEPS)
    assert "authz-log" in report.present and report.missing == ()


def test_an_unnamed_csv_export_is_read_and_asked_to_be_named() -> None:
    from tests.bundle.text_exports import event_viewer_table

    csv = event_viewer_table(events(AUTHZ, (contact_support("a@b.c"), 2)), ",").encode()
    report = analyse(zip_of({"export.csv": csv}), "NPS.zip", MATCHER, STEPS)
    [finding] = [f for f in report.files if f.name == "export.csv"]
    assert finding.status == "unnamed" and "AuthZOptCh" in finding.note
    assert report.errors[0].code == "CONTACT_SUPPORT"
    from bot.blocks.bundle import bundle_message

    assert "name the file after its channel" in str(bundle_message(report, KB.procedure, []))


def test_a_big_trace_is_only_sniffed_but_a_big_export_is_not_read() -> None:
    files = complete_bundle()
    files["NPS/nettrace.etl"] = files["NPS/nettrace.etl"] + os.urandom(1_200_000)
    caps = Caps(max_entry=100_000, max_total=1_000_000)  # the trace alone is over both
    report = analyse(zip_of(files), "NPS.zip", MATCHER, STEPS, caps)
    assert "network-trace" in report.present
    big = complete_bundle()
    big["NPS/NPS01_AuthZOptCh.evtx"] = write_evtx(
        events(AUTHZ, *[(contact_support(f"u{i}@contoso.com"), 2) for i in range(200)]))
    report = analyse(zip_of(big), "NPS.zip", MATCHER, STEPS, caps)
    assert "authz-log" in report.empty
    [finding] = [f for f in report.files if "AuthZOptCh" in f.name]
    assert "more than I read in one export" in finding.note

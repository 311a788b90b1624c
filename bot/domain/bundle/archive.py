"""Walk an attached file: a zip (maybe with a zip inside) or one plain file, within caps.

Names inside a zip are only ever shown, never used as paths: nothing is written to disk,
every member is read from memory as a stream.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO

from bot.domain.bundle.caps import MB, RATIO_FLOOR, Budget, BundleRejected, too_many

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_EOCD = b"PK\x05\x06"
_EOCD64_LOCATOR = b"PK\x06\x07"
_EOCD64 = b"PK\x06\x06"
_CENTRAL = b"PK\x01\x02"
# What zipfile can unpack: stored, deflate, bzip2, lzma (not Deflate64, method 9).
_METHODS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2,
                      zipfile.ZIP_LZMA})
UNSUPPORTED = "unsupported compression (re-zip with standard Deflate)"
DAMAGED = "cannot be unpacked (damaged in the zip); zip the folder again"
_SNIFFED = (".etl", ".cab")  # traces: only their first bytes are read
_UNREADABLE = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError,
               NotImplementedError, ValueError, struct.error)


@dataclass(frozen=True)
class Member:
    """One file of the bundle. ``name`` is for people to read, never a path to open."""

    name: str
    size: int  # uncompressed bytes, as the archive declares (and enforces)
    open: Callable[[], IO[bytes]]  # a fresh stream, counted against the budget
    problem: str = ""  # why this one member cannot be read; the rest of the bundle can

    @property
    def base(self) -> str:
        return self.name.replace("\\", "/").rsplit("/", 1)[-1]

    def head(self, n: int = 65536) -> bytes:
        with self.open() as stream:
            return stream.read(n)


class _Counted(io.RawIOBase):
    """Counts every byte read against the budget, and checks the clock as it goes."""

    def __init__(self, inner: IO[bytes], budget: Budget) -> None:
        self.inner = inner
        self.budget = budget

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return self.inner.seekable()

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        return self.inner.seek(offset, whence)

    def tell(self) -> int:
        return self.inner.tell()

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        data = self.inner.read(len(buffer))
        self.budget.count_bytes(len(data))
        self.budget.tick()
        buffer[:len(data)] = data
        return len(data)

    def close(self) -> None:
        self.inner.close()
        super().close()


def _end_record(data: bytes) -> int | None:
    """Where the end-of-central-directory record is, found as zipfile finds it."""
    end = len(data) - 22
    if end >= 0 and data[end:end + 4] == _EOCD and data[-2:] == b"\0\0":
        return end
    at = data.rfind(_EOCD, max(0, len(data) - 65536 - 22))
    return at if at >= 0 and at + 22 <= len(data) else None


def _entries_within(data: bytes, allowed: int) -> bool:
    """Whether the central directory zipfile will read lists at most ``allowed`` entries.
    It is walked here first, header by header, stopping past ``allowed``: the counts in the
    end records can lie, and zipfile builds an object per entry before anyone can count
    them (640,000 tiny entries cost hundreds of MB)."""
    at = _end_record(data)
    if at is None:
        return True  # not a zip zipfile can open: it says so itself
    size: int = struct.unpack_from("<I", data, at + 12)[0]
    start = at - size
    locator = at - 20
    if locator >= 56 and data[locator:locator + 4] == _EOCD64_LOCATOR and \
            data[locator - 56:locator - 52] == _EOCD64:
        size = struct.unpack_from("<Q", data, locator - 56 + 40)[0]
        start = locator - 56 - size
    if start < 0:
        return True
    pos, end, count = start, min(start + size, len(data)), 0
    while pos < end:
        if data[pos:pos + 4] != _CENTRAL or pos + 46 > end:
            return True  # damaged: zipfile refuses it before listing further
        count += 1
        if count > allowed:
            return False
        names, extra, comment = struct.unpack_from("<HHH", data, pos + 28)
        pos += 46 + names + extra + comment
    return True


def is_zip(head: bytes) -> bool:
    return head[:4] in ZIP_MAGIC


def members(data: bytes, name: str, budget: Budget, depth: int = 0) -> Iterator[Member]:
    """Every file in ``data``: its members if it is a zip, else ``data`` itself."""
    if not is_zip(data[:4]):
        budget.count_entry()
        yield Member(name, len(data), lambda: io.BufferedReader(
            _Counted(io.BytesIO(data), budget)))
        return
    if not _entries_within(data, budget.caps.max_entries - budget.entries):
        raise too_many(budget.caps)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except _UNREADABLE:
        raise BundleRejected(
            "corrupt", f"{name} is not a zip I can open (damaged or cut short); zip the "
            "folder again and attach the new file") from None
    files = [info for info in infos if not info.is_dir()]
    _check_ratio(files, name, budget)
    for info in files:
        budget.count_entry()
        budget.tick()
        yield from _member(archive, info, name, budget, depth)


def _check_ratio(files: list[zipfile.ZipInfo], name: str, budget: Budget) -> None:
    """Many small members each under RATIO_FLOOR add up to a bomb too: the ratio holds for
    the zip as a whole. Traces are left out, as they are only sniffed, never read whole."""
    read = [i for i in files if not i.filename.lower().endswith(_SNIFFED)]
    unpacked = sum(i.file_size for i in read)
    packed = max(sum(i.compress_size for i in read), 1)
    if unpacked > RATIO_FLOOR and unpacked > budget.caps.max_ratio * packed:
        raise BundleRejected(
            "bomb", f"{name} unpacks to {unpacked / MB:,.0f} MB from {packed / MB:,.1f} MB, over "
            f"{budget.caps.max_ratio} times its packed size: the shape of a zip bomb, not of "
            "exported logs, so I did not unpack it")


def _member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, outer: str, budget: Budget, depth: int
) -> Iterator[Member]:
    caps = budget.caps
    label = f"{outer}/{info.filename}" if depth else info.filename
    if info.flag_bits & 0x1:
        raise BundleRejected(
            "encrypted", f"{outer} is password-protected; zip it again without a password "
            "(the bot never asks for one)")
    bomb = info.file_size > RATIO_FLOOR and info.file_size > caps.max_ratio * max(
        info.compress_size, 1)
    if bomb and not info.filename.lower().endswith(_SNIFFED):  # a trace's head costs nothing
        raise _bomb(info.filename, caps.max_ratio)
    def open_member() -> IO[bytes]:
        return io.BufferedReader(_Counted(archive.open(info), budget))

    if info.compress_type not in _METHODS:
        yield Member(label, info.file_size, open_member, UNSUPPORTED)
        return
    try:
        head = _read(open_member, 4)
    except _UNREADABLE:
        yield Member(label, info.file_size, open_member, DAMAGED)
        return
    if not is_zip(head):
        yield Member(label, info.file_size, open_member)
        return
    if bomb:  # a zip named like a trace is still read whole
        raise _bomb(info.filename, caps.max_ratio)
    if depth + 1 >= caps.max_depth:
        raise BundleRejected(
            "depth", f"it has zips inside zips more than {caps.max_depth - 1} deep; "
            "attach one zip of the C:\\NPS folder")
    if info.file_size > caps.max_nested_zip:
        raise BundleRejected(
            "entry", f"{info.filename} is a zip of over {caps.max_nested_zip // MB} MB "
            "inside the zip; attach it on its own")
    try:
        inner = _read(open_member, info.file_size)
    except _UNREADABLE:
        yield Member(label, info.file_size, open_member, DAMAGED)
        return
    yield from members(inner, label, budget, depth + 1)


def _bomb(name: str, ratio: int) -> BundleRejected:
    return BundleRejected(
        "bomb", f"{name} unpacks to over {ratio} times its packed size, the shape of a zip "
        "bomb, so I did not unpack it")


def _read(open_member: Callable[[], IO[bytes]], n: int) -> bytes:
    with open_member() as stream:
        return stream.read(n)

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
_UNREADABLE = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError,
               NotImplementedError, ValueError, struct.error)


@dataclass(frozen=True)
class Member:
    """One file of the bundle. ``name`` is for people to read, never a path to open."""

    name: str
    size: int  # uncompressed bytes, as the archive declares (and enforces)
    open: Callable[[], IO[bytes]]  # a fresh stream, counted against the budget

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


def _declared_entries(data: bytes) -> int | None:
    """The entry count from the end-of-central-directory record, read before zipfile builds
    an object per entry (a million tiny entries would cost far more memory than the file)."""
    tail_at = max(0, len(data) - 65557)
    at = data.rfind(_EOCD, tail_at)
    if at < 0 or at + 22 > len(data):
        return None
    count: int = struct.unpack_from("<H", data, at + 10)[0]
    locator = at - 20
    if count == 0xFFFF and locator >= 0 and data[locator:locator + 4] == _EOCD64_LOCATOR:
        eocd64 = struct.unpack_from("<Q", data, locator + 8)[0]
        if eocd64 + 40 <= len(data):
            count = struct.unpack_from("<Q", data, eocd64 + 32)[0]
    return count


def is_zip(head: bytes) -> bool:
    return head[:4] in ZIP_MAGIC


def members(data: bytes, name: str, budget: Budget, depth: int = 0) -> Iterator[Member]:
    """Every file in ``data``: its members if it is a zip, else ``data`` itself."""
    if not is_zip(data[:4]):
        budget.count_entry()
        yield Member(name, len(data), lambda: io.BufferedReader(
            _Counted(io.BytesIO(data), budget)))
        return
    declared = _declared_entries(data)
    if declared is not None and declared + budget.entries > budget.caps.max_entries:
        raise too_many(budget.caps)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except _UNREADABLE:
        raise BundleRejected(
            "corrupt", f"{name} is not a zip I can open (damaged or cut short); zip the "
            "folder again and attach the new file") from None
    for info in infos:
        if info.is_dir():
            continue
        budget.count_entry()
        budget.tick()
        yield from _member(archive, info, name, budget, depth)


def _member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, outer: str, budget: Budget, depth: int
) -> Iterator[Member]:
    caps = budget.caps
    label = f"{outer}/{info.filename}" if depth else info.filename
    if info.flag_bits & 0x1:
        raise BundleRejected(
            "encrypted", f"{outer} is password-protected; zip it again without a password "
            "(the bot never asks for one)")
    if info.file_size > RATIO_FLOOR and info.file_size > caps.max_ratio * max(
            info.compress_size, 1):
        raise BundleRejected(
            "bomb", f"{info.filename} unpacks to over {caps.max_ratio} times its packed size, "
            "the shape of a zip bomb, so I did not unpack it")
    def open_member() -> IO[bytes]:
        try:
            return io.BufferedReader(_Counted(archive.open(info), budget))
        except _UNREADABLE:
            raise BundleRejected(
                "corrupt", f"{info.filename} in {outer} cannot be unpacked (damaged zip)"
            ) from None

    head = _read(open_member, 4)
    if not is_zip(head):
        yield Member(label, info.file_size, open_member)
        return
    if depth + 1 >= caps.max_depth:
        raise BundleRejected(
            "depth", f"it has zips inside zips more than {caps.max_depth - 1} deep; "
            "attach one zip of the C:\\NPS folder")
    if info.file_size > caps.max_nested_zip:
        raise BundleRejected(
            "entry", f"{info.filename} is a zip of over {caps.max_nested_zip // MB} MB "
            "inside the zip; attach it on its own")
    yield from members(_read(open_member, info.file_size), label, budget, depth + 1)


def _read(open_member: Callable[[], IO[bytes]], n: int) -> bytes:
    try:
        with open_member() as stream:
            return stream.read(n)
    except _UNREADABLE:
        raise BundleRejected(
            "corrupt", "a file in the zip cannot be unpacked (damaged or cut short); zip the "
            "folder again") from None

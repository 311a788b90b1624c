"""Limits on what one attached bundle may cost, and the refusal raised when one is hit."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

MB = 1024 * 1024


@dataclass(frozen=True)
class Caps:
    max_download: int = 50 * MB  # the upload itself (setting MFA_BOT_MAX_BUNDLE_MB)
    max_entries: int = 1_000  # files in one zip, nested zips included
    max_total: int = 512 * MB  # uncompressed bytes read from the whole bundle
    max_entry: int = 256 * MB  # one export read whole (traces are only sniffed)
    max_ratio: int = 100  # uncompressed / compressed, for entries over RATIO_FLOOR
    max_depth: int = 2  # a zip inside the zip is fine; a zip inside that is not
    max_nested_zip: int = 64 * MB  # a nested zip is read into memory to be opened
    seconds: float = 60.0  # reading and summarising
    max_bad_records: int = 1_000  # broken records tolerated before a file counts as broken


RATIO_FLOOR = MB  # small files compress absurdly well (empty .evtx chunks): never a bomb


class BundleRejected(Exception):
    """The bundle cannot be read; ``reason`` is one sentence for the thread."""

    def __init__(self, kind: str, reason: str) -> None:
        super().__init__(reason)
        self.kind = kind  # short, for logs and tests: "encrypted", "bomb", ...
        self.reason = reason


@dataclass
class Budget:
    """What is left of the caps while one bundle is read."""

    caps: Caps
    started: float = field(default_factory=time.monotonic)
    read: int = 0
    entries: int = 0

    def tick(self) -> None:
        if time.monotonic() - self.started > self.caps.seconds:
            raise BundleRejected(
                "time", f"reading it took longer than {self.caps.seconds:.0f} seconds, so I "
                "stopped; attach only the C:\\NPS folder's exports and traces, or export a "
                "shorter time range")

    def count_entry(self) -> None:
        self.entries += 1
        if self.entries > self.caps.max_entries:
            raise too_many(self.caps)

    def count_bytes(self, n: int) -> None:
        self.read += n
        if self.read > self.caps.max_total:
            raise BundleRejected(
                "total", f"it unpacks to more than {self.caps.max_total // MB} MB, more than "
                "I read; attach only the C:\\NPS folder's files")


def too_many(caps: Caps) -> BundleRejected:
    return BundleRejected(
        "entries", f"it holds more than {caps.max_entries:,} files, more than I read; zip "
        "only the C:\\NPS folder")

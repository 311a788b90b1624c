"""Attached log bundles: unpacked within caps, checked against the checklist, summarised."""

from bot.domain.bundle.analyse import analyse
from bot.domain.bundle.caps import BundleRejected, Caps
from bot.domain.bundle.report import BundleReport, ErrorSummary, FileFinding

__all__ = ["BundleRejected", "BundleReport", "Caps", "ErrorSummary", "FileFinding", "analyse"]

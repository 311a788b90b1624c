"""Usage statistics: counts per error code, feedback and escalations. Codes and counts
only: no user text is ever part of them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class CodeStats:
    code: str
    matches: int = 0
    fixed: int = 0  # "Fixed it" votes
    not_fixed: int = 0  # "Didn't help" votes


@dataclass(frozen=True)
class Stats:
    since: datetime
    codes: tuple[CodeStats, ...] = ()  # most matched first
    escalations_opened: int = 0
    escalations_resolved: int = 0
    median_seconds_to_resolve: float | None = None

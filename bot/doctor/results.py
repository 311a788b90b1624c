"""What one doctor check found: plain data, rendered by bot.doctor.render."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Status(StrEnum):
    PASS = "pass"
    WARN = "warn"  # works, but something an admin should know or do
    FAIL = "fail"  # a feature will not work until this is fixed
    SKIP = "skip"  # not checked: an earlier failure would only repeat itself here


@dataclass(frozen=True)
class CheckResult:
    key: str  # stable name for scripts (--json)
    title: str  # what was checked, for people
    status: Status
    summary: str
    fixes: tuple[str, ...] = ()  # what to do, one line each; empty when it passed

    def as_dict(self) -> dict[str, object]:
        return {"check": self.key, "title": self.title, "status": self.status.value,
                "summary": self.summary, "fixes": list(self.fixes)}


def passed(key: str, title: str, summary: str) -> CheckResult:
    return CheckResult(key, title, Status.PASS, summary)


def warned(key: str, title: str, summary: str, *fixes: str) -> CheckResult:
    return CheckResult(key, title, Status.WARN, summary, fixes)


def failed(key: str, title: str, summary: str, *fixes: str) -> CheckResult:
    return CheckResult(key, title, Status.FAIL, summary, fixes)


def skipped(key: str, title: str, because: str) -> CheckResult:
    return CheckResult(key, title, Status.SKIP, f"not checked: {because}")

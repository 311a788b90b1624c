"""The reply to an attached log bundle: what arrived against the checklist, which steps it
ticked, and what the extension's event logs say. Pure functions, no Slack calls."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.blocks import limits
from bot.blocks.elements import Block, context, header, section
from bot.blocks.labels import slack_date
from bot.blocks.message import Message
from bot.blocks.text import escape, pack, truncate
from bot.domain.bundle.artifacts import BY_KEY, KINDS
from bot.domain.bundle.report import BundleReport, ErrorSummary
from bot.domain.knowledge import Procedure

MAX_ERRORS = 10  # errors listed one by one; the rest are counted
NAME_CHARS = 80


def _name(text: str) -> str:
    """A file name from the zip: someone else's text, so escaped and kept short."""
    return truncate(escape(text.replace("\\", "/").rsplit("/", 1)[-1]), NAME_CHARS)


def step_label(procedure: Procedure, step_id: str) -> str:
    for number, step in enumerate(procedure.steps, 1):
        if step.id == step_id:
            return f"step {number}, _{escape(step.title)}_"
    return "a step of the checklist"


def _when(first: datetime | None, last: datetime | None) -> str:
    if first is None or last is None:
        return "time not recorded"
    if first.tzinfo is None:  # a text export's time: the server's clock, zone unknown
        shown = f"{first:%Y-%m-%d %H:%M}" if first == last else \
            f"{first:%Y-%m-%d %H:%M} to {last:%Y-%m-%d %H:%M}"
        return f"{shown} server local time"
    if first == last:
        return slack_date(first)
    return f"{slack_date(first)} to {slack_date(last)}"


def error_line(error: ErrorSummary) -> str:
    users = f"{error.users} user{'s' if error.users != 1 else ''}"
    line = (f"*{escape(truncate(error.label, 100))}* × {error.count:,} · "
            f"{_when(error.first, error.last)} · {users}")
    if error.causes:
        line += " · inner cause: " + ", ".join(f"`{escape(c)}`" for c in error.causes)
    return line


def _arrived(report: BundleReport, procedure: Procedure) -> list[str]:
    lines = []
    for kind in KINDS:
        files = [f for f in report.files if f.kind == kind.key]
        if kind.key in report.present:
            ok = [f for f in files if f.status == "ok"]
            events = sum(f.events for f in ok)
            shown = ", ".join(_name(f.name) for f in ok[:3])
            count = f" ({events:,} extension events)" if ok and ok[0].fmt != "etl" else ""
            lines.append(f":white_check_mark: {kind.label}: {shown}{count}")
        elif kind.key in report.empty:
            why = "; ".join(sorted({f.note or f.status for f in files}))
            lines.append(f":warning: {kind.label}: {escape(why)}. Run "
                         f"{step_label(procedure, kind.produced_by)} again")
        else:
            lines.append(f":x: {kind.label}: missing. It comes from "
                         f"{step_label(procedure, kind.produced_by)}")
    damaged = [f for f in report.files if f.status == "unnamed" or (
        f.kind in report.present and (f.status != "ok" or (f.note and f.fmt != "cab")))]
    lines += [f":warning: {_name(f.name)}: {escape(f.note or f.status)}" for f in damaged]
    return lines


def bundle_message(report: BundleReport, procedure: Procedure, ticked: Sequence[str]) -> Message:
    """The thread reply for one attached bundle."""
    name = _name(report.file_name)
    blocks: list[Block] = [header(f"Logs checked: {report.file_name}")]
    blocks += [section(chunk) for chunk in pack(_arrived(report, procedure), limits.SECTION_TEXT)]
    if ticked:
        numbers = [str(i) for i, s in enumerate(procedure.steps, 1) if s.id in ticked]
        blocks.append(context(f"Ticked on the checklist from {name}: step"
                              f"{'s' if len(numbers) != 1 else ''} {', '.join(numbers)}"))
    if report.errors:
        lines = [error_line(e) for e in report.errors[:MAX_ERRORS]]
        more = len(report.errors) - MAX_ERRORS
        if more > 0:
            lines.append(f"…and {more} more error{'s' if more != 1 else ''}")
        blocks.append(section("*Errors the NPS extension logged*"))
        blocks += [section(chunk) for chunk in pack(lines, limits.SECTION_TEXT)]
    elif report.extension_events:
        blocks.append(section("No known error in the extension's event logs."))
    notes = [f"{report.extension_events:,} extension events read"]
    if report.unknown_errors:
        notes.append(f"{report.unknown_errors:,} errors or warnings I do not know")
    others = sum(1 for f in report.files if f.kind is None and f.status == "other")
    if others:
        notes.append(f"{others} other file{'s' if others != 1 else ''} not used")
    notes.append("users are counted, never named; the file itself is not kept")
    blocks.append(context(" · ".join(notes)))
    missing = [BY_KEY[k].label for k in report.missing + report.empty]
    text = f"Logs checked: {report.file_name}. " + (
        f"Missing or empty: {', '.join(missing)}." if missing else "Everything the checklist "
        "asks for arrived.")
    return Message(truncate(escape(text), 1000), blocks[: limits.MAX_BLOCKS["message"]])


def bundle_refused_message(file_name: str, reason: str) -> Message:
    """A bundle that could not be read at all: why, in one sentence."""
    text = f":warning: I could not read {_name(file_name)}: {escape(reason)}."
    return Message(truncate(text, 1000), [section(text)])


def verified_line(reports: Sequence[BundleReport]) -> str:
    """"Logs attached: verified (...)" for the hand-off, over every bundle of the thread."""
    present = {k for r in reports for k in r.present}
    names = [kind.label for kind in KINDS if kind.key in present]
    files = ", ".join(_name(r.file_name) for r in reports[-3:])
    if not names:
        return f"Logs attached: nothing usable found in {files}"
    line = f"Logs attached: verified ({', '.join(names)}) from {files}"
    missing = [kind.label for kind in KINDS if kind.key not in present]
    return f"{line}; missing: {', '.join(missing)}" if missing else line


def summary_lines(reports: Sequence[BundleReport], limit: int = 5) -> list[str]:
    """The newest bundle's errors, one line each, for the hand-off and support message."""
    latest = next((r for r in reversed(reports) if r.errors), None)
    if latest is None:
        return []
    lines = [error_line(e) for e in latest.errors[:limit]]
    if len(latest.errors) > limit:
        lines.append(f"…and {len(latest.errors) - limit} more")
    return lines


def handoff_logs_text(reports: Sequence[BundleReport]) -> str:
    """What the hand-off form and the support message say about the attached logs."""
    lines = [f"*{verified_line(reports)}*"]
    errors = summary_lines(reports)
    if errors:
        lines.append("Errors the extension logged:")
        lines += [f"• {line}" for line in errors]
    return truncate("\n".join(lines), limits.SECTION_TEXT)

"""Doctor results as text for a terminal, or as one JSON object for scripts."""

from __future__ import annotations

import json
from collections.abc import Sequence

from bot.doctor.results import CheckResult, Status

MARKS = {Status.PASS: "✔", Status.WARN: "⚠", Status.FAIL: "✘", Status.SKIP: "–"}


def _printable(text: str) -> str:
    # Names come from Slack and the database: keep terminal control characters out.
    return "".join(c if c.isprintable() else " " for c in text)


def render_text(results: Sequence[CheckResult]) -> str:
    width = max((len(r.title) for r in results), default=0)
    lines = []
    for result in results:
        lines.append(f"{MARKS[result.status]} {result.title.ljust(width)}  "
                     f"{_printable(result.summary)}")
        lines += [f"    → {_printable(fix)}" for fix in result.fixes]
    failures = sum(r.status is Status.FAIL for r in results)
    warnings = sum(r.status is Status.WARN for r in results)
    skips = sum(r.status is Status.SKIP for r in results)
    if failures:
        lines.append(f"\n{failures} check(s) failed, {warnings} warning(s)"
                     + (f", {skips} not checked" if skips else "")
                     + ": fix the ✘ lines, then run `mfa-bot doctor` again.")
    elif warnings:
        lines.append(f"\nAll checks passed, with {warnings} warning(s).")
    else:
        lines.append("\nAll checks passed.")
    return "\n".join(lines)


def render_json(results: Sequence[CheckResult], exit_code: int) -> str:
    return json.dumps({
        "ok": exit_code == 0,
        "exit_code": exit_code,
        "checks": [r.as_dict() for r in results],
    }, ensure_ascii=False)


def render_settings_error(message: str, *, as_json: bool) -> str:
    """One ✘ line per problem: settings report every problem at once, one per line."""
    problems = message.splitlines()
    if as_json:
        return json.dumps({"ok": False, "exit_code": 2, "error": message, "errors": problems,
                           "checks": []}, ensure_ascii=False)
    return "\n".join(f"✘ Settings  {problem}" for problem in problems)

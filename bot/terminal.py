"""Plain-text rendering of match results for the terminal (``mfa-bot lookup``)."""

from __future__ import annotations

import textwrap

from bot.domain.knowledge import Category, Entry
from bot.domain.results import Match, MatchResult

CATEGORY_LABELS = {
    Category.ERROR: "error to fix",
    Category.USER_WARNING: "user warning (not a product error)",
    Category.NEEDS_SUPPORT: "needs support: collect logs and open a case",
}


def _wrap(text: str, indent: str) -> str:
    return textwrap.fill(text, width=88, initial_indent=indent, subsequent_indent=indent + "   ")


def render_entry(entry: Entry, match: Match | None = None) -> str:
    lines = [f"{entry.name}  [{CATEGORY_LABELS[entry.category]}; who acts: {entry.actor.value}]"]
    cause = match.cause if match else None
    if cause:
        lines.append(_wrap(f"Inner cause: {cause.pattern}, {cause.cause}", "  "))
        lines.extend(_wrap(f"{n}. {step}", "    ") for n, step in enumerate(cause.steps, 1))
    if entry.message and (match is None or match.message_known):
        lines.append(f'  Message: "{entry.message}"')
    elif entry.message:  # what follows is this message's, one of the code's several
        lines.append(f'  If the message is "{entry.message}":')
    lines.append(_wrap(entry.meaning, "  "))
    lines.append("")
    lines.extend(_wrap(f"{n}. {step}", "  ") for n, step in enumerate(entry.steps, 1))
    if entry.links:
        lines.append("")
        lines.extend(f"  - {link.title}: {link.url}" for link in entry.links)
    if match is not None:
        excerpt = " ".join(match.matched_text.split())
        if len(excerpt) > 120:
            excerpt = excerpt[:117] + "..."
        lines.append(f'  Matched: "{excerpt}" (score {match.score})')
        if match.alternatives:
            lines.append("  This code has other messages too; the paste did not say which:")
            lines.extend(f'    - "{alt.message}"' for alt in match.alternatives)
    return "\n".join(lines)


def render_result(result: MatchResult) -> str:
    parts = [render_entry(m.entry, m) for m in result.matches]
    if not result.matches and result.most_likely and result.suggestions:
        best, *others = result.suggestions
        parts.append("Most likely: " + render_entry(best.entry))
        if best.cause:
            parts.append(f"  Inner cause: {best.cause.pattern}, {best.cause.cause}")
        if others:
            parts.append("Or is it:\n" + "\n".join(f"  - {s.entry.name}" for s in others))
    elif not result.matches:
        if result.suggestions:
            parts.append("No confident match. Did you mean:\n" + "\n".join(
                f"  - {s.entry.name}" + (f': "{s.entry.message}"' if s.entry.message else "")
                + f" (score {s.score})" for s in result.suggestions))
        else:
            parts.append("No known NPS-extension error found. Paste the error code, the "
                         "message, or the whole Event Viewer entry.")
    if result.truncated:
        parts.append("(The input was longer than 40,000 characters; only the start was read.)")
    return "\n\n".join(parts)

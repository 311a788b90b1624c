"""The troubleshooting card for a known error, and the other replies to a paste or command."""

from __future__ import annotations

from collections.abc import Sequence

from bot.blocks import ids, limits
from bot.blocks.elements import Block, button, context, header, link, section
from bot.blocks.elements import actions as actions_block
from bot.blocks.labels import category_heading, category_label
from bot.blocks.message import Message
from bot.blocks.text import escape, pack, quote_paste, truncate
from bot.domain.knowledge import Category, Cause, Entry, KnowledgeBase
from bot.domain.results import MAX_PASTE_CHARS, Match, MatchResult, Suggestion

MAX_ALTERNATIVES = 5  # "did you mean" rows on one card
MAX_COMPACT_CARDS = 10  # errors detailed in a multi-error reply; the rest are only named
MATCH_EXCERPT = 80
FALLBACK = 1000  # notifications show the start of the fallback text only
STEP = 600  # one step on a full card
COMPACT_STEP = 120
COMPACT_TEXT = 1200


def _quote(text: str) -> str:
    return "\n".join(f">{line}" for line in escape(text).splitlines() or [""])


def _numbered(steps: Sequence[str], each: int) -> str:
    return "\n".join(f"{i}. {truncate(escape(s), each)}" for i, s in enumerate(steps, 1))


def _matched(match: Match) -> str:
    return f'Matched: "{quote_paste(match.matched_text, MATCH_EXCERPT)}" (score {match.score})'


def _describe(entry: Entry) -> str:
    """What tells entries apart on a "did you mean" row: their message, else their summary."""
    return escape(" ".join((entry.message or entry.summary).split()))


def _cause_text(cause: Cause) -> str:
    """ "Inner cause: AADSTS7000112, the … service principal is disabled", then its fix."""
    return (f"*Inner cause:* `{escape(cause.pattern)}`, {escape(cause.cause)}\n"
            + _numbered(cause.steps, STEP))


def _alternative_rows(entry: Entry | None, others: Sequence[Entry]) -> list[Block]:
    """One section per candidate, each with its own button: Slack wants action_ids unique
    within a block, and the contract gives every "did you mean" button the same one."""
    seen = {entry.id} if entry else set()
    distinct = []
    for other in others:
        if other.id not in seen:
            seen.add(other.id)
            distinct.append(other)
    rows = [
        section(
            truncate(f"`{escape(other.code)}` {_describe(other)}" if other.code
                     else _describe(other), 300),
            accessory=button("Show this", ids.DID_YOU_MEAN, other.id),
        )
        for other in distinct[:MAX_ALTERNATIVES]
    ]
    if len(distinct) > MAX_ALTERNATIVES:
        rows.append(context(f"and {len(distinct) - MAX_ALTERNATIVES} more"))
    return rows


def _buttons(entry: Entry, share: bool) -> Block:
    escalate_style = "primary" if entry.category is Category.NEEDS_SUPPORT else None
    elements = [
        button("Fixed it", ids.FEEDBACK_FIXED, entry.id),
        button("Didn't help", ids.FEEDBACK_NOT_FIXED, entry.id),
        button("Escalate to support", ids.ESCALATE, entry.id, style=escalate_style),
    ]
    if share:
        elements.append(button("Share in channel", ids.SHARE, entry.id))
    return actions_block(elements)


def card_blocks(entry: Entry, *, match: Match | None = None, suggestions: Sequence[Entry] = (),
                actions: bool = True, share: bool = False, compact: bool = False,
                likely: Suggestion | None = None) -> list[Block]:
    """The card for ``entry``. ``compact`` is the short form used when one paste holds several
    errors; ``share`` adds the button that posts an ephemeral card in the channel. ``likely``
    is the ranked guess the card stands for when nothing matched exactly: the card is then
    headed "Most likely" and the suggestions are offered as "Or is it…?"."""
    message_known = match is None or match.message_known
    alternatives = [*(match.alternatives if match else ()), *suggestions]
    cause = match.cause if match else likely.cause if likely else None
    if compact:
        blocks = [header(entry.name), section(_compact_text(entry, match, alternatives, cause))]
    else:
        blocks = _full_blocks(entry, match, message_known, cause, likely is not None)
        rows = _alternative_rows(entry, alternatives)
        if rows:
            blocks += [section("*Or is it…?*" if likely else "*Did you mean…*"), *rows]
    if actions:
        blocks.append(_buttons(entry, share))
    return blocks


def _full_blocks(entry: Entry, match: Match | None, message_known: bool, cause: Cause | None,
                 likely: bool) -> list[Block]:
    about = [f"*{escape(entry.summary)}*"]
    if entry.message and message_known:
        about.append(_quote(entry.message))
    elif entry.message:  # what follows is this message's, one of the code's several
        about.insert(0, f"_If the message is_\n{_quote(entry.message)}")
    about.append(escape(entry.meaning))
    title = f"Most likely: {entry.name}" if likely else entry.name
    blocks = [header(title), context(category_label(entry))]
    if cause:  # the cause the paste names comes first: it has its own fix
        blocks.append(section(_cause_text(cause)))
    blocks += [
        section("\n".join(about)),
        section(("*Then the general steps*\n" if cause else "*What to do*\n")
                + _numbered(entry.steps, STEP)),
    ]
    if entry.links:
        blocks.append(context("*Read more:* " + " · ".join(link(x) for x in entry.links)))
    notes = [_matched(match)] if match else []
    if not message_known:
        notes.append("Several product messages share this code: pick yours below.")
    if notes:
        blocks.append(context(*notes))
    return blocks


def _compact_text(entry: Entry, match: Match | None, alternatives: Sequence[Entry],
                  cause: Cause | None) -> str:
    lines = [category_label(entry), f"*{escape(entry.summary)}*",
             _numbered(entry.steps, COMPACT_STEP)]
    if alternatives and entry.message:  # as on the full card: whose summary this is
        lines.insert(1, f"_If the message is_ “{escape(entry.message)}”:")
    if cause:
        lines.insert(1, f"*Inner cause:* `{escape(cause.pattern)}`, {escape(cause.cause)}")
    if alternatives:
        lines.append(f"_Several messages share this code: `/mfa-error {escape(entry.code)}` "
                     "shows them._")
    if match:
        lines.append(_matched(match))
    return truncate("\n".join(lines), COMPACT_TEXT)


def _fallback(text: str) -> str:
    return truncate(escape(text), FALLBACK)


def reply_message(result: MatchResult, *, share: bool = False) -> Message:
    """The reply to a paste: one full card, or compact cards for several distinct errors."""
    matches: list[Match] = []
    for match in result.matches:
        if all(m.entry.id != match.entry.id for m in matches):
            matches.append(match)
    if not matches and result.most_likely and result.suggestions:
        best, *others = result.suggestions
        blocks = card_blocks(best.entry, share=share, likely=best,
                             suggestions=[s.entry for s in others])
        text = f"Most likely {best.entry.name}: {best.entry.summary}"
    elif not matches:
        return suggestions_message(result)
    elif len(matches) == 1:
        only = matches[0]
        blocks = card_blocks(only.entry, match=only, share=share,
                             suggestions=[s.entry for s in result.suggestions])
        text = f"{only.entry.name}: {only.entry.summary}"
    else:
        shown, rest = matches[:MAX_COMPACT_CARDS], matches[MAX_COMPACT_CARDS:]
        blocks = [section(f"*{len(matches)} known errors in this paste*")]
        for match in shown:
            blocks.extend(card_blocks(match.entry, match=match, share=share, compact=True))
        if rest:
            codes = " · ".join(f"`{escape(m.entry.name)}`" for m in rest)
            blocks.append(section(f"…and {len(rest)} more: {codes}"))
        text = f"{len(matches)} known errors: " + "; ".join(
            f"{m.entry.name}: {m.entry.summary}" for m in matches)
    if result.truncated:
        blocks.append(context(f"Only the first {MAX_PASTE_CHARS:,} characters were checked."))
    return Message(_fallback(text), blocks)


def entry_message(entry: Entry, *, share: bool = False,
                  alternatives: Sequence[Entry] = ()) -> Message:
    """The full card for one entry, e.g. after a "did you mean" click."""
    blocks = card_blocks(entry, suggestions=alternatives, share=share)
    return Message(_fallback(f"{entry.name}: {entry.summary}"), blocks)


def suggestions_message(result: MatchResult) -> Message:
    """No confident match: "did you mean" buttons, or how to use the bot."""
    candidates = [s.entry for s in result.suggestions]
    if not candidates:
        blocks = [section("No known NPS-extension error found in that text."),
                  context("Paste the whole event-log entry from the NPS server, or see "
                          "`/mfa-error list` for the errors I know and `/mfa-error help`.")]
        return Message("No known NPS-extension error found.", blocks)
    blocks = [section("No exact match. *Did you mean…*"), *_alternative_rows(None, candidates)]
    codes = ", ".join(dict.fromkeys(e.name for e in candidates))
    return Message(_fallback(f"No exact match. Did you mean: {codes}?"), blocks)


def usage_message() -> Message:
    text = "\n".join((
        "*How to use the MFA NPS-extension error helper*",
        "• Paste an error from the NPS extension (event-log text or just the code) in a "
        "channel I am in, or mention me with it: I reply in a thread with what to do.",
        "• `/mfa-error <error text or code>`: look it up, visible only to you.",
        "• `/mfa-error list`: every error I know.",
        "• `/mfa-error stats` (or `stats 30d`): what came up lately and what fixed it.",
        "• On any message: *More actions* (⋯) > *Troubleshoot this error*.",
        "• `/mfa-error help`: this message.",
    ))
    return Message("How to use the MFA NPS-extension error helper", [section(text)])


def catalogue_sections(kb: KnowledgeBase, max_blocks: int) -> list[Block]:
    """Every known code by category, many codes per section, in at most ``max_blocks``."""
    blocks: list[Block] = []
    total = 0
    for category, entries in kb.by_category().items():
        codes = list(dict.fromkeys(e.name for e in entries))
        if not codes:
            continue
        total += len(codes)
        heading = f"*{category_heading(category)}* ({len(codes)})\n"
        chunks = pack([f"`{escape(code)}`" for code in codes],
                      limits.SECTION_TEXT - len(heading), " · ")
        blocks.append(section(heading + chunks[0]))
        blocks.extend(section(chunk) for chunk in chunks[1:])
    if len(blocks) > max_blocks:
        blocks = [*blocks[: max_blocks - 1],
                  context(f"List cut short: {total} codes in total, see the knowledge files.")]
    return blocks


def catalogue_message(kb: KnowledgeBase) -> Message:
    codes = len({e.name for e in kb.entries})
    blocks = [header("Known NPS-extension errors"),
              *catalogue_sections(kb, limits.MAX_BLOCKS["message"] - 1)]
    return Message(f"Known NPS-extension errors: {codes} codes", blocks)

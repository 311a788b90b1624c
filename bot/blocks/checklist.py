"""The log-collection checklist posted in a thread, and how a tick on it is read back.

Steps are shown as checkbox groups of at most ten (Slack's limit per element). Each group's
block_id carries the bitmask of its steps that were done when it was rendered, so the
listener can tell exactly what one click changed even when the clicker's view was stale.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any

from bot.blocks import ids, limits
from bot.blocks.elements import Block, actions, button, context, header, link, plain, section
from bot.blocks.elements import permalink as permalink_markup
from bot.blocks.labels import mention, progress, slack_time
from bot.blocks.message import Message
from bot.blocks.text import escape, pack, truncate
from bot.domain.checklist import Checklist, StepState
from bot.domain.knowledge import Entry, Procedure, ProcedureStep

GROUP_SIZE = limits.CHECKBOX_OPTIONS
# Characters per step in the copyable command sections; halved until the message fits.
DETAIL_CAPS = (1500, 700, 300, 0)
COMPLETE = "All steps done - attach C:\\NPS zip to the case"


def step_groups(procedure: Procedure) -> list[tuple[ProcedureStep, ...]]:
    steps = procedure.steps
    return [steps[i: i + GROUP_SIZE] for i in range(0, len(steps), GROUP_SIZE)]


def _done(checklist: Checklist, step: ProcedureStep) -> StepState | None:
    state = checklist.step(step.id)
    return state if state and state.done else None


def _counts(procedure: Procedure, checklist: Checklist) -> tuple[int, int]:
    """Counted over the procedure as shown, so the line agrees with the boxes."""
    return sum(1 for s in procedure.steps if _done(checklist, s)), len(procedure.steps)


def group_mask(group: Sequence[ProcedureStep], checklist: Checklist) -> int:
    """Bit i is set when the group's i-th step is done."""
    return sum(1 << bit for bit, step in enumerate(group) if _done(checklist, step))


def toggled_steps(procedure: Procedure, block_id: str,
                  selected: Iterable[str]) -> tuple[int, dict[str, bool]] | None:
    """(checklist_id, {step_id: done}) for what one click changed: the rendered mask XOR the
    options now selected in that group. None when ``block_id`` is not a checklist group."""
    parsed = ids.parse_checklist_block_id(block_id)
    groups = step_groups(procedure)
    if parsed is None or parsed[1] >= len(groups):
        return None
    checklist_id, group, mask = parsed
    chosen = set(selected)
    changes = {}
    for bit, step in enumerate(groups[group]):
        now = step.id in chosen
        if now != bool(mask >> bit & 1):
            changes[step.id] = now
    return checklist_id, changes


def _option(number: int, step: ProcedureStep) -> dict[str, Any]:
    option: dict[str, Any] = {"text": plain(f"{number}. {step.title}", limits.OPTION_TEXT),
                              "value": step.id}
    if step.detail:
        option["description"] = plain(" ".join(step.detail.split()), limits.OPTION_DESCRIPTION)
    return option


def _checkboxes(checklist: Checklist, group: int, steps: Sequence[ProcedureStep],
                first: int) -> Block:
    options = [_option(first + i, step) for i, step in enumerate(steps)]
    element: dict[str, Any] = {"type": "checkboxes", "options": options,
                               "action_id": ids.checklist_toggle_action(group)}
    ticked = [o for o, step in zip(options, steps, strict=True) if _done(checklist, step)]
    if ticked:
        element["initial_options"] = ticked
    block_id = ids.checklist_block_id(checklist.id, group, group_mask(steps, checklist))
    return actions([element], block_id=block_id)


def _ticker(number: int, state: StepState, source: str | None = None) -> str:
    """"✓ 3. <@U123> 10:03" (the time shows in each reader's zone); ticked by the bot from
    an attached bundle: "✓ 3. <@UBOT> 10:03 from NPS.zip"."""
    line = f"✓ {number}. {mention(state.done_by)}"
    line = f"{line} {slack_time(state.done_at)}" if state.done_at else line
    return f"{line} from {truncate(escape(source), 80)}" if source else line


@lru_cache(maxsize=512)  # knowledge text only, the same at every render
def _detail(number: int, step: ProcedureStep, cap: int) -> str | None:
    """Detail and commands in a code block, so they can be copied; None when the checkbox
    already says it all."""
    if not step.commands and len(step.detail) <= limits.OPTION_DESCRIPTION:
        return None
    lines = [f"*{number}. {escape(step.title)}*"]
    if step.detail:
        lines.append(truncate(escape(step.detail), cap // 2))
    if step.commands:
        lines.append(f"```{truncate(escape(chr(10).join(step.commands)), cap)}```")
    return "\n".join(lines)


def _blocks(procedure: Procedure, checklist: Checklist, entry: Entry | None,
            support_configured: bool, cap: int, sources: Mapping[str, str]) -> list[Block]:
    intro = escape(procedure.intro)
    if entry:
        intro = f"For `{escape(entry.name)}`: {escape(entry.summary)}\n{intro}"
    done, total = _counts(procedure, checklist)
    status = f":white_check_mark: {COMPLETE}" if done == total else progress(done, total)
    blocks = [header(procedure.title), section(intro), context(f"*{status}*")]
    for group, steps in enumerate(step_groups(procedure)):
        first = group * GROUP_SIZE + 1
        blocks.append(_checkboxes(checklist, group, steps, first))
        ticks = [_ticker(first + i, state, sources.get(step.id))
                 for i, step in enumerate(steps)
                 if (state := _done(checklist, step))]
        if ticks:
            blocks.append(context("\n".join(ticks)))
        if cap:
            details = [d for i, step in enumerate(steps) if (d := _detail(first + i, step, cap))]
            blocks.extend(section(chunk) for chunk in pack(details, limits.SECTION_TEXT, "\n\n"))
    if procedure.links:
        blocks.append(context("*Read more:* " + " · ".join(link(x) for x in procedure.links)))
    blocks.append(actions([button("Hand off to support", ids.HANDOFF_OPEN, str(checklist.id),
                                  style="primary")]))
    if not support_configured:
        blocks.append(context("No support channel is set up yet (MFA_BOT_SUPPORT_CHANNEL): "
                              "the button explains how."))
    return blocks


def checklist_message(procedure: Procedure, checklist: Checklist, entry: Entry | None, *,
                      support_configured: bool, sources: Mapping[str, str] | None = None
                      ) -> Message:
    """The checklist with its current ticks; re-rendered after every change. ``sources``:
    step ID -> the attached file the bot ticked it from."""
    for cap in DETAIL_CAPS:
        blocks = _blocks(procedure, checklist, entry, support_configured, cap, sources or {})
        if len(blocks) <= limits.MAX_BLOCKS["message"]:
            break
    text = f"{procedure.title}: {progress(*_counts(procedure, checklist))}"
    return Message(truncate(escape(text), 1000), blocks)


def checklist_pointer_message(permalink: str | None) -> Message:
    """For a second "Escalate" in a thread that already has a checklist."""
    text = "A log-collection checklist is already in this thread"
    shown = f"{text}: {permalink_markup(permalink, 'open it')}." if permalink else f"{text}."
    return Message(f"{text}.", [section(shown)])

"""Log-collection checklist state: which steps of the procedure are done, by whom, when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cached_property


@dataclass(frozen=True)
class ThreadRef:
    """A Slack thread, named without Slack types: channel ID and the parent's ts."""

    channel: str
    thread_ts: str


@dataclass(frozen=True)
class StepState:
    step_id: str
    done: bool = False
    done_by: str | None = None  # user ID of whoever ticked it
    done_at: datetime | None = None


@dataclass(frozen=True)
class Checklist:
    id: int
    thread: ThreadRef
    entry_id: str  # the knowledge entry that led here (may be "" for a manual escalation)
    created_by: str
    created_at: datetime
    steps: tuple[StepState, ...]
    message_ts: str | None = None  # the bot's checklist message, once posted

    @property
    def done_count(self) -> int:
        return sum(1 for s in self.steps if s.done)

    @property
    def total(self) -> int:
        return len(self.steps)

    @property
    def complete(self) -> bool:
        return self.done_count == self.total

    def step(self, step_id: str) -> StepState | None:
        return self._by_id.get(step_id)

    @cached_property
    def _by_id(self) -> dict[str, StepState]:
        """A render asks for every step, twice: looked up, not searched."""
        return {s.step_id: s for s in reversed(self.steps)}  # the first wins, as before

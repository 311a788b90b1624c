"""Build domain objects from database rows the same way for both backends, so they can
only differ in SQL, never in what the caller gets back."""

from __future__ import annotations

import json
import statistics
from collections.abc import Callable, Iterable
from dataclasses import asdict, fields
from datetime import datetime
from typing import Any, Protocol

import orjson

from bot.domain.checklist import Checklist, StepState, ThreadRef
from bot.domain.handoff import Handoff, HandoffForm, HandoffState
from bot.domain.outbox import OutboxItem, OutboxKind, OutboxState
from bot.domain.stats import CodeStats, Stats

_FORM_FIELDS = frozenset(f.name for f in fields(HandoffForm))


class Row(Protocol):
    """sqlite3.Row and asyncpg.Record both read columns by name."""

    def __getitem__(self, key: str) -> Any: ...


# Turns a stored timestamp (None allowed) into an aware UTC datetime.
ToTime = Callable[[Any], Any]


def require_aware(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("store timestamps must be timezone-aware (UTC)")
    return moment


def form_to_json(form: HandoffForm) -> str:
    return json.dumps(asdict(form), sort_keys=True)


def form_from_json(text: str) -> HandoffForm:
    # Ignore keys a newer release may have added, so a rollback still reads its rows.
    data = json.loads(text)
    return HandoffForm(**{key: value for key, value in data.items() if key in _FORM_FIELDS})


def checklist_from_rows(row: Row, steps: Iterable[Row], to_time: ToTime) -> Checklist:
    return Checklist(
        id=row["id"],
        thread=ThreadRef(row["channel"], row["thread_ts"]),
        entry_id=row["entry_id"],
        created_by=row["created_by"],
        created_at=to_time(row["created_at"]),
        steps=tuple(
            StepState(
                step_id=step["step_id"],
                done=bool(step["done"]),
                done_by=step["done_by"],
                done_at=to_time(step["done_at"]),
            )
            for step in steps
        ),
        message_ts=row["message_ts"],
    )


def handoff_from_row(row: Row, to_time: ToTime) -> Handoff:
    return Handoff(
        id=row["id"],
        thread=ThreadRef(row["channel"], row["thread_ts"]),
        entry_id=row["entry_id"],
        form=form_from_json(row["form"]),
        requested_by=row["requested_by"],
        created_at=to_time(row["created_at"]),
        state=HandoffState(row["state"]),
        assignee=row["assignee"],
        taken_at=to_time(row["taken_at"]),
        resolved_by=row["resolved_by"],
        resolved_at=to_time(row["resolved_at"]),
        support_channel=row["support_channel"],
        support_message_ts=row["support_message_ts"],
    )


def build_stats(
    since: datetime,
    code_rows: Iterable[Row],
    opened: int,
    resolved_pairs: Iterable[tuple[datetime, datetime]],
) -> Stats:
    """``code_rows`` are (code, matches, fixed, not_fixed), already in display order;
    ``resolved_pairs`` are (created_at, resolved_at) of the hand-offs resolved since."""
    durations = [(done - created).total_seconds() for created, done in resolved_pairs]
    return Stats(
        since=since,
        codes=tuple(
            CodeStats(
                code=row["code"],
                matches=int(row["matches"]),
                fixed=int(row["fixed"]),
                not_fixed=int(row["not_fixed"]),
            )
            for row in code_rows
        ),
        escalations_opened=opened,
        escalations_resolved=len(durations),
        median_seconds_to_resolve=statistics.median(durations) if durations else None,
    )


_DECODE: Any = object()


def outbox_from_row(row: Row, to_time: ToTime, payload: Any = _DECODE) -> OutboxItem:
    """``payload``: the writer's own, when it has it, rather than decoding what it wrote."""
    if payload is _DECODE:
        payload = None if row["payload"] is None else orjson.loads(row["payload"])
    return OutboxItem(
        id=row["id"],
        kind=OutboxKind(row["kind"]),
        lane=row["lane"],
        payload=payload,
        created_at=to_time(row["created_at"]),
        due_at=to_time(row["due_at"]),
        attempts=int(row["attempts"]),
        state=OutboxState(row["state"]),
        last_error=row["last_error"],
        team_id=row["team_id"],
        handoff_id=row["handoff_id"],
    )

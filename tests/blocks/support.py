"""Domain objects and checks shared by the Block Kit builder tests."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from bot.blocks.limits import problems
from bot.domain.checklist import Checklist, StepState, ThreadRef
from bot.domain.handoff import Handoff, HandoffForm, HandoffState
from bot.domain.knowledge import (
    Actor,
    Category,
    Entry,
    KnowledgeBase,
    Link,
    Procedure,
    ProcedureStep,
)
from bot.domain.results import Match

# Everything Slack would turn into a ping, a link or hidden text if we echoed it raw.
HOSTILE = ("<!channel> <!here> <@U123> <https://evil.example|click> & @everyone :tada: 🎉 "
           "\u202egnp.exe\u202c \u200f\u05e9\u05dc\u05d5\u05dd\u200e \x00 end")
# What must never appear in mrkdwn or fallback text after HOSTILE went through a builder.
FORBIDDEN = ("<!channel", "<!here", "<@U123", "<https://evil", "\x00", "\u202e", "@everyone",
             "@here", "@channel")
LONG = "x" * 40_000
TICKER = "UTICK1"  # a real-looking user ID for our own mentions
WHEN = datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)  # epoch 1700000000


def make_entry(code: str = "ESTS_TOKEN_ERROR", message: str | None = None, **kw: Any) -> Entry:
    fields: dict[str, Any] = {
        "category": Category.ERROR,
        "actor": Actor.ADMIN,
        "summary": f"Summary of {code}",
        "meaning": f"What {code} means.",
        "steps": ("Check the certificate.", "Restart the NPS service."),
        "links": (Link("NPS extension troubleshooting",
                       "https://learn.microsoft.com/entra/identity/authentication/nps"),),
    }
    fields.update(kw)
    return Entry(code=code, message=message, **fields)


def make_match(entry: Entry, matched: str = "ESTS_TOKEN_ERROR", score: int = 100,
               **kw: Any) -> Match:
    return Match(entry=entry, score=score, start=0, end=len(matched), matched_text=matched, **kw)


def make_procedure(steps: int = 9, **kw: Any) -> Procedure:
    return Procedure(
        title=kw.pop("title", "Collect NPS extension logs"),
        intro=kw.pop("intro", "Support needs these logs to open a case."),
        steps=tuple(
            ProcedureStep(
                id=f"s{i}",
                title=kw.get("step_title", f"Step {i} title"),
                detail=kw.get("detail", f"Detail of step {i}."),
                commands=kw.get("commands", (f"Get-Thing -Id {i} | Out-File C:\\NPS\\s{i}.txt",)
                                if i % 2 else ()),
            )
            for i in range(1, steps + 1)
        ),
        links=kw.get("links", (Link("Collect logs", "https://learn.microsoft.com/nps-logs"),)),
    )


def make_checklist(procedure: Procedure, done: int = 0, checklist_id: int = 7,
                   by: str = TICKER) -> Checklist:
    return Checklist(
        id=checklist_id,
        thread=ThreadRef("C0123", "1700000000.000100"),
        entry_id="ESTS_TOKEN_ERROR",
        created_by=TICKER,
        created_at=WHEN,
        steps=tuple(
            StepState(s.id, True, by, WHEN) if i < done else StepState(s.id)
            for i, s in enumerate(procedure.steps)
        ),
    )


def make_handoff(state: HandoffState = HandoffState.OPEN, form: HandoffForm | None = None,
                 **kw: Any) -> Handoff:
    fields: dict[str, Any] = {
        "id": kw.pop("handoff_id", 12),
        "thread": ThreadRef("C0123", "1700000000.000100"),
        "entry_id": "ESTS_TOKEN_ERROR",
        "form": form or HandoffForm(
            tenant_id="72f988bf-86f1-41af-91ab-2d7cd011db47", upn="alice@contoso.com",
            correlation_id="3f2504e0-4f89-11d3-9a0c-0305e82c3301",
            occurred_at="2023-11-14 22:13 UTC", what_happened="Users get no push.",
            logs_attached=True,
        ),
        "requested_by": TICKER,
        "created_at": WHEN,
        "state": state,
        "assignee": "USUPPORT1" if state is not HandoffState.OPEN else None,
        "resolved_by": "USUPPORT1" if state is HandoffState.RESOLVED else None,
        "support_channel": "CSUPPORT",
    }
    fields.update(kw)
    return Handoff(**fields)


def make_kb(entries: tuple[Entry, ...], procedure: Procedure | None = None) -> KnowledgeBase:
    return KnowledgeBase(entries, procedure or make_procedure())


def _walk(node: Any, key: str = "") -> Iterator[tuple[str, Any, dict | None]]:
    if isinstance(node, dict):
        for k, v in node.items():
            if isinstance(v, str):
                yield k, v, node
            else:
                yield from _walk(v, k)
    elif isinstance(node, list):
        for item in node:
            yield from _walk(item, key)


def mrkdwn_texts(payload: dict[str, Any]) -> list[str]:
    """Every string Slack parses for pings and links: mrkdwn text objects and the fallback."""
    found = [payload["text"]] if isinstance(payload.get("text"), str) else []
    found += [v for k, v, parent in _walk(payload.get("blocks", []))
              if k == "text" and parent and parent.get("type") == "mrkdwn"]
    return found


def shown_strings(payload: Any) -> list[str]:
    """Every string a person can see; button values go back to us, never on screen."""
    return [v for k, v, _ in _walk(payload) if k != "value"]


def assert_valid(payload: dict[str, Any], surface: str = "message") -> None:
    assert problems(payload, surface=surface) == []


def assert_inert(payload: dict[str, Any]) -> None:
    """No ping, link or hidden character from the input survives into parsed text; plain_text
    and input values are shown as typed by Slack but must still lose hidden characters."""
    for text in mrkdwn_texts(payload):
        for bad in FORBIDDEN:
            assert bad not in text, (bad, text[:300])
    for text in shown_strings(payload):
        assert "\x00" not in text and "\u202e" not in text


def buttons(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every button, in actions blocks and section accessories, in order."""
    found = []
    for block in blocks:
        elements = block.get("elements", []) if block["type"] == "actions" else []
        if block.get("accessory"):
            elements = [block["accessory"]]
        found += [e for e in elements if e.get("type") == "button"]
    return found


def joined(blocks: list[dict[str, Any]]) -> str:
    """All visible text of ``blocks``, for "is it shown" checks."""
    return "\n".join(v for k, v, _ in _walk(blocks) if k == "text")

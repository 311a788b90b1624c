"""The bundle reply and the hand-off's logs text: within Block Kit's limits and inert, whatever
the zip's file names say and however many errors the logs hold."""

from __future__ import annotations

from datetime import timedelta

from bot.blocks.bundle import (
    bundle_message,
    bundle_refused_message,
    handoff_logs_text,
    verified_line,
)
from bot.domain.bundle.report import BundleReport, ErrorSummary, FileFinding
from bot.knowledge_files import load_knowledge
from tests.blocks.support import HOSTILE, LONG, WHEN, assert_inert, assert_valid

PROCEDURE = load_knowledge().procedure


def report(name: str = "NPS.zip", errors: int = 2, files: int = 6,
           missing: tuple[str, ...] = ()) -> BundleReport:
    kinds = ["extension-trace", "network-trace", "authn-log", "authz-log", "authz-admin-log"]
    present = tuple(k for k in kinds if k not in missing)
    return BundleReport(
        file_name=name,
        files=tuple(FileFinding(f"NPS/{name}-{i}.evtx", kinds[i % 5], "ok", "evtx", 10)
                    for i in range(files)),
        present=present, empty=(), missing=missing, ticks=("zip-and-attach",),
        errors=tuple(ErrorSummary(f"CODE_{i}{name}", f"CODE_{i}{name}", f"id{i}", 1000 - i,
                                  WHEN, WHEN + timedelta(hours=i), i, (f"AADSTS5001{i}", name))
                     for i in range(errors)),
        extension_events=5000, unknown_errors=3,
    )


def test_a_bundle_reply_is_valid_and_lists_what_arrived() -> None:
    message = bundle_message(report(), PROCEDURE, ["zip-and-attach", "export-event-logs"])
    payload = {"text": message.text, "blocks": message.blocks}
    assert_valid(payload)
    text = str(payload)
    assert "AuthZOptCh event log" in text and "steps 8, 10" in text
    assert "CODE_0NPS.zip* × 1,000" in text and "0 users" in text


def test_missing_artifacts_name_their_step() -> None:
    message = bundle_message(report(missing=("authz-log",)), PROCEDURE, [])
    text = str(message.blocks)
    assert ":x: AuthZOptCh event log: missing. It comes from step 8" in text
    assert "Missing or empty: AuthZOptCh event log" in message.text


def test_hostile_and_huge_inputs_stay_valid_and_inert() -> None:
    for name in (HOSTILE, LONG, "a/" * 5000 + HOSTILE):
        big = report(name=name, errors=300, files=900)
        for message in (bundle_message(big, PROCEDURE, [s.id for s in PROCEDURE.steps]),
                        bundle_refused_message(name, HOSTILE)):
            payload = {"text": message.text, "blocks": message.blocks}
            assert_valid(payload)
            assert_inert(payload)
        text = handoff_logs_text([big] * 30)
        assert len(text) <= 3000
        assert_inert({"blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": text}}]})


def test_the_verified_line_covers_every_bundle_of_the_thread() -> None:
    first = report(name="NPS.zip", missing=("authz-log",))
    second = report(name="AuthZ.zip", missing=("authn-log", "authz-admin-log",
                                              "extension-trace", "network-trace"))
    assert "missing" not in verified_line([first, second])
    assert "missing: AuthZOptCh event log" in verified_line([first])


def test_the_checklist_says_which_file_ticked_a_step() -> None:
    from bot.blocks.checklist import checklist_message
    from bot.domain.bundle.report import tick_sources
    from tests.blocks.support import make_checklist, make_procedure

    procedure = make_procedure(steps=12)
    checklist = make_checklist(procedure, done=3, by="UBOT")
    bundle = BundleReport(HOSTILE + ".zip", (), (), (), (), ("s1", "s2", "s11"),
                          ticked_by="UBOT")
    sources = tick_sources([bundle], checklist)
    assert sorted(sources) == ["s1", "s2"]  # s11 is not done (unticked since)
    assert tick_sources([bundle], make_checklist(procedure, done=3, by="UALICE")) == {}
    message = checklist_message(procedure, checklist, None, support_configured=True,
                                sources=sources)
    payload = {"text": message.text, "blocks": message.blocks}
    assert_valid(payload)
    assert_inert(payload)
    assert str(payload).count(" from ") == 2

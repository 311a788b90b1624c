"""The bundle checker and summariser, on bundles built in the test."""

from __future__ import annotations

import pytest

from bot.domain.bundle import BundleRejected, analyse
from bot.domain.knowledge import KnowledgeBase
from bot.domain.matching import Matcher
from bot.knowledge_files import load_knowledge
from tests.bundle.fixtures import START, complete_bundle, zip_of


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge()


@pytest.fixture(scope="module")
def matcher(kb: KnowledgeBase) -> Matcher:
    return Matcher(kb)


def steps(kb: KnowledgeBase) -> list[str]:
    return [s.id for s in kb.procedure.steps]


def test_complete_bundle_ticks_the_steps_whose_output_arrived(kb, matcher) -> None:
    report = analyse(zip_of(complete_bundle()), "NPS.zip", matcher, steps(kb))
    assert report.missing == () and report.empty == ()
    assert set(report.ticks) == {
        "start-network-trace", "stop-network-trace", "start-extension-trace",
        "stop-extension-trace", "export-event-logs", "zip-and-attach"}
    by_code = {e.code: e for e in report.errors}
    support = by_code["CONTACT_SUPPORT"]
    assert support.count == 4  # three in AuthZOptCh, one in AuthZAdminCh
    assert support.users == 3  # alice twice, bob, erin
    assert support.first == START and support.last is not None and support.last > START
    assert by_code["ESTS_TOKEN_ERROR"].count == 1
    assert report.extension_events == 7


def test_missing_authz_export_is_named_with_its_step(kb, matcher) -> None:
    report = analyse(zip_of(complete_bundle(without=("AuthZOptCh",))), "NPS.zip", matcher,
                     steps(kb))
    assert report.missing == ("authz-log",)
    assert "export-event-logs" not in report.ticks
    assert "stop-extension-trace" in report.ticks


def test_report_round_trips_through_its_stored_form(kb, matcher) -> None:
    from bot.domain.bundle import BundleReport

    report = analyse(zip_of(complete_bundle()), "NPS.zip", matcher, steps(kb))
    assert BundleReport.from_dict(report.as_dict()) == report


def test_a_zip_of_something_else_is_refused(kb, matcher) -> None:
    with pytest.raises(BundleRejected) as refused:
        analyse(zip_of({"report.pdf": b"%PDF-1.7 ..."}), "stuff.zip", matcher, steps(kb))
    assert refused.value.kind == "foreign"


def test_inner_causes_the_knowledge_base_names_are_summarised(kb, matcher) -> None:
    from tests.bundle.evtx_writer import write_evtx
    from tests.bundle.fixtures import AUTHZ, ests_error, events

    disabled = ests_error("a@contoso.com") + " Inner: AADSTS7000112: Application is disabled."
    log = write_evtx(events(AUTHZ, (disabled, 2), (disabled.replace("a@", "b@"), 2),
                            (ests_error("c@contoso.com"), 2)))
    report = analyse(zip_of({"NPS/NPS01_AuthZOptCh.evtx": log}), "NPS.zip", matcher, steps(kb))
    [error] = report.errors
    assert (error.code, error.count, error.users) == ("ESTS_TOKEN_ERROR", 3, 3)
    assert error.causes == ("AADSTS7000112",)

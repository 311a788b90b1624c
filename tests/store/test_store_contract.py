"""The Store contract, one body per behaviour, run against every backend."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from bot.domain.checklist import ThreadRef
from bot.domain.handoff import HandoffForm, HandoffState
from bot.domain.stats import CodeStats
from bot.store import Store, StoreError

from .helpers import FakeClock, OpenStore

TEAM = "T0001"
THREAD = ThreadRef("C0GENERAL", "1767225600.000100")
STEPS = ("enable-logs", "reproduce", "collect-authz", "collect-nps", "zip")
FORM = HandoffForm(
    tenant_id="72f988bf-86f1-41af-91ab-2d7cd011db47",
    upn="alice@contoso.com",
    correlation_id="0b5c1c4e-2b1a-4d3f-9f8e-1a2b3c4d5e6f",
    occurred_at="2026-03-02 08:55 UTC",
    what_happened="VPN sign-in rejected, no push",
    logs_attached=True,
)


async def new_checklist(store: Store, thread: ThreadRef = THREAD):
    checklist, created = await store.create_checklist(TEAM, thread, "CID_ERROR", STEPS, "U_ASK")
    assert created
    return checklist


async def new_handoff(store: Store, thread: ThreadRef = THREAD, team: str = TEAM):
    handoff, created = await store.create_handoff(
        team, thread, "ESTS_TOKEN_ERROR", FORM, "U_ASK", "C0SUPPORT"
    )
    assert created
    return handoff


# migrations and restarts ------------------------------------------------------------------
async def test_reopening_migrates_nothing_and_keeps_data(store: Store, open_more: OpenStore):
    assert await store.claim_event("Ev1")
    await store.close()
    for _ in range(2):
        again = await open_more()
        await again.ping()
        assert not await again.claim_event("Ev1")
        await again.close()


async def test_stores_opened_at_the_same_moment_all_work(open_more: OpenStore):
    stores = await asyncio.gather(*(open_more() for _ in range(3)))
    claims = await asyncio.gather(*(s.claim_event(f"Ev{i}") for i, s in enumerate(stores)))
    assert claims == [True, True, True]
    assert not await stores[0].claim_event("Ev2")


async def test_restart_keeps_checklist_and_handoff(
    store: Store, open_more: OpenStore, clock: FakeClock
):
    checklist = await new_checklist(store)
    ticked_at = clock.advance(30)
    await store.set_step(checklist.id, "reproduce", True, "U_TICK")
    await store.set_checklist_message(checklist.id, "1767225601.000200")
    handoff = await new_handoff(store)
    await store.take_handoff(handoff.id, "U_SUPPORT")
    await store.close()

    reopened = await open_more()
    kept = await reopened.get_checklist(THREAD)
    assert kept is not None
    assert kept.message_ts == "1767225601.000200"
    assert kept.step("reproduce").done_by == "U_TICK"
    assert kept.step("reproduce").done_at == ticked_at
    assert kept.done_count == 1
    taken = await reopened.get_handoff(handoff.id)
    assert (taken.state, taken.assignee, taken.form) == (HandoffState.TAKEN, "U_SUPPORT", FORM)


# event de-duplication ----------------------------------------------------------------------
async def test_claim_event_first_retry_and_after_purge(store: Store, clock: FakeClock):
    assert await store.claim_event("Ev1")
    assert not await store.claim_event("Ev1")
    clock.advance(60)
    assert await store.claim_event("Ev2")

    assert await store.purge_events(clock.now - timedelta(seconds=30)) == 1  # Ev1 only
    assert await store.claim_event("Ev1")
    assert not await store.claim_event("Ev2")
    assert await store.purge_events(clock.now + timedelta(seconds=1)) == 2


async def test_concurrent_claims_of_one_event_have_one_winner(
    store: Store, open_more: OpenStore
):
    other = await open_more()  # a second replica / process
    results = await asyncio.gather(
        *((store if i % 2 else other).claim_event("EvSame") for i in range(24))
    )
    assert sorted(results) == [False] * 23 + [True]


# checklist --------------------------------------------------------------------------------
async def test_create_checklist_is_idempotent_per_thread(store: Store, clock: FakeClock):
    created_at = clock.now
    first = await new_checklist(store)
    assert [s.step_id for s in first.steps] == list(STEPS)
    assert not any(s.done for s in first.steps)
    assert (first.thread, first.entry_id, first.created_by) == (THREAD, "CID_ERROR", "U_ASK")
    assert first.created_at == created_at
    assert first.created_at.utcoffset() == timedelta(0)

    clock.advance(5)
    second, created = await store.create_checklist(TEAM, THREAD, "OTHER", ("x",), "U_OTHER")
    assert not created
    assert second == first
    assert await store.get_checklist(THREAD) == first
    assert await store.get_checklist_by_id(first.id) == first
    assert await store.get_checklist(ThreadRef("C0GENERAL", "1.1")) is None
    assert await store.get_checklist_by_id(first.id + 1000) is None


async def test_tick_and_untick_a_step(store: Store, clock: FakeClock):
    checklist = await new_checklist(store)
    ticked_at = clock.advance(10)
    ticked = await store.set_step(checklist.id, "collect-nps", True, "U_TICK")
    step = ticked.step("collect-nps")
    assert (step.done, step.done_by, step.done_at) == (True, "U_TICK", ticked_at)
    assert step.done_at.utcoffset() == timedelta(0)
    assert ticked.done_count == 1
    assert [s.step_id for s in ticked.steps] == list(STEPS)

    clock.advance(10)
    unticked = await store.set_step(checklist.id, "collect-nps", False, "U_OTHER")
    step = unticked.step("collect-nps")
    assert (step.done, step.done_by, step.done_at) == (False, None, None)
    assert unticked.done_count == 0


async def test_ticking_a_ticked_step_keeps_the_first_ticker(store: Store, clock: FakeClock):
    checklist = await new_checklist(store)
    first_at = clock.now
    await store.set_step(checklist.id, "zip", True, "U_FIRST")
    clock.advance(20)
    again = await store.set_step(checklist.id, "zip", True, "U_SECOND")
    assert (again.step("zip").done_by, again.step("zip").done_at) == ("U_FIRST", first_at)


async def test_unknown_checklist_or_step_is_an_error(store: Store):
    checklist = await new_checklist(store)
    with pytest.raises(StoreError, match="no-such-step"):
        await store.set_step(checklist.id, "no-such-step", True, "U_TICK")
    with pytest.raises(StoreError):
        await store.set_step(checklist.id + 1000, "zip", True, "U_TICK")
    with pytest.raises(StoreError):
        await store.set_checklist_message(checklist.id + 1000, "1.2")
    assert await store.get_checklist_by_id(checklist.id) == checklist


async def test_concurrent_ticks_from_two_replicas_are_all_kept(
    store: Store, open_more: OpenStore
):
    other = await open_more()
    many = tuple(f"step-{i}" for i in range(12))
    checklist, _ = await store.create_checklist(TEAM, THREAD, "E", many, "U_ASK")
    await asyncio.gather(
        *(
            (store, other)[i % 2].set_step(checklist.id, step, True, f"U{i}")
            for i, step in enumerate(many)
        )
    )
    final = await other.get_checklist_by_id(checklist.id)
    assert final.complete
    assert [s.done_by for s in final.steps] == [f"U{i}" for i in range(12)]


# hand-off ----------------------------------------------------------------------------------
async def test_handoff_lifecycle(store: Store, clock: FakeClock):
    created_at = clock.now
    handoff = await new_handoff(store)
    assert (handoff.state, handoff.form, handoff.requested_by) == (
        HandoffState.OPEN, FORM, "U_ASK"
    )
    assert (handoff.thread, handoff.entry_id, handoff.support_channel) == (
        THREAD, "ESTS_TOKEN_ERROR", "C0SUPPORT"
    )
    assert handoff.created_at == created_at
    await store.set_handoff_message(handoff.id, "1767225700.000300")

    taken_at = clock.advance(60)
    taken, changed = await store.take_handoff(handoff.id, "U_SUPPORT")
    assert changed
    assert (taken.state, taken.assignee, taken.taken_at) == (
        HandoffState.TAKEN, "U_SUPPORT", taken_at
    )
    assert taken.support_message_ts == "1767225700.000300"

    clock.advance(60)
    again, changed = await store.take_handoff(handoff.id, "U_LATE")
    assert not changed
    assert again == taken

    resolved_at = clock.advance(60)
    resolved, changed = await store.resolve_handoff(handoff.id, "U_SUPPORT")
    assert changed
    assert (resolved.state, resolved.resolved_by, resolved.resolved_at) == (
        HandoffState.RESOLVED, "U_SUPPORT", resolved_at
    )
    assert resolved.assignee == "U_SUPPORT"

    clock.advance(60)
    assert await store.resolve_handoff(handoff.id, "U_OTHER") == (resolved, False)
    assert await store.take_handoff(handoff.id, "U_OTHER") == (resolved, False)
    assert await store.get_handoff(handoff.id) == resolved


async def test_resolving_an_open_handoff_skips_taken(store: Store):
    handoff = await new_handoff(store)
    resolved, changed = await store.resolve_handoff(handoff.id, "U_ASK")
    assert changed
    assert (resolved.state, resolved.assignee, resolved.taken_at) == (
        HandoffState.RESOLVED, None, None
    )


async def test_unknown_handoff_is_an_error(store: Store):
    assert await store.get_handoff(4242) is None
    for call in (store.take_handoff, store.resolve_handoff):
        with pytest.raises(StoreError):
            await call(4242, "U_SUPPORT")
    with pytest.raises(StoreError):
        await store.set_handoff_message(4242, "1.2")


async def test_one_unresolved_handoff_per_thread(store: Store, clock: FakeClock):
    first = await new_handoff(store)
    await store.take_handoff(first.id, "U_SUPPORT")
    clock.advance(5)
    same, created = await store.create_handoff(
        TEAM, THREAD, "OTHER", HandoffForm(), "U_OTHER", "C0OTHER"
    )
    assert not created
    assert same == await store.get_handoff(first.id)

    await store.resolve_handoff(first.id, "U_SUPPORT")
    clock.advance(5)
    second = await new_handoff(store)
    assert second.id != first.id
    assert await store.get_handoff_for_thread(THREAD) == second
    assert await store.get_handoff_for_thread(ThreadRef("C0GENERAL", "9.9")) is None


async def test_concurrent_handoffs_for_one_thread_from_two_replicas(
    store: Store, open_more: OpenStore
):
    other = await open_more()
    results = await asyncio.gather(
        *(
            (store, other)[i % 2].create_handoff(TEAM, THREAD, "E", FORM, f"U{i}", "C0SUP")
            for i in range(8)
        )
    )
    assert sorted(created for _, created in results) == [False] * 7 + [True]
    assert len({handoff.id for handoff, _ in results}) == 1


async def test_list_handoffs_by_team_and_state_newest_first(store: Store, clock: FakeClock):
    oldest = await new_handoff(store, ThreadRef("C1", "1.0"))
    clock.advance(1)
    middle = await new_handoff(store, ThreadRef("C1", "2.0"))
    clock.advance(1)
    newest = await new_handoff(store, ThreadRef("C1", "3.0"))
    await new_handoff(store, ThreadRef("C1", "4.0"), team="T_OTHER")
    middle, _ = await store.take_handoff(middle.id, "U_SUPPORT")
    newest, _ = await store.resolve_handoff(newest.id, "U_SUPPORT")

    unresolved = await store.list_handoffs(TEAM, [HandoffState.OPEN, HandoffState.TAKEN])
    assert unresolved == [middle, oldest]
    everything = await store.list_handoffs(TEAM, list(HandoffState))
    assert [h.id for h in everything] == [newest.id, middle.id, oldest.id]
    assert await store.list_handoffs(TEAM, []) == []


async def test_count_handoffs_by_state_across_teams(store: Store):
    assert await store.count_handoffs_by_state() == dict.fromkeys(HandoffState, 0)
    first = await new_handoff(store, ThreadRef("C1", "1.0"))
    taken = await new_handoff(store, ThreadRef("C1", "2.0"))
    await new_handoff(store, ThreadRef("C1", "3.0"), team="T_OTHER")
    await store.take_handoff(taken.id, "U_SUPPORT")
    await store.resolve_handoff(first.id, "U_SUPPORT")
    assert await store.count_handoffs_by_state() == {
        HandoffState.OPEN: 1, HandoffState.TAKEN: 1, HandoffState.RESOLVED: 1}


# feedback and statistics ------------------------------------------------------------------
async def test_feedback_one_vote_per_user_per_card(store: Store, clock: FakeClock):
    since = clock.now
    assert await store.record_feedback(TEAM, "CID_ERROR", "1.1", "U1", True)
    assert not await store.record_feedback(TEAM, "CID_ERROR", "1.1", "U1", True)
    assert await store.record_feedback(TEAM, "CID_ERROR", "1.1", "U1", False)
    assert not await store.record_feedback(TEAM, "CID_ERROR", "1.1", "U1", False)
    assert await store.record_feedback(TEAM, "CID_ERROR", "1.1", "U2", False)
    assert await store.record_feedback(TEAM, "CID_ERROR", "2.2", "U1", True)

    stats = await store.stats(TEAM, since)
    assert stats.codes == (CodeStats("CID_ERROR", matches=0, fixed=1, not_fixed=2),)


async def test_stats_after_a_scripted_week(store: Store, clock: FakeClock):
    # Before the window: counted nowhere.
    await store.record_match(TEAM, "CID_ERROR")
    await store.record_feedback(TEAM, "CID_ERROR", "0.1", "U1", True)
    early = await new_handoff(store, ThreadRef("C1", "0.1"))
    clock.advance(3600)
    since = clock.now

    # In the window.
    for code, times in (("ESTS_TOKEN_ERROR", 3), ("CID_ERROR", 2), ("ACCESS_DENIED", 2)):
        for _ in range(times):
            await store.record_match(TEAM, code)
    await store.record_match("T_OTHER", "ESTS_TOKEN_ERROR")
    await store.record_feedback(TEAM, "ESTS_TOKEN_ERROR", "1.1", "U1", True)
    await store.record_feedback(TEAM, "ESTS_TOKEN_ERROR", "1.1", "U2", False)
    await store.record_feedback(TEAM, "ESTS_TOKEN_ERROR", "1.1", "U2", True)  # changed vote
    await store.record_feedback(TEAM, "CID_ERROR", "1.2", "U3", False)
    await store.record_feedback(TEAM, "REPAIR_ONLY", "1.3", "U3", True)  # votes, no match
    await store.record_feedback("T_OTHER", "CID_ERROR", "9.9", "U9", False)

    a = await new_handoff(store, ThreadRef("C1", "1.1"))
    b = await new_handoff(store, ThreadRef("C1", "1.2"))
    await new_handoff(store, ThreadRef("C1", "1.3"))  # stays open
    await new_handoff(store, ThreadRef("C1", "1.4"), team="T_OTHER")
    clock.advance(60)
    await store.resolve_handoff(early.id, "U_S")  # opened before, resolved in the window
    clock.advance(60)
    await store.take_handoff(a.id, "U_S")
    await store.resolve_handoff(a.id, "U_S")  # 120 s after creation
    clock.advance(240)
    await store.resolve_handoff(b.id, "U_S")  # 360 s

    stats = await store.stats(TEAM, since)
    assert stats.since == since
    assert stats.codes == (
        CodeStats("ESTS_TOKEN_ERROR", matches=3, fixed=2, not_fixed=0),
        CodeStats("ACCESS_DENIED", matches=2),
        CodeStats("CID_ERROR", matches=2, fixed=0, not_fixed=1),
        CodeStats("REPAIR_ONLY", matches=0, fixed=1, not_fixed=0),
    )
    assert stats.escalations_opened == 3
    assert stats.escalations_resolved == 3
    # early: 3600 + 60 s; a: 120 s; b: 360 s
    assert stats.median_seconds_to_resolve == 360.0

    later = await store.stats(TEAM, clock.advance(1))
    assert later.codes == ()
    assert (later.escalations_opened, later.escalations_resolved) == (0, 0)
    assert later.median_seconds_to_resolve is None


# attached log bundles --------------------------------------------------------------------
def bundle_report(name: str, count: int):
    from datetime import UTC, datetime

    from bot.domain.bundle.report import BundleReport, ErrorSummary, FileFinding

    at = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
    return BundleReport(
        file_name=name,
        files=(FileFinding("NPS/NPS01_AuthZOptCh.evtx", "authz-log", "ok", "evtx", count),),
        present=("authz-log",), empty=(), missing=("authn-log",), ticks=("zip-and-attach",),
        errors=(ErrorSummary("CONTACT_SUPPORT", "CONTACT_SUPPORT", "CONTACT_SUPPORT", count,
                             at, at + timedelta(hours=1), 2, ("AADSTS50012",)),),
        extension_events=count,
    )


async def test_bundle_reports_are_kept_per_thread_oldest_first(
    store: Store, open_more: OpenStore
):
    other = ThreadRef("C0OTHER", "1767225600.000900")
    first, second = bundle_report("NPS.zip", 3), bundle_report("AuthZ.evtx", 5)
    await store.add_bundle_report(THREAD, first)
    await store.add_bundle_report(THREAD, second)
    await store.add_bundle_report(other, bundle_report("else.zip", 1))
    assert await store.list_bundle_reports(THREAD) == [first, second]
    assert await store.list_bundle_reports(ThreadRef("C0NONE", "1.2")) == []
    await store.close()
    reopened = await open_more()
    assert await reopened.list_bundle_reports(other) == [bundle_report("else.zip", 1)]


# batched match counts -----------------------------------------------------------------------
def _matches(stats) -> list[tuple[str, int]]:
    return [(c.code, c.matches) for c in stats.codes]


async def test_matches_are_counted_in_memory_and_written_in_one_batch(
    store: Store, open_more: OpenStore, clock: FakeClock
):
    other = await open_more()  # another replica reads only what was written
    counted_at = clock.now
    await store.record_match(TEAM, "CID_ERROR")
    await store.record_match(TEAM, "CID_ERROR")
    clock.advance(60)
    assert _matches(await other.stats(TEAM, counted_at)) == []
    assert await store.flush_matches() == 2
    assert await store.flush_matches() == 0
    assert _matches(await other.stats(TEAM, counted_at)) == [("CID_ERROR", 2)]
    # Stamped when counted, not when written.
    assert _matches(await other.stats(TEAM, counted_at + timedelta(seconds=1))) == []


async def test_reading_stats_and_closing_write_the_counted_matches(
    store: Store, open_more: OpenStore, clock: FakeClock
):
    since = clock.now
    await store.record_match(TEAM, "ACCESS_DENIED")
    assert _matches(await store.stats(TEAM, since)) == [("ACCESS_DENIED", 1)]
    await store.record_match(TEAM, "ACCESS_DENIED")
    await store.close()  # a SIGTERM's shutdown closes the store: nothing counted is lost
    again = await open_more()
    assert _matches(await again.stats(TEAM, since)) == [("ACCESS_DENIED", 2)]

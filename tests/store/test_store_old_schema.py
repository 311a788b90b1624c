"""Databases written by the release before the statements were said once (commit 09c1548,
schema version 2) open and work: the DDL text of that release is kept in schema_09c1548/."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.domain.checklist import ThreadRef
from bot.domain.handoff import HandoffForm, HandoffState
from bot.store import Store, migrations, open_store

from .helpers import FakeClock, PostgresTarget

OLD = Path(__file__).parent / "schema_09c1548"
THREAD = ThreadRef("C0OLD", "1700000000.000100")


def old_statements(backend: str) -> list[str]:
    text = "\n".join(
        line for line in (OLD / f"{backend}.sql").read_text().splitlines()
        if not line.startswith("--")
    )
    return [statement.strip() for statement in text.split(";") if statement.strip()]


def _words(statement: str) -> str:
    return " ".join(statement.split())


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_the_rendered_schema_is_the_old_one(backend: str):
    # Versions 1 and 2 are that release's; later ones are added on top of it.
    rendered = [s for version in getattr(migrations, backend.upper())[:2] for s in version]
    assert [_words(s) for s in rendered] == [_words(s) for s in old_statements(backend)]


async def _use(store: Store, clock: FakeClock) -> None:
    """What the bot does on an old database: rows written before the upgrade still count."""
    await store.ping()
    assert not await store.claim_event("EvOLD")  # claimed by the old release
    assert await store.claim_event("EvNEW")
    await store.record_match("T0OLD", "11031")
    stats = await store.stats("T0OLD", datetime(2026, 1, 1, tzinfo=UTC))
    assert [(c.code, c.matches, c.fixed) for c in stats.codes] == [("11031", 2, 1)]
    old = await store.get_checklist(THREAD)
    assert old is not None and [s.step_id for s in old.steps] == ["a", "b"]
    ticked = await store.set_step(old.id, "b", True, "U0BOB")
    assert ticked.step("b").done and ticked.step("a").done_by == "U0ALICE"
    handoff, created = await store.create_handoff(
        "T0OLD", THREAD, "nps-11031", HandoffForm(), "U0ALICE", "C0SUPPORT"
    )
    assert created and handoff.state is HandoffState.OPEN
    assert (await store.count_handoffs_by_state())[HandoffState.OPEN] == 1


OLD_ROWS = [
    "INSERT INTO events (event_id, received_at) VALUES ('EvOLD', {t})",
    "INSERT INTO matches (team_id, code, at) VALUES ('T0OLD', '11031', {t})",
    "INSERT INTO feedback (message_ts, code, user_id, team_id, fixed, at) "
    "VALUES ('1.1', '11031', 'U0ALICE', 'T0OLD', {true}, {t})",
    "INSERT INTO checklists (team_id, channel, thread_ts, entry_id, created_by, created_at) "
    f"VALUES ('T0OLD', '{THREAD.channel}', '{THREAD.thread_ts}', 'nps-11031', 'U0ALICE', {{t}})",
    "INSERT INTO checklist_steps (checklist_id, step_id, position, done, done_by, done_at) "
    "VALUES (1, 'a', 0, {true}, 'U0ALICE', {t}), (1, 'b', 1, {false}, NULL, NULL)",
]


async def test_an_old_sqlite_file_opens_and_works(tmp_path: Path):
    path = tmp_path / "old.sqlite3"
    micros = (datetime(2026, 3, 1, tzinfo=UTC) - datetime(1970, 1, 1, tzinfo=UTC)) // (
        datetime.resolution)
    with sqlite3.connect(path) as conn:
        for statement in old_statements("sqlite"):
            conn.execute(statement)
        for row in OLD_ROWS:
            conn.execute(row.format(t=micros, true=1, false=0))
        conn.execute("PRAGMA user_version = 2")
    clock = FakeClock()
    store = await open_store(f"sqlite:///{path}", clock=clock)
    try:
        await _use(store, clock)
    finally:
        await store.close()
    with sqlite3.connect(path) as conn:
        # Migrated up to the latest version on top of the old one.
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(migrations.SQLITE)


@pytest.mark.postgres
async def test_an_old_postgres_schema_opens_and_works(postgres: PostgresTarget):
    admin, schema = postgres.admin, postgres.schema
    await admin.execute(f'CREATE SCHEMA "{schema}"')
    await admin.execute(f'SET search_path = "{schema}"')
    for statement in old_statements("postgres"):
        await admin.execute(statement)
    await admin.execute(
        "CREATE TABLE schema_version (version INTEGER PRIMARY KEY,"
        " applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
    )
    await admin.execute("INSERT INTO schema_version (version) VALUES (1), (2)")
    for row in OLD_ROWS:
        await admin.execute(
            row.format(t="'2026-03-01T00:00:00Z'", true="TRUE", false="FALSE")
        )
    await admin.execute("RESET search_path")
    clock = FakeClock()
    store = await open_store(postgres.url, clock=clock)
    try:
        await _use(store, clock)
    finally:
        await store.close()
    versions = await admin.fetch(f'SELECT version FROM "{schema}".schema_version')
    assert sorted(r["version"] for r in versions) == list(range(1, len(migrations.POSTGRES) + 1))

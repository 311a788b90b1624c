"""``mfa-bot doctor``, driven as an admin runs it (the CLI's main, or a subprocess), over
real HTTP to the Slack stand-in, on a real SQLite file and the real PostgreSQL."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from aiohttp import web
from slack_harness import (
    ALICE,
    APP_TOKEN,
    BOT_TOKEN,
    SIGNING_SECRET,
    SlackStandIn,
    bot_environ,
    free_port,
)

from bot.cli import main
from bot.slack.wiring.scopes import FEATURES
from bot.store import migrations, open_store
from tests.local_http import serving

REPO = Path(__file__).resolve().parents[2]
SUPPORT = "C0SUPPORT"
GROUP = "S0SUPPORT"
SETTINGS = ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "SLACK_API_URL",
            "PORT", "DATABASE_URL", "MFA_BOT_SUPPORT_CHANNEL", "MFA_BOT_SUPPORT_GROUP",
            "MFA_BOT_KNOWLEDGE_DIR", "LOG_LEVEL")
DB_PASSWORD = "Pg-Pass-9f8e7d6c5b"
LATEST = len(migrations.SQLITE)
assert len(migrations.POSTGRES) == LATEST


class Doctor:
    """Runs ``mfa-bot doctor`` with the stand-in's settings; a migrated SQLite file and
    the support channel and group are set up as on a healthy install."""

    def __init__(self, standin: SlackStandIn, tmp_path: Path,
                 monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
        self.standin, self.tmp_path = standin, tmp_path
        self.monkeypatch, self.capsys = monkeypatch, capsys
        self.database = f"sqlite:///{tmp_path / 'bot.sqlite3'}"
        standin.channels[SUPPORT] = {"name": "mfa-support", "is_member": True,
                                     "is_archived": False}
        monkeypatch.chdir(tmp_path)  # no .env from the repository

    async def migrate(self) -> None:
        store = await open_store(self.database)
        await store.close()

    async def __call__(self, *args: str, **env: str) -> tuple[int, str]:
        settings = {"DATABASE_URL": self.database, "MFA_BOT_SUPPORT_CHANNEL": SUPPORT,
                    "MFA_BOT_SUPPORT_GROUP": GROUP, **env}
        for name in SETTINGS:
            self.monkeypatch.delenv(name, raising=False)
        for name, value in bot_environ(self.standin, self.tmp_path, **settings).items():
            if value:
                self.monkeypatch.setenv(name, value)
        self.capsys.readouterr()
        # A thread of its own: main runs its own event loop while this one serves Slack.
        code = await asyncio.to_thread(main, ["doctor", *args])
        out = self.capsys.readouterr().out
        return code, out

    async def json(self, *args: str, **env: str) -> tuple[int, dict[str, dict[str, Any]]]:
        code, out = await self(*args, "--json", **env)
        report = json.loads(out)
        assert report["exit_code"] == code and report["ok"] is (code == 0)
        return code, {check["check"]: check for check in report["checks"]}


@pytest.fixture
async def doctor(standin, tmp_path, monkeypatch, capsys) -> Doctor:
    running = Doctor(standin, tmp_path, monkeypatch, capsys)
    await running.migrate()
    return running


def line(out: str, title: str) -> str:
    [found] = [row for row in out.splitlines() if row[2:].startswith(title)]
    return found


def fixes(out: str, title: str) -> list[str]:
    rows = out.splitlines()
    start = rows.index(line(out, title)) + 1
    found = []
    for row in rows[start:]:
        if not row.startswith("    → "):
            break
        found.append(row[len("    → "):])
    return found


# -- a healthy install ---------------------------------------------------------------------

async def test_a_healthy_install_passes_every_check(doctor):
    code, out = await doctor()
    assert code == 0, out
    for title in ("Bot token", "Scopes", "Signing secret", "App token", "Support channel",
                  "Support group", "Database", "Knowledge"):
        assert line(out, title).startswith("✔"), out
    assert "✘" not in out and "⚠" not in out
    assert "workspace Stand-in (T0TEST), bot user @mfa-bot (UBOT)" in line(out, "Bot token")
    assert f"all {len(FEATURES)} scopes" in line(out, "Scopes")
    assert "#mfa-support (C0SUPPORT), mfa-bot is a member" in line(out, "Support channel")
    assert "@s0support (S0SUPPORT), 1 member(s)" in line(out, "Support group")
    assert f"schema version {LATEST}, writable" in line(out, "Database")
    assert out.rstrip().endswith("All checks passed.")


async def test_json_gives_the_same_checks(doctor, standin):
    code, out = await doctor()
    json_code, checks = await doctor.json()
    assert json_code == code == 0
    assert list(checks) == ["bot_token", "scopes", "signing_secret", "app_token",
                            "support_channel", "support_group", "database", "knowledge"]
    assert {c["status"] for c in checks.values()} == {"pass"}
    for check in checks.values():
        assert check["summary"] in out
    standin.channels[SUPPORT]["is_member"] = False
    code, checks = await doctor.json()
    assert code == 1
    assert checks["support_channel"]["status"] == "fail"
    assert checks["support_channel"]["fixes"] == ["type /invite @mfa-bot in #mfa-support"]


# -- the bot token and its scopes ------------------------------------------------------------

async def test_a_token_missing_scopes_names_each_feature_it_disables(doctor, standin):
    standin.scopes = [f.scope for f in FEATURES if f.scope not in ("files:read", "im:history")]
    code, out = await doctor()
    assert code == 1
    assert line(out, "Scopes").startswith("✘")
    assert f"{len(FEATURES) - 2} of {len(FEATURES)} scopes granted" in line(out, "Scopes")
    assert fixes(out, "Scopes") == [
        "im:history missing: direct messages to the bot won't be seen; add it under "
        "oauth_config > scopes > bot in the manifest, then reinstall the app",
        "files:read missing: attached logs won't be read; add it under oauth_config > scopes "
        "> bot in the manifest, then reinstall the app",
    ]
    assert line(out, "Bot token").startswith("✔")


async def test_no_scope_list_from_slack_is_a_warning(doctor, standin):
    standin.scopes = None
    code, out = await doctor()
    assert code == 0
    assert line(out, "Scopes").startswith("⚠")
    assert "All checks passed, with 1 warning(s)." in out


async def test_a_rejected_token_fails_and_skips_the_checks_it_would_fail(doctor, standin):
    standin.answer("auth.test", {"ok": False, "error": "invalid_auth"})
    code, out = await doctor()
    assert code == 1
    assert "Slack rejected SLACK_BOT_TOKEN (invalid_auth)" in line(out, "Bot token")
    assert "OAuth & Permissions" in fixes(out, "Bot token")[0]
    for title in ("Scopes", "Support channel", "Support group"):
        assert line(out, title) == f"– {title.ljust(15)}  not checked: it needs a bot token " \
            "that Slack accepts"
    assert line(out, "Database").startswith("✔")  # the other checks still run
    assert "4 not checked" not in out and "3 not checked" in out


async def test_slack_out_of_reach_is_a_failure_not_a_traceback(doctor):
    code, out = await doctor(SLACK_API_URL=f"http://127.0.0.1:{free_port()}/api/")
    assert code == 1
    assert "Slack did not answer at http://127.0.0.1:" in line(out, "Bot token")
    assert "Traceback" not in out


async def test_a_silent_slack_is_asked_once_and_the_skipped_checks_are_named(
        doctor, monkeypatch):
    asked, waiting = [], []

    async def never_answers(request: web.Request) -> web.Response:
        asked.append(request.path)
        waiting.append(asyncio.current_task())
        await asyncio.Event().wait()
        raise AssertionError("unreachable")

    app = web.Application()
    app.router.add_post("/api/{method}", never_answers)
    monkeypatch.setattr("bot.doctor.SLACK_TIMEOUT", 0.3)
    async with serving(app) as port:
        try:
            code, out = await doctor(SLACK_API_URL=f"http://127.0.0.1:{port}/api/",
                                     SLACK_APP_TOKEN=APP_TOKEN)
        finally:
            for task in waiting:  # the handler never ends by itself
                task.cancel()
    assert code == 1
    assert "Slack did not answer" in line(out, "Bot token") and "Timeout" in out
    assert asked == ["/api/auth.test"]  # no retry, and no second wait for the app token
    for title in ("Scopes", "App token", "Support channel", "Support group"):
        assert line(out, title).endswith("not checked: Slack did not answer")
    assert line(out, "Database").startswith("✔")


# -- signing secret and app token ---------------------------------------------------------

async def test_a_signing_secret_of_the_wrong_shape_fails(doctor):
    code, out = await doctor(SLACK_SIGNING_SECRET="not-the-signing-secret")
    assert code == 1
    assert line(out, "Signing secret").startswith("✘")
    assert "Basic Information > App Credentials" in fixes(out, "Signing secret")[0]


async def test_socket_mode_opens_a_connection_with_the_app_token(doctor, standin):
    code, out = await doctor(SLACK_APP_TOKEN=APP_TOKEN, SLACK_SIGNING_SECRET="")
    assert code == 0, out
    assert "Socket Mode connections open" in line(out, "App token")
    assert "not needed in Socket Mode" in line(out, "Signing secret")
    [opened] = standin.of("apps.connections.open")
    assert opened.headers["Authorization"] == f"Bearer {APP_TOKEN}"


async def test_a_refused_app_token_fails(doctor, standin):
    standin.answer("apps.connections.open", {"ok": False, "error": "invalid_auth"})
    code, out = await doctor(SLACK_APP_TOKEN=APP_TOKEN)
    assert code == 1
    assert "Slack refused a Socket Mode connection (invalid_auth)" in line(out, "App token")
    assert "connections:write" in fixes(out, "App token")[0]


# -- support channel and group -----------------------------------------------------------------

async def test_a_channel_the_bot_is_not_in_fails(doctor, standin):
    standin.channels[SUPPORT]["is_member"] = False
    code, out = await doctor()
    assert code == 1
    assert "mfa-bot is not in #mfa-support" in line(out, "Support channel")
    assert fixes(out, "Support channel") == ["type /invite @mfa-bot in #mfa-support"]
    [asked] = standin.of("conversations.info")
    assert asked.body["channel"] == SUPPORT


async def test_an_archived_channel_fails(doctor, standin):
    standin.channels[SUPPORT]["is_archived"] = True
    code, out = await doctor()
    assert code == 1
    assert "#mfa-support is archived" in line(out, "Support channel")
    assert fixes(out, "Support channel") == [
        "unarchive #mfa-support, or set MFA_BOT_SUPPORT_CHANNEL to another channel"]


async def test_a_channel_slack_does_not_know_fails(doctor):
    code, out = await doctor(MFA_BOT_SUPPORT_CHANNEL="C0NOSUCH")
    assert code == 1
    assert "Slack knows no channel C0NOSUCH" in line(out, "Support channel")
    assert "/invite @mfa-bot" in fixes(out, "Support channel")[0]


async def test_no_support_channel_is_a_warning(doctor):
    code, out = await doctor(MFA_BOT_SUPPORT_CHANNEL="", MFA_BOT_SUPPORT_GROUP="")
    assert code == 0
    assert line(out, "Support channel").startswith("⚠ Support channel")
    assert "hand-offs to support are off" in line(out, "Support channel")
    assert "not set (optional)" in line(out, "Support group")


async def test_a_wrong_group_fails(doctor, standin):
    code, out = await doctor(MFA_BOT_SUPPORT_GROUP="S0WRONG")
    assert code == 1
    assert "no enabled user group has the ID S0WRONG" in line(out, "Support group")
    assert "not its @handle" in fixes(out, "Support group")[0]
    assert standin.of("usergroups.users.list") == []


async def test_a_group_without_members_fails(doctor, standin):
    standin.usergroups["S0EMPTY"] = []
    code, out = await doctor(MFA_BOT_SUPPORT_GROUP="S0EMPTY")
    assert code == 1
    assert "@s0empty (S0EMPTY) has no members" in line(out, "Support group")


async def test_a_group_the_token_may_not_read_fails(doctor, standin):
    standin.answer("usergroups.list", {"ok": False, "error": "missing_scope"})
    code, out = await doctor()
    assert code == 1
    assert "may not read user groups" in line(out, "Support group")
    assert fixes(out, "Support group")[0].startswith("usergroups:read is missing")


async def test_a_channel_the_token_may_not_read_fails(doctor, standin):
    standin.answer("conversations.info", {"ok": False, "error": "missing_scope"})
    code, out = await doctor()
    assert code == 1
    assert "mfa-bot may not read channel C0SUPPORT" in line(out, "Support channel")
    assert fixes(out, "Support channel")[0].startswith("channels:read (groups:read for a "
                                                       "private channel) is missing")


async def test_the_group_is_counted_as_slack_lists_it(doctor, standin):
    standin.usergroups[GROUP] = [ALICE, "U0BOB", "U0CAROL"]
    _, out = await doctor()
    assert "3 member(s)" in line(out, "Support group")


# -- the database ------------------------------------------------------------------------------

async def test_an_sqlite_file_that_does_not_exist_is_not_migrated(doctor, tmp_path):
    missing = tmp_path / "not-yet.sqlite3"
    code, out = await doctor(DATABASE_URL=f"sqlite:///{missing}")
    assert code == 1
    assert f"SQLite {missing} does not exist yet" in line(out, "Database")
    assert "mfa-bot run" in fixes(out, "Database")[0]
    assert not missing.exists()  # checking created nothing


async def test_an_sqlite_file_in_a_missing_directory_says_so(doctor, tmp_path):
    missing = tmp_path / "elsewhere" / "deeper" / "bot.sqlite3"
    code, out = await doctor(DATABASE_URL=f"sqlite:///{missing}")
    assert code == 1
    assert f"its directory {missing.parent} does not exist" in line(out, "Database")
    assert "typo" in fixes(out, "Database")[0]
    assert not missing.parent.parent.exists()  # checking created nothing


async def test_a_file_that_is_not_sqlite_is_named_so(doctor, tmp_path):
    other = tmp_path / "passwd"
    other.write_text("root:x:0:0:root:/root:/bin/bash\n")
    code, out = await doctor(DATABASE_URL=f"sqlite:///{other}")
    assert code == 1
    assert line(out, "Database").endswith(f"SQLite {other} is not an SQLite database")
    assert other.read_text().startswith("root:")  # untouched


async def test_an_sqlite_file_that_is_not_migrated_fails(doctor, tmp_path):
    empty = tmp_path / "empty.sqlite3"
    empty.write_bytes(b"")  # a zero-length file is a valid, empty SQLite database
    code, out = await doctor(DATABASE_URL=f"sqlite:///{empty}")
    assert code == 1
    assert (f"is not migrated: schema version 0, this release needs {LATEST}"
            in line(out, "Database"))
    assert empty.stat().st_size == 0  # and doctor did not migrate it


async def test_an_sqlite_file_from_the_previous_release_is_not_migrated(doctor, tmp_path):
    older = tmp_path / "older.sqlite3"
    conn = sqlite3.connect(older)
    for statements in migrations.SQLITE[:LATEST - 1]:
        for statement in statements:
            conn.execute(statement)
    conn.execute(f"PRAGMA user_version = {LATEST - 1}")
    conn.commit()
    conn.close()
    code, out = await doctor(DATABASE_URL=f"sqlite:///{older}")
    assert code == 1
    assert (f"is not migrated: schema version {LATEST - 1}, this release needs {LATEST}"
            in line(out, "Database"))
    assert fixes(out, "Database") == [
        "start `mfa-bot run` once: it creates or upgrades the tables at start-up"]


async def test_an_sqlite_file_from_a_newer_release_fails(doctor, tmp_path):
    conn = sqlite3.connect(tmp_path / "bot.sqlite3")
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    code, out = await doctor()
    assert code == 1
    assert (f"schema version 99, newer than this release knows ({LATEST})"
            in line(out, "Database"))


async def test_a_database_that_refuses_fails(doctor):
    url = f"postgresql://mfa:{DB_PASSWORD}@127.0.0.1:{free_port()}/test"
    code, out = await doctor(DATABASE_URL=url)
    assert code == 1
    assert f"PostgreSQL at 127.0.0.1:{url.rsplit(':', 1)[1]} does not answer" in line(
        out, "Database")
    assert "check the host and port in DATABASE_URL" in fixes(out, "Database")[0]
    assert DB_PASSWORD not in out and "mfa:" not in out


@pytest.mark.postgres
async def test_postgresql_migrated_and_writable_passes(doctor, postgres):
    store = await open_store(postgres.url)
    await store.close()
    code, out = await doctor(DATABASE_URL=postgres.url)
    assert code == 0, out
    assert (f"PostgreSQL at 127.0.0.1:5432/test (schema {postgres.schema}): schema version "
            f"{LATEST}, writable") in line(out, "Database")
    # The write probe was rolled back.
    assert await postgres.admin.fetchval(
        f'SELECT count(*) FROM "{postgres.schema}".events') == 0


@pytest.mark.postgres
async def test_postgresql_not_migrated_fails_and_stays_so(doctor, postgres):
    code, out = await doctor(DATABASE_URL=postgres.url)
    assert code == 1
    assert (f"is not migrated: schema version 0, this release needs {LATEST}"
            in line(out, "Database"))
    assert await postgres.admin.fetchval(
        "SELECT count(*) FROM information_schema.schemata WHERE schema_name = $1",
        postgres.schema) == 0


@pytest.mark.postgres
async def test_postgresql_read_only_fails_as_not_writable(doctor, postgres):
    store = await open_store(postgres.url)
    await store.close()
    # asyncpg hands unknown URL parameters to the server as settings.
    code, out = await doctor(DATABASE_URL=f"{postgres.url}&default_transaction_read_only=on")
    assert code == 1
    assert "is not writable (cannot execute INSERT in a read-only transaction)" in line(
        out, "Database")
    assert "primary server" in fixes(out, "Database")[0]


@pytest.mark.postgres
async def test_postgresql_refusing_the_login_fails(doctor, postgres):
    url = postgres.url.replace("/test?", "/mfa_bot_no_such_database?")
    code, out = await doctor(DATABASE_URL=url)
    assert code == 1
    assert "refused the connection" in line(out, "Database")
    assert "mfa_bot_no_such_database" in line(out, "Database")


# -- knowledge and the public URL ------------------------------------------------------------

async def test_invalid_knowledge_fails_with_the_problems_check_knowledge_finds(
        doctor, tmp_path, capsys):
    folder = tmp_path / "knowledge"
    folder.mkdir()
    (folder / "errors.yaml").write_text(yaml.safe_dump({"entries": [{"codes": ["X"]}]}))
    code, out = await doctor(MFA_BOT_KNOWLEDGE_DIR=str(folder))
    assert code == 1
    assert line(out, "Knowledge").startswith("✘ Knowledge")
    assert main(["check-knowledge", str(folder)]) == 1
    expected = capsys.readouterr().err.splitlines()[1:]  # after "the knowledge base is invalid"
    assert len(expected) >= 2
    assert f"{len(expected)} problem(s)" in line(out, "Knowledge")
    assert fixes(out, "Knowledge") == [
        *expected, "fix these, then check with `mfa-bot check-knowledge`"]


async def test_the_bundled_knowledge_passes_as_check_knowledge_says(doctor, capsys):
    _, out = await doctor()
    assert main(["check-knowledge"]) == 0
    counts = capsys.readouterr().out.strip().removeprefix("ok: ")
    assert line(out, "Knowledge").endswith(f"the bundled knowledge: {counts}")


async def test_the_public_url_answers_healthz(doctor, start_bot, knowledge):
    running = await start_bot()
    code, out = await doctor("--url", running.url)
    assert code == 0, out
    assert line(out, "Public URL").startswith("✔")
    assert (f"{running.url}/healthz answers: {len(knowledge.entries)} entries, store ok"
            in line(out, "Public URL"))


async def test_a_public_url_that_does_not_answer_fails(doctor):
    code, out = await doctor("--url", f"http://127.0.0.1:{free_port()}")
    assert code == 1
    assert "did not answer" in line(out, "Public URL")


async def test_a_bot_whose_database_is_down_fails(doctor):
    async def unhealthy(request: web.Request) -> web.Response:
        return web.json_response({"status": "degraded", "store": "unavailable"}, status=503)

    app = web.Application()
    app.router.add_get("/healthz", unhealthy)
    async with serving(app) as port:
        code, out = await doctor("--url", f"http://127.0.0.1:{port}/slack/events")
    assert code == 1
    assert (f"http://127.0.0.1:{port}/healthz answers 503: the bot cannot reach its database"
            in line(out, "Public URL"))


async def test_a_public_url_over_plain_http_fails(doctor):
    code, out = await doctor("--url", "http://mfa-bot.example.com")
    assert code == 1
    assert "Slack calls only https://" in line(out, "Public URL")


async def test_a_url_that_is_something_else_fails(doctor, start_bot, standin):
    running = await start_bot()
    code, out = await doctor("--url", f"{running.url.replace('127.0.0.1', 'localhost')}")
    assert code == 0, out  # localhost counts as this host
    code, out = await doctor("--url", standin.base)  # the stand-in has no /healthz
    assert code == 1
    assert "answered HTTP 404, not mfa-bot's health check" in line(out, "Public URL")


# -- secrets and unusable settings -------------------------------------------------------------

def _pieces(secret: str, size: int = 6) -> list[str]:
    return [secret[i:i + size] for i in range(len(secret) - size + 1)]


async def test_secrets_are_never_printed_not_even_in_part(doctor, standin):
    secrets = [BOT_TOKEN, APP_TOKEN, SIGNING_SECRET, DB_PASSWORD]
    standin.answer("apps.connections.open", {"ok": False, "error": "invalid_auth"})
    database = f"postgresql://mfa:{DB_PASSWORD}@127.0.0.1:{free_port()}/test"
    outputs = [
        await doctor(SLACK_APP_TOKEN=APP_TOKEN, DATABASE_URL=database),
        await doctor("--json", SLACK_APP_TOKEN=APP_TOKEN, DATABASE_URL=database),
        await doctor(SLACK_APP_TOKEN=APP_TOKEN, SLACK_SIGNING_SECRET="x" + SIGNING_SECRET),
    ]
    standin.answer("auth.test", {"ok": False, "error": "invalid_auth"})
    outputs.append(await doctor(SLACK_APP_TOKEN=APP_TOKEN))
    for code, out in outputs:
        assert code == 1
        for secret in secrets:
            # Tokens share their xoxb-/xapp- prefix with every token: not a secret part.
            for piece in _pieces(secret.split("-", 1)[-1] if secret.startswith("x") else secret):
                assert piece not in out, (piece, out)


def _subprocess_doctor(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    environ = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(REPO), **env}
    return subprocess.run([sys.executable, "-m", "bot", "doctor", *args], env=environ,
                          cwd=tmp_path, capture_output=True, text=True, timeout=60,
                          check=False)


def test_unusable_settings_exit_2_with_the_setting_named(tmp_path):
    done = _subprocess_doctor(tmp_path, SLACK_BOT_TOKEN="xoxp-9999-user-token-Zq81")
    assert done.returncode == 2
    assert done.stdout.strip().startswith("✘ Settings  SLACK_BOT_TOKEN (")
    assert "is not a bot token" in done.stdout.splitlines()[0]
    assert "Zq81" not in done.stdout + done.stderr and "Traceback" not in done.stderr
    done = _subprocess_doctor(tmp_path, "--json", SLACK_BOT_TOKEN="")
    assert done.returncode == 2
    assert json.loads(done.stdout)["error"].startswith("SLACK_BOT_TOKEN is missing")


def test_a_url_that_is_not_one_exits_2(tmp_path):
    done = _subprocess_doctor(tmp_path, "--url", "mfa-bot.example.com",
                              SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET)
    assert done.returncode == 2
    assert "--url must be the bot's address" in done.stdout


# -- the start-up warning, and the feature map --------------------------------------------------

async def test_run_warns_once_per_missing_scope_and_starts(start_bot, standin, caplog):
    standin.scopes = [f.scope for f in FEATURES if f.scope not in ("files:read", "commands")]
    caplog.set_level(logging.INFO)
    running = await start_bot()
    assert (await running.healthz()).status == 200
    warnings = [r.getMessage() for r in caplog.records if "event=scope_missing" in r.getMessage()]
    assert warnings == [
        'event=scope_missing scope=commands effect="/mfa-error and the message shortcut '
        'won\'t work" fix="add it under oauth_config > scopes > bot in the manifest, then '
        'reinstall the app"',
        'event=scope_missing scope=files:read effect="attached logs won\'t be read" fix="add '
        'it under oauth_config > scopes > bot in the manifest, then reinstall the app"',
    ]
    assert all(r.levelno == logging.WARNING for r in caplog.records
               if "event=scope_missing" in r.getMessage())


async def test_run_with_every_scope_warns_of_none(start_bot, caplog):
    caplog.set_level(logging.INFO)
    await start_bot()
    assert not [r for r in caplog.records if "event=scope_missing" in r.getMessage()]


def test_the_scopes_doctor_wants_are_the_manifests():
    manifest = yaml.safe_load((REPO / "manifest.yml").read_text())
    assert set(manifest["oauth_config"]["scopes"]["bot"]) == {f.scope for f in FEATURES}

"""``python -m bot run --http`` that cannot start: a non-zero exit and one clear line on
stderr saying what is wrong and where, never a traceback nor a secret."""

from __future__ import annotations

import asyncio
import os
import resource
import signal
import socket
import subprocess
import sys
from pathlib import Path

from aiohttp import web

from tests.local_http import free_port, serving

REPO = Path(__file__).resolve().parents[1]
BOT_TOKEN = "xoxb-1111-2222-StartupTestTokenValue"
SIGNING_SECRET = "fedcba9876543210fedcba9876543210"
TIMEOUT_SECONDS = 60  # only reached when the bot hangs instead of exiting


def environ(tmp_path: Path, **settings: str) -> dict[str, str]:
    env = {
        "PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(REPO),
        "PYTHONDONTWRITEBYTECODE": "1",  # the file-size limit below must hit only the store
        "SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": "http://127.0.0.1:9/api/",  # never reached: the store fails first
        "PORT": str(free_port()), "DATABASE_URL": f"sqlite:///{tmp_path / 'bot.sqlite3'}",
    }
    env.update(settings)
    return {k: v for k, v in env.items() if v}


def run_bot(env: dict[str, str], cwd: Path, **popen: object) -> tuple[int, str]:
    done = subprocess.run(
        [sys.executable, "-m", "bot", "run", "--http"], env=env, cwd=cwd,
        capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False, **popen,
    )
    return done.returncode, done.stderr


def the_one_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    assert BOT_TOKEN not in stderr and SIGNING_SECRET not in stderr
    return lines[0]


def test_an_sqlite_path_under_a_regular_file_names_the_path(tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    database = blocker / "bot.sqlite3"
    code, err = run_bot(environ(tmp_path, DATABASE_URL=f"sqlite:///{database}"), tmp_path)
    assert code == 1
    line = the_one_line(err)
    assert "event=start_failed" in line and "setting=DATABASE_URL" in line
    assert str(database) in line
    assert f"cannot create directory {blocker}" in line


def test_an_sqlite_file_in_a_read_only_place_names_the_path(tmp_path):
    database = "/proc/mfa-bot.sqlite3"  # read-only even for root
    code, err = run_bot(environ(tmp_path, DATABASE_URL=f"sqlite:///{database}"), tmp_path)
    assert code == 1
    line = the_one_line(err)
    assert f"SQLite database {database} is unavailable: cannot open the file" in line


def _no_room_to_write() -> None:
    """In the child: every write past 0 bytes fails (EFBIG), as on a full disk, without
    needing the privileges a tiny tmpfs takes. Ignoring SIGXFSZ turns the signal into the
    error SQLite reports."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))


def test_a_disk_that_takes_no_more_writes_names_the_path(tmp_path):
    database = tmp_path / "full" / "bot.sqlite3"
    code, err = run_bot(environ(tmp_path, DATABASE_URL=f"sqlite:///{database}"), tmp_path,
                        preexec_fn=_no_room_to_write)
    assert code == 1
    line = the_one_line(err)
    assert f"SQLite database {database} is unavailable" in line


def test_an_unreachable_postgresql_names_where_but_not_the_password(tmp_path):
    port = free_port()  # nothing listens there
    url = f"postgresql://mfa:s3cret-pw@127.0.0.1:{port}/mfa"
    code, err = run_bot(environ(tmp_path, DATABASE_URL=url), tmp_path)
    assert code == 1
    line = the_one_line(err)
    assert f"PostgreSQL at 127.0.0.1:{port}/mfa is unavailable" in line
    assert "s3cret-pw" not in err


def test_a_missing_bot_token_is_one_line_and_exit_2(tmp_path):
    code, err = run_bot(environ(tmp_path, SLACK_BOT_TOKEN=""), tmp_path)
    assert code == 2
    assert the_one_line(err).startswith("mfa-bot: SLACK_BOT_TOKEN is missing")


async def test_a_port_already_in_use_is_one_line_and_exit_1(tmp_path):
    async def auth_test(_: web.Request) -> web.Response:
        return web.json_response({"ok": True, "team_id": "T0", "user_id": "UBOT"})

    slack = web.Application()
    slack.router.add_post("/api/auth.test", auth_test)
    async with serving(slack) as api_port:
        with socket.socket() as taken:
            taken.bind(("0.0.0.0", 0))
            taken.listen()
            env = environ(tmp_path, SLACK_API_URL=f"http://127.0.0.1:{api_port}/api/",
                          PORT=str(taken.getsockname()[1]))
            process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "run", "--http", env=env, cwd=tmp_path,
                stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
            _, err = await asyncio.wait_for(process.communicate(), TIMEOUT_SECONDS)
    assert process.returncode == 1
    errors = [line for line in err.decode().splitlines() if " ERROR " in line]
    assert len(errors) == 1 and "Traceback" not in err.decode()
    assert "event=start_failed error=OSError setting=PORT" in errors[0]
    assert "address already in use" in errors[0]


def test_a_slack_that_cannot_be_reached_names_slack_api_url_not_the_port(tmp_path):
    # aiohttp's connection errors are OSErrors: they were reported as the port's.
    closed = f"http://127.0.0.1:{free_port()}/api/"
    code, err = run_bot(environ(tmp_path, SLACK_API_URL=closed), tmp_path)
    assert code == 1
    errors = [line for line in err.splitlines() if " ERROR " in line]
    assert len(errors) == 1 and "Traceback" not in err, err
    assert "event=start_failed error=SlackUnreachable setting=SLACK_API_URL" in errors[0]
    assert "cannot reach Slack" in errors[0] and "PORT" not in errors[0]

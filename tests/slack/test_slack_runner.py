"""``run(mode)``, the entry point behind ``mfa-bot run``: exit codes and signals."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import aiohttp
import pytest
from slack_harness import BOT_TOKEN, SIGNING_SECRET, bot_environ

from bot.slack.runtime.runner import run

REPO = Path(__file__).resolve().parents[2]
SETTINGS = ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "SLACK_API_URL",
            "PORT", "DATABASE_URL", "MFA_BOT_SUPPORT_CHANNEL", "MFA_BOT_SUPPORT_GROUP",
            "MFA_BOT_KNOWLEDGE_DIR", "LOG_LEVEL")


@pytest.fixture
def clean_env(monkeypatch, tmp_path):
    """No settings in the environment, and a working directory without a .env file."""
    for name in SETTINGS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    return monkeypatch


def test_a_missing_token_is_one_line_and_exit_2(clean_env, capsys):
    clean_env.setenv("SLACK_SIGNING_SECRET", SIGNING_SECRET)
    assert run("http") == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("mfa-bot: SLACK_BOT_TOKEN is missing")
    assert SIGNING_SECRET not in err


def test_a_setting_from_dotenv_counts_and_is_not_printed(clean_env, capsys, tmp_path):
    (tmp_path / ".env").write_text(f"SLACK_BOT_TOKEN={BOT_TOKEN}\nPORT=99999\n")
    assert run(None) == 2
    err = capsys.readouterr().err
    assert err.startswith("mfa-bot: SLACK_SIGNING_SECRET is missing")
    assert BOT_TOKEN not in err


def test_invalid_knowledge_lists_each_problem_and_exits_2(clean_env, capsys, tmp_path):
    knowledge = tmp_path / "kb"
    knowledge.mkdir()
    (knowledge / "broken.yaml").write_text("entries:\n  - code: X\n")
    clean_env.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)
    clean_env.setenv("SLACK_SIGNING_SECRET", SIGNING_SECRET)
    clean_env.setenv("MFA_BOT_KNOWLEDGE_DIR", str(knowledge))
    assert run("http") == 2
    err = capsys.readouterr().err
    assert "broken.yaml:2: missing field 'summary'" in err


async def start_process(env: dict[str, str], cwd: Path) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-c",
        "import sys; from bot.slack.runtime.runner import run; sys.exit(run(None))",
        env={"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(REPO), **env},
        cwd=cwd, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )


async def test_the_bot_serves_until_sigterm_then_exits_0(standin, tmp_path):
    env = bot_environ(standin, tmp_path)
    process = await start_process(env, tmp_path)
    async with aiohttp.ClientSession() as session:

        async def healthy() -> bool:
            try:
                async with session.get(f"http://127.0.0.1:{env['PORT']}/healthz") as resp:
                    return resp.status == 200
            except aiohttp.ClientConnectionError:
                return False

        ready = False

        async def poll() -> None:
            nonlocal ready
            while not ready and process.returncode is None:
                ready = await healthy()
                await asyncio.sleep(0.05)

        await asyncio.wait_for(poll(), 30)
    assert ready
    process.send_signal(signal.SIGTERM)
    _, err = await process.communicate()
    assert process.returncode == 0
    assert BOT_TOKEN.encode() not in err and SIGNING_SECRET.encode() not in err


async def test_a_token_slack_rejects_is_one_line_and_exit_2(standin, tmp_path):
    standin.answer("auth.test", {"ok": False, "error": "invalid_auth"})
    process = await start_process(bot_environ(standin, tmp_path), tmp_path)
    _, err = await process.communicate()
    assert process.returncode == 2
    assert err.decode().splitlines()[-1].startswith(
        "mfa-bot: SLACK_BOT_TOKEN was rejected by Slack (invalid_auth)")
    assert BOT_TOKEN.encode() not in err
    assert standin.attempts("auth.test")

"""`mfa-bot run --http --workers N`: N real processes on one port, sharing the SQLite file."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import aiohttp
from slack_harness import (
    EVENT_LOG_PASTE,
    RunningBot,
    SlackStandIn,
    bot_environ,
    event_body,
    message_event,
    wait_until,
)

from bot.config import Settings
from bot.slack.runtime import workers

REPO = Path(__file__).resolve().parents[2]


def _children(pid: int) -> list[int]:
    found = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(child) for child in found]


async def test_workers_share_the_port_and_answer_each_event_once(
        standin: SlackStandIn, tmp_path: Path) -> None:
    env = {**os.environ, **bot_environ(standin, tmp_path)}
    pool = subprocess.Popen([sys.executable, "-m", "bot", "run", "--http", "--workers", "2"],
                            cwd=REPO, env=env)
    try:
        async with aiohttp.ClientSession() as session:
            client = RunningBot(None, Settings.from_env(env, "http"), standin, session)
            for _ in range(600):
                try:
                    if (await client.healthz()).status == 200 and len(_children(pool.pid)) == 2:
                        break
                except aiohttp.ClientError:
                    pass
                assert pool.poll() is None, "the pool stopped at start-up"
                await asyncio.sleep(0.05)
            workers = _children(pool.pid)
            assert len(workers) == 2
            # Twenty pastes, each delivered twice at once (as Slack's retry would be): the
            # kernel spreads the connections over both workers, the store keeps one answer.
            bodies = [json.dumps(event_body(message_event(EVENT_LOG_PASTE))) for _ in range(20)]
            answers = await asyncio.gather(*(client.post(body) for body in bodies + bodies))
            assert {a.status for a in answers} == {200}
            await wait_until(lambda: len(standin.of("chat.postMessage")) >= 20, "20 replies")
            await standin.settle()
            threads = [c.body["thread_ts"] for c in standin.of("chat.postMessage")]
            assert len(threads) == len(set(threads)) == 20
        pool.send_signal(signal.SIGTERM)
        assert pool.wait(timeout=30) == 0
        assert not any(Path(f"/proc/{pid}").exists() for pid in workers)
    finally:
        if pool.poll() is None:
            pool.kill()


def test_workers_need_http_mode(tmp_path: Path) -> None:
    env = {**os.environ, "SLACK_BOT_TOKEN": "xoxb-1-2-x", "SLACK_APP_TOKEN": "xapp-1-A-2-x"}
    done = subprocess.run([sys.executable, "-m", "bot", "run", "--socket", "--workers", "2"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.startswith("mfa-bot: --workers needs HTTP mode")


def test_workers_must_be_a_small_positive_number(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "bot", "run", "--workers", "0"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    assert done.returncode == 2
    assert "expected a whole number from 1 to 64" in done.stderr


def _pool_of(monkeypatch, *scripts: str) -> int:
    """run_pool over stand-in workers, each a small Python script instead of the bot."""
    commands = iter([[sys.executable, "-c", script] for script in scripts])
    monkeypatch.setattr(workers, "_command", lambda: next(commands))
    handlers = {signum: signal.getsignal(signum) for signum in workers.FORWARDED}
    try:
        return workers.run_pool(len(scripts))
    finally:  # run_pool installs its forwarding handlers: give pytest its own back
        for signum, handler in handlers.items():
            signal.signal(signum, handler)


def test_a_worker_killed_by_a_signal_makes_the_pool_exit_128_plus_the_signal(monkeypatch):
    # The other worker stops cleanly on the pool's SIGTERM; the killed one decides.
    killed = "import os, signal, time; time.sleep(0.5); os.kill(os.getpid(), signal.SIGKILL)"
    assert _pool_of(monkeypatch, killed, STOPS_ON_SIGTERM) == 128 + signal.SIGKILL


def test_the_first_worker_to_stop_decides_the_exit_code(monkeypatch):
    # The failed worker stops first with 3; the other then dies of the SIGTERM (no handler).
    failed = "import sys, time; time.sleep(0.5); sys.exit(3)"
    assert _pool_of(monkeypatch, "import time; time.sleep(60)", failed) == 3


STOPS_ON_SIGTERM = (
    "import signal, sys, time\n"
    "signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))\n"
    "time.sleep(60)\n"
)

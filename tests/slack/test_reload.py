"""Editing the knowledge files while the bot runs: picked up without a restart, an invalid
edit keeps the previous version answering, and SIGHUP reloads at once."""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import sys
import time
from pathlib import Path

import aiohttp
import pytest
from slack_harness import (
    DM_CHANNEL,
    WAIT_SECONDS,
    bot_environ,
    event_body,
    headers_of,
    message_event,
    shown,
    signed_headers,
    wait_until,
)

from tests.knowledge_edits import NEW_CODE, NEW_ENTRY, copy_knowledge, edit

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def kb_dir(tmp_path: Path) -> Path:
    return copy_knowledge(tmp_path)


def dm(text: str) -> dict:
    return message_event(text, channel=DM_CHANNEL, channel_type="im")


async def answer_to(bot, standin, text: str):
    """DM ``text`` to the bot (a DM is always answered) and return its reply."""
    seen = len(standin.of("chat.postMessage"))
    await bot.event(dm(text))
    return (await standin.wait_for("chat.postMessage", seen + 1))[seen]


async def test_edits_are_picked_up_and_an_invalid_one_keeps_the_old_version(
    start_bot, standin, kb_dir, caplog
):
    bot = await start_bot(MFA_BOT_KNOWLEDGE_DIR=str(kb_dir))
    assert headers_of(await answer_to(bot, standin, NEW_CODE)) == []
    errors = kb_dir / "errors.yaml"
    edit(errors, errors.read_text() + NEW_ENTRY)

    deadline = time.monotonic() + WAIT_SECONDS
    while headers_of(await answer_to(bot, standin, NEW_CODE)) != [NEW_CODE]:
        assert time.monotonic() < deadline, "the new entry never got a card"
        await asyncio.sleep(0.2)
    entries = (await bot.healthz()).json()["knowledge_entries"]

    edit(errors, errors.read_text() + "\n  - code: [unclosed\n")
    await wait_until(lambda: "event=knowledge_rejected" in caplog.text, "the rejection")
    assert re.search(r"errors\.yaml:\d+: invalid YAML", caplog.text)
    assert headers_of(await answer_to(bot, standin, NEW_CODE)) == [NEW_CODE]
    assert headers_of(await answer_to(bot, standin, "ESTS_TOKEN_ERROR")) == ["ESTS_TOKEN_ERROR"]
    assert (await bot.healthz()).json()["knowledge_entries"] == entries


async def test_sighup_reloads_even_what_the_watcher_cannot_see(standin, tmp_path, kb_dir):
    env = bot_environ(standin, tmp_path, MFA_BOT_KNOWLEDGE_DIR=str(kb_dir))
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-c",
        "import sys; from bot.slack.runtime.runner import run; sys.exit(run(None))",
        env={"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(REPO), **env},
        cwd=tmp_path, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{env['PORT']}"
    try:
        async with aiohttp.ClientSession() as session:

            async def healthy() -> bool:
                try:
                    async with session.get(f"{url}/healthz") as resp:
                        return resp.status == 200
                except aiohttp.ClientConnectionError:
                    return False

            deadline = time.monotonic() + 30
            while not await healthy():
                assert process.returncode is None and time.monotonic() < deadline
                await asyncio.sleep(0.05)

            # A same-size edit with the old mtime put back (as rsync -t or cp -p may
            # leave it): the watcher's size+mtime check cannot see it, SIGHUP must.
            errors = kb_dir / "errors.yaml"
            before = errors.stat()
            old = "The NPS extension could not get an access token from Microsoft Entra ID."
            new = "Reloaded on SIGHUP".ljust(len(old), "z")
            errors.write_text(errors.read_text().replace(old, new, 1))
            os.utime(errors, ns=(before.st_atime_ns, before.st_mtime_ns))
            after = errors.stat()
            assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)

            process.send_signal(signal.SIGHUP)
            deadline = time.monotonic() + WAIT_SECONDS
            while True:
                seen = len(standin.of("chat.postMessage"))
                body = json.dumps(event_body(dm("ESTS_TOKEN_ERROR")))
                async with session.post(f"{url}/slack/events", data=body,
                                        headers=signed_headers(body)) as resp:
                    assert resp.status == 200
                reply = (await standin.wait_for("chat.postMessage", seen + 1))[seen]
                if "Reloaded on SIGHUP" in shown(reply):
                    break
                assert time.monotonic() < deadline, "SIGHUP did not reload the knowledge"
                await asyncio.sleep(0.1)
    finally:
        process.send_signal(signal.SIGTERM)
        _, err = await process.communicate()
    assert process.returncode == 0  # SIGHUP reloaded; it did not stop the bot
    assert b"event=knowledge_reload_requested" in err
    assert b"event=knowledge_reloaded" in err

"""Reloading the knowledge base while the bot runs."""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
from pathlib import Path

import pytest

from bot.domain.knowledge import default_knowledge_dir
from bot.live_knowledge import LiveKnowledge

NEW_ENTRY = """
  - code: MADE_UP_TEST_ERROR
    category: error
    actor: admin
    summary: A code that exists only in this test.
    meaning: It proves that a reload picked up the new file.
    steps:
      - Do the one thing.
    links:
      - title: Errors article
        url: https://learn.microsoft.com/en-us/entra/identity/authentication/howto-mfa-nps-extension-errors
"""


@pytest.fixture
def kb_dir(tmp_path: Path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(default_knowledge_dir(), target)
    return target


def _edit(path: Path, text: str) -> None:
    before = path.stat().st_mtime_ns
    path.write_text(text)
    if path.stat().st_mtime_ns == before:  # coarse clocks: make the change visible
        os.utime(path, ns=(before + 1_000_000, before + 1_000_000))


def test_a_valid_change_is_picked_up(kb_dir: Path) -> None:
    live = LiveKnowledge(kb_dir)
    assert live.matcher.match("MADE_UP_TEST_ERROR").matches == ()
    errors = kb_dir / "errors.yaml"
    _edit(errors, errors.read_text() + NEW_ENTRY)
    assert live.changed()
    assert live.reload()
    assert [m.code for m in live.matcher.match("MADE_UP_TEST_ERROR").matches] == [
        "MADE_UP_TEST_ERROR"]
    assert live.kb.by_code("MADE_UP_TEST_ERROR")
    assert not live.changed()


def test_an_invalid_change_keeps_the_previous_version(kb_dir: Path, caplog) -> None:
    live = LiveKnowledge(kb_dir)
    before = live.kb
    errors = kb_dir / "errors.yaml"
    _edit(errors, errors.read_text() + "\n  - code: [unclosed\n")
    with caplog.at_level(logging.ERROR):
        assert not live.reload()
    assert live.kb is before
    assert [m.code for m in live.matcher.match("ESTS_TOKEN_ERROR").matches] == [
        "ESTS_TOKEN_ERROR"]
    assert f"{errors}:" in caplog.text and "invalid YAML" in caplog.text
    assert not live.changed()  # the bad version is remembered, not retried every tick
    assert live.rejected == 1


async def test_the_watcher_reloads_by_itself(kb_dir: Path) -> None:
    live = LiveKnowledge(kb_dir)
    task = asyncio.create_task(live.watch(interval=0.05))
    try:
        errors = kb_dir / "errors.yaml"
        _edit(errors, errors.read_text() + NEW_ENTRY)
        for _ in range(200):
            if live.reloads:
                break
            await asyncio.sleep(0.05)
        assert live.reloads == 1
        assert live.kb.by_code("MADE_UP_TEST_ERROR")
    finally:
        task.cancel()

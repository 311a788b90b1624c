"""Reloading the knowledge base while the bot runs."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest

from bot.live_knowledge import LiveKnowledge
from tests.knowledge_edits import NEW_CODE, NEW_ENTRY, copy_knowledge, edit


@pytest.fixture
def kb_dir(tmp_path: Path) -> Path:
    return copy_knowledge(tmp_path)


def test_a_valid_change_is_picked_up(kb_dir: Path) -> None:
    live = LiveKnowledge(kb_dir)
    assert live.matcher.match(NEW_CODE).matches == ()
    errors = kb_dir / "errors.yaml"
    edit(errors, errors.read_text() + NEW_ENTRY)
    assert live.changed()
    assert live.reload()
    assert [m.code for m in live.matcher.match(NEW_CODE).matches] == [
        NEW_CODE]
    assert live.kb.by_code(NEW_CODE)
    assert not live.changed()


def test_an_invalid_change_keeps_the_previous_version(kb_dir: Path, caplog) -> None:
    live = LiveKnowledge(kb_dir)
    before = live.kb
    errors = kb_dir / "errors.yaml"
    edit(errors, errors.read_text() + "\n  - code: [unclosed\n")
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
        edit(errors, errors.read_text() + NEW_ENTRY)
        for _ in range(200):
            if live.reloads:
                break
            await asyncio.sleep(0.05)
        assert live.reloads == 1
        assert live.kb.by_code(NEW_CODE)
    finally:
        task.cancel()

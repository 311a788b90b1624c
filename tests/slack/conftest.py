"""Fixtures for the end-to-end Slack tests; the harness itself is in slack_harness.py."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import datetime
from pathlib import Path

import aiohttp
import pytest
from slack_harness import RunningBot, SlackStandIn, bot_environ

from bot.config import Settings
from bot.domain.knowledge import KnowledgeBase
from bot.knowledge_files import load_knowledge
from bot.logs import setup_logging
from bot.slack.runtime.lifecycle import Bot
from bot.slack.wiring import retries
from bot.store import utc_now


@pytest.fixture(autouse=True)
def quick_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """Same retries as in production, without waiting seconds between them."""
    monkeypatch.setattr(retries, "BACKOFF_SECONDS", 0.01)


@pytest.fixture(scope="session")
def knowledge() -> KnowledgeBase:
    return load_knowledge()


@pytest.fixture
async def standin() -> AsyncIterator[SlackStandIn]:
    stand_in = SlackStandIn()
    await stand_in.start()
    yield stand_in
    await stand_in.stop()
    # Every message and view the bot sent in this test keeps within Block Kit's limits.
    assert stand_in.limit_problems() == []


StartBot = Callable[..., Awaitable[RunningBot]]


@pytest.fixture
async def start_bot(
    standin: SlackStandIn, tmp_path: Path, knowledge: KnowledgeBase
) -> AsyncIterator[StartBot]:
    """``await start_bot(mode="http", clock=utc_now, **ENV)``: a bot started like
    ``mfa-bot run``, on ``clock``."""
    started: list[RunningBot] = []
    record_factory = logging.getLogRecordFactory()
    root = logging.getLogger()
    root_handlers, root_level = list(root.handlers), root.level
    async with aiohttp.ClientSession() as session:

        async def start(mode: str = "http", clock: Callable[[], datetime] = utc_now,
                        **env: str) -> RunningBot:
            settings = Settings.from_env(bot_environ(standin, tmp_path, **env), mode)
            setup_logging(settings.log_level, settings.secrets)  # as the runner does
            kb = knowledge if settings.knowledge_dir is None else load_knowledge(
                settings.knowledge_dir)
            bot = Bot(settings, kb, host="127.0.0.1", clock=clock)
            await bot.start()
            running = RunningBot(bot, settings, standin, session)
            started.append(running)
            return running

        yield start
        for running in started:
            await running.bot.stop()
    logging.setLogRecordFactory(record_factory)
    root.handlers = root_handlers
    root.setLevel(root_level)


@pytest.fixture
async def bot(start_bot: StartBot) -> RunningBot:
    return await start_bot()

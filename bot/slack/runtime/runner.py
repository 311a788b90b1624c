"""``mfa-bot run``: load settings, knowledge and store, serve until SIGTERM/SIGINT;
SIGHUP reloads the knowledge files."""

from __future__ import annotations

import asyncio
import gc
import logging
import signal
import sys

from bot.config import ConfigError, Settings, load_environ
from bot.domain.knowledge import KnowledgeBase
from bot.knowledge_files import KnowledgeError, load_knowledge
from bot.logs import setup_logging
from bot.slack.runtime.lifecycle import Bot, SlackUnreachable
from bot.slack.runtime.workers import run_pool
from bot.store.base import StoreError

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_CONFIG = 2


def _fail(message: str) -> int:
    for line in message.splitlines():  # settings report every problem, one per line
        print(f"mfa-bot: {line}", file=sys.stderr)
    return EXIT_CONFIG


async def serve(settings: Settings, kb: KnowledgeBase, *, shared_port: bool = False) -> None:
    """Run until SIGTERM or SIGINT, then stop cleanly. SIGHUP: reload the knowledge."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    bot = Bot(settings, kb, shared_port=shared_port)
    loop.add_signal_handler(signal.SIGHUP, bot.reload_knowledge)  # ignored until started
    await bot.start()
    # The knowledge base and its indexes live as long as the process: move them out of
    # the collector's view, so that collections during a 40,000-character paste do not
    # walk them again and again (p99 of such a match: 47 -> 16 ms, bench/matcher.py).
    gc.freeze()
    try:
        await stop.wait()
        log.info("event=stopping")
    finally:
        await bot.stop()


def run(mode: str | None, *, workers: int = 1, in_pool: bool = False) -> int:
    """``mode``: "http", "socket", or None (Socket Mode when SLACK_APP_TOKEN is set).
    ``workers`` > 1 (HTTP mode): that many processes share the port; ``in_pool`` marks one
    of them (set by the pool itself)."""
    try:
        settings = Settings.from_env(load_environ(), mode)
    except ConfigError as exc:
        return _fail(str(exc))
    if workers > 1:
        if settings.mode != "http":
            return _fail("--workers needs HTTP mode: Socket Mode runs one process per "
                         "app token (run more replicas instead)")
        return run_pool(workers)
    try:
        kb = load_knowledge(settings.knowledge_dir)
    except KnowledgeError as exc:
        return _fail("the knowledge files are invalid:\n" + "\n".join(exc.problems))
    setup_logging(settings.log_level, settings.secrets)
    try:
        asyncio.run(serve(settings, kb, shared_port=in_pool))
    except ConfigError as exc:  # Slack rejected the token at start-up
        return _fail(str(exc))
    except StoreError as exc:
        log.error("event=start_failed error=%s setting=DATABASE_URL detail=%s",
                  type(exc).__name__, exc)
        return EXIT_FAILED
    except SlackUnreachable as exc:
        log.error("event=start_failed error=SlackUnreachable setting=SLACK_API_URL detail=%s",
                  exc)
        return EXIT_FAILED
    except OSError as exc:  # the port is taken, or not ours to bind
        log.error("event=start_failed error=%s setting=PORT detail=%s", type(exc).__name__, exc)
        return EXIT_FAILED
    return EXIT_OK

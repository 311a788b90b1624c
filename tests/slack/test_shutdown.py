"""Stopping the bot (a deploy's SIGTERM) while answers are under way loses none of them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from slack_harness import EVENT_LOG_PASTE, TEAM, message_event

from bot.store import open_store


async def test_stopping_lets_answers_under_way_finish(start_bot, standin):
    bot = await start_bot()
    standin.slow("chat.postMessage", 0.5)
    await bot.event(message_event(EVENT_LOG_PASTE))
    await standin.wait_for_attempts("chat.postMessage", 1)  # the card is on its way
    await bot.bot.stop()
    # The post got its answer and what follows it ran too: the match was counted.
    store = await open_store(bot.settings.database_url)
    try:
        stats = await store.stats(TEAM, datetime.now(UTC) - timedelta(days=1))
    finally:
        await store.close()
    assert [(c.code, c.matches) for c in stats.codes] == [("ESTS_TOKEN_ERROR", 1)]

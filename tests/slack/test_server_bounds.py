"""The HTTP server's bounds: slow or silent clients are closed, and however many connect,
/healthz and Slack still get in (bot/slack/runtime/connections.py)."""

from __future__ import annotations

import asyncio
import logging

from slack_harness import EVENT_LOG_PASTE, WAIT_SECONDS, message_event, scrape, value

from bot.slack.runtime import connections

SLOW_CLIENTS = 1000


async def _closed(reader: asyncio.StreamReader) -> bool:
    try:
        return await asyncio.wait_for(reader.read(), WAIT_SECONDS) == b""
    except ConnectionResetError:
        return True


async def test_slow_clients_are_closed_and_do_not_crowd_out_healthz(
        start_bot, standin, monkeypatch, caplog):
    monkeypatch.setattr(connections, "HEADER_TIMEOUT", 2.0)
    monkeypatch.setattr(connections, "MAX_CONNECTIONS", 200)
    bot = await start_bot()
    caplog.set_level(logging.INFO)
    slow = []
    for _ in range(SLOW_CLIENTS):  # half a request each, then silence
        reader, writer = await asyncio.open_connection("127.0.0.1", bot.settings.port)
        writer.write(b"POST /slack/events HTTP/1.1\r\nHost: bot\r\nContent-Type: appl")
        slow.append((reader, writer))
    guard = bot.bot._runner.guard
    assert len(guard.open) <= 200

    # Health checks and Slack still get in while the slow clients are connected.
    assert (await bot.healthz()).status == 200
    assert (await bot.event(message_event(EVENT_LOG_PASTE))).status == 200
    await standin.wait_for("chat.postMessage")

    # Every slow client is closed: made room for others, or out of time for its headers.
    assert all(await asyncio.gather(*(_closed(reader) for reader, _ in slow)))
    assert guard.closed["slow"] > 0 and guard.closed["evicted"] >= SLOW_CLIENTS - 200
    metrics = await scrape(bot)  # ... and counted for Prometheus
    assert {reason: value(metrics, "mfa_bot_connections_closed_total", reason=reason)
            for reason in guard.closed} == guard.closed
    # ... with one summary line, not a line per connection.
    lines = [r for r in caplog.records if r.name == connections.__name__]
    assert 1 <= len(lines) <= 2
    for _, writer in slow:
        writer.close()


async def test_a_body_that_never_finishes_is_answered_408(start_bot, monkeypatch):
    monkeypatch.setattr(connections, "BODY_TIMEOUT", 0.5)
    bot = await start_bot()
    reader, writer = await asyncio.open_connection("127.0.0.1", bot.settings.port)
    writer.write(b"POST /slack/events HTTP/1.1\r\nHost: bot\r\nContent-Type: application/json\r\n"
                 b"Content-Length: 1000\r\n\r\n{\"type\": ")
    status_line = await asyncio.wait_for(reader.readline(), WAIT_SECONDS)
    assert status_line.startswith(b"HTTP/1.1 408")
    writer.close()

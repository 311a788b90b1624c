"""Slow clients against the bot as deployed: does /healthz still answer, and are they closed?

Starts ``python -m bot run --http`` (SQLite on a fresh file, a local Slack stand-in) with
its open-file limit at 1024, as on many hosts, then opens N connections that each send half
a request's headers and go quiet. Meanwhile /healthz is asked once a second; the script
prints its latencies, how many slow connections the bot had closed after each period, and
how many log lines the bot wrote.

    python bench/slow_clients.py                 # 1,000 slow clients, watched for 30 s
    python bench/slow_clients.py --clients 1100 --seconds 20
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import secrets
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.load import free_port, wait_ready  # noqa: E402
from bench.standin import LoadStandIn  # noqa: E402

FILE_LIMIT = 1024
PARTIAL_REQUEST = b"POST /slack/events HTTP/1.1\r\nHost: bot\r\nContent-Type: appl"


def _limit_files() -> None:
    resource.setrlimit(resource.RLIMIT_NOFILE, (FILE_LIMIT, FILE_LIMIT))


async def _open_slow(port: int, count: int) -> list[tuple[asyncio.StreamReader,
                                                         asyncio.StreamWriter]]:
    slow = []
    for _ in range(count):
        try:
            reader, writer = await asyncio.wait_for(
                asyncio.open_connection("127.0.0.1", port), 5)
        except (OSError, TimeoutError):
            continue  # the bot could not accept it
        writer.write(PARTIAL_REQUEST)
        slow.append((reader, writer))
    return slow


async def _healthz_ms(session: aiohttp.ClientSession, port: int) -> float | str:
    started = time.perf_counter()
    try:
        async with session.get(f"http://127.0.0.1:{port}/healthz",
                               timeout=aiohttp.ClientTimeout(total=10)) as answer:
            await answer.read()
            if answer.status != 200:
                return f"HTTP {answer.status}"
    except (aiohttp.ClientError, TimeoutError) as exc:
        return type(exc).__name__
    return (time.perf_counter() - started) * 1000


def _still_open(slow: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]]) -> int:
    return sum(1 for reader, writer in slow
               if not reader.at_eof() and not writer.transport.is_closing())


async def _watch_closes(slow: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]]) -> None:
    async def drain(reader: asyncio.StreamReader) -> None:
        try:
            await reader.read()
        except ConnectionError:
            reader.feed_eof()

    await asyncio.gather(*(drain(reader) for reader, _ in slow))


async def run(args: argparse.Namespace) -> None:
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(4096, args.clients * 2),) * 2)
    standin = LoadStandIn()
    await standin.start()
    port = free_port()
    with tempfile.TemporaryDirectory() as workdir:
        log_path = Path(workdir) / "bot.log"
        env = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(REPO), "PORT": str(port),
               "SLACK_SIGNING_SECRET": secrets.token_hex(16),
               "SLACK_BOT_TOKEN": "xoxb-1-2-SlowBenchToken", "SLACK_API_URL": standin.api_url,
               "DATABASE_URL": f"sqlite:///{workdir}/bot.sqlite3"}
        with log_path.open("wb") as log:
            bot = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "run", "--http", env=env, cwd=REPO,
                stdout=log, stderr=log, preexec_fn=_limit_files)
        try:
            await wait_ready(port, bot)
            log_lines_before = log_path.read_bytes().count(b"\n")
            started = time.monotonic()
            slow = await _open_slow(port, args.clients)
            print(f"{len(slow)} of {args.clients} slow clients connected in "
                  f"{time.monotonic() - started:.1f} s (bot's file limit {FILE_LIMIT})")
            watcher = asyncio.create_task(_watch_closes(slow))
            latencies: list[float] = []
            failures: list[str] = []
            async with aiohttp.ClientSession() as session:
                for second in range(args.seconds):
                    result = await _healthz_ms(session, port)
                    if isinstance(result, str):
                        failures.append(result)
                    else:
                        latencies.append(result)
                    if second % 5 == 4:
                        print(f"  t={time.monotonic() - started:5.1f} s  slow still open: "
                              f"{_still_open(slow):4d}  /healthz: "
                              f"{result if isinstance(result, str) else f'{result:.1f} ms'}")
                    await asyncio.sleep(1)
            watcher.cancel()
            log_lines = log_path.read_bytes().count(b"\n") - log_lines_before
            size = log_path.stat().st_size
            latencies.sort()
            print(f"/healthz: {len(latencies)} answered 200, {len(failures)} failed "
                  f"{sorted(set(failures)) or ''}")
            if latencies:
                print(f"  latency median {latencies[len(latencies) // 2]:.1f} ms, "
                      f"max {latencies[-1]:.1f} ms")
            print(f"slow clients still open after {args.seconds} s: {_still_open(slow)}")
            print(f"bot log: {log_lines} lines written meanwhile ({size / 1024:.1f} KiB in all)")
            for _, writer in slow:
                writer.close()
        finally:
            bot.terminate()
            await bot.wait()
            await standin.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--seconds", type=int, default=30)
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()

"""Speed under load: the bot in HTTP mode against a bare Bolt app, same load, same run.

    python bench/load.py                          # 10,000 events, 50 in flight: ~1 minute
    python bench/load.py --events 2000 --concurrency 20
    python bench/load.py --profile /tmp/prof      # also py-spy profiles (folded stacks)

Each server runs in its own process (the bot exactly as ``python -m bot run --http``, with
DATABASE_URL on a fresh SQLite file); a separate sender process (bench/load_client.py) sends
signed Events API requests, ~60% pasted errors, ~35% chit-chat, 4% multi-error pastes and 1%
40,000-character pastes. This process plays the Slack Web API and times each reply.

Reported per server: acknowledgements per second, ack latency (p50/p99/max), event-to-reply
latency (event sent -> its chat.postMessage arrived), resident memory after the run; then
the bot's figures against the targets, relative to the bare app measured in the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import secrets
import shutil
import socket
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import aiohttp

from bench.standin import LoadStandIn

REPO = Path(__file__).resolve().parents[1]
CLIENT = REPO / "bench" / "load_client.py"
BARE = REPO / "bench" / "bare_app.py"
READY_SECONDS = 60
QUIET_SECONDS = 10  # give up waiting for replies after this long without a new one
SETTLE_SECONDS = 1  # then wait until no call came for this long: the work after a reply

# Targets for the bot (2-core machine, 50 in flight, 10,000 events).
MIN_RATIO = 0.8
MAX_P99_RATIO = 1.3
MAX_ACK_P99_MS = 100
MAX_ACK_MS = 1000
MAX_RSS_MB = 150


@dataclass(frozen=True)
class Figures:
    name: str
    acks_per_second: float
    ack_p50: float  # milliseconds
    ack_p99: float
    ack_max: float
    reply_p50: float
    reply_p99: float
    replies: int
    expected_replies: int
    duplicate_replies: int
    failed_acks: int
    rss_mb: float
    peak_rss_mb: float
    cpu_ms_per_event: float  # the server's user + system CPU time, warm-up included


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def percentile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return float("nan")
    return sorted_values[min(len(sorted_values) - 1, round(q * (len(sorted_values) - 1)))]


def process_tree(pid: int) -> list[int]:
    """``pid`` and its descendants: a `--workers` pool is a supervisor and its workers."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [pid, *(p for child in children for p in process_tree(int(child)))]


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of ``pid`` and its descendants (all threads) so far."""
    total = 0
    for each in process_tree(pid):
        fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def memory_mb(pid: int) -> tuple[float, float]:
    """(VmRSS, VmHWM) in MB of ``pid`` and its descendants, added up."""
    rss = peak = 0
    for each in process_tree(pid):
        fields = {}
        for line in Path(f"/proc/{each}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            fields[key] = value
        rss += int(fields["VmRSS"].split()[0])
        peak += int(fields["VmHWM"].split()[0])
    return rss / 1024, peak / 1024


async def wait_ready(port: int, process: asyncio.subprocess.Process,
                     seconds: float = READY_SECONDS) -> None:
    deadline = time.monotonic() + seconds
    async with aiohttp.ClientSession() as session:
        while time.monotonic() < deadline and process.returncode is None:
            try:
                async with session.get(f"http://127.0.0.1:{port}/healthz") as resp:
                    if resp.status == 200:
                        return
            except aiohttp.ClientConnectionError:
                pass
            await asyncio.sleep(0.1)
    raise SystemExit(f"the server on port {port} did not become ready (see its log)")


async def wait_for_replies(standin: LoadStandIn, expected: set[str]) -> None:
    seen, last_change = -1, time.monotonic()
    while not expected <= standin.replies.keys():
        if len(standin.replies) != seen:
            seen, last_change = len(standin.replies), time.monotonic()
        elif time.monotonic() - last_change > QUIET_SECONDS:
            break
        await asyncio.sleep(0.1)
    calls = -1
    while calls != standin.calls:
        calls = standin.calls
        await asyncio.sleep(SETTLE_SECONDS)


async def measure(
    name: str, command: list[str], env: dict[str, str], standin: LoadStandIn,
    args: argparse.Namespace, workdir: Path,
) -> Figures:
    standin.reset()
    port = free_port()
    secret = secrets.token_hex(16)
    env = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(REPO), **env,
           "PORT": str(port), "SLACK_SIGNING_SECRET": secret,
           "SLACK_BOT_TOKEN": "xoxb-1-2-LoadBenchToken", "SLACK_API_URL": standin.api_url}
    with (workdir / f"{name}.log").open("wb") as log:
        server = await asyncio.create_subprocess_exec(
            *command, env=env, cwd=workdir, stdout=log, stderr=log)
    try:
        await wait_ready(port, server)
        profiler = None
        if args.profile is not None:
            args.profile.mkdir(parents=True, exist_ok=True)
            py_spy = shutil.which("py-spy", path=f"{Path(sys.executable).parent}:"
                                                 f"{os.environ.get('PATH', '')}")
            if py_spy is None:
                raise SystemExit("--profile needs py-spy: pip install -e '.[bench]'")
            profiler = await asyncio.create_subprocess_exec(
                py_spy, "record", "--rate", str(args.profile_rate), "--pid", str(server.pid),
                "--format", "raw", "--gil",
                "-o", str(args.profile / f"{name}.folded.txt"),
                stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL)
        out = workdir / f"{name}.json"
        cpu_before = cpu_seconds(server.pid)
        sender = await asyncio.create_subprocess_exec(
            sys.executable, str(CLIENT), f"http://127.0.0.1:{port}/slack/events", secret,
            str(out), "--events", str(args.events), "--concurrency", str(args.concurrency),
            "--warmup", str(args.warmup))
        if await sender.wait() != 0:
            raise SystemExit("the sender failed")
        rows = json.loads(out.read_text())
        # The bare app answers every message; the bot stays quiet on chit-chat.
        expected = {ts for kind, ts, *_ in rows if name.startswith("bare") or kind != "chat"}
        await wait_for_replies(standin, expected)
        rss, peak = memory_mb(server.pid)
        cpu = cpu_seconds(server.pid) - cpu_before
        if profiler is not None:
            profiler.send_signal(2)  # SIGINT: py-spy writes its file and exits
            await profiler.wait()
    finally:
        server.terminate()
        await server.wait()
    acked = [r for r in rows if r[4] == 200]
    acks = sorted((r[3] - r[2]) * 1000 for r in acked)
    replies = sorted((standin.replies[ts] - sent) * 1000
                     for _, ts, sent, *_ in rows if ts in expected and ts in standin.replies)
    span = max(r[3] for r in acked) - min(r[2] for r in acked)
    return Figures(
        name=name, acks_per_second=len(acked) / span,
        ack_p50=percentile(acks, 0.5), ack_p99=percentile(acks, 0.99), ack_max=acks[-1],
        reply_p50=percentile(replies, 0.5), reply_p99=percentile(replies, 0.99),
        replies=len(replies), expected_replies=len(expected),
        duplicate_replies=standin.duplicates, failed_acks=len(rows) - len(acked),
        rss_mb=rss, peak_rss_mb=peak, cpu_ms_per_event=cpu * 1000 / (len(rows) + args.warmup),
    )


def _table(results: list[Figures]) -> None:
    print(f"{'':<12}{'acks/s':>8}{'ack p50':>9}{'p99':>8}{'max':>8}{'reply p50':>11}"
          f"{'p99':>8}{'replies':>15}{'dup':>5}{'failed':>8}{'RSS MB':>8}{'peak':>7}"
          f"{'CPU ms/ev':>11}")
    for f in results:
        print(f"{f.name:<12}{f.acks_per_second:>8.0f}{f.ack_p50:>9.1f}{f.ack_p99:>8.1f}"
              f"{f.ack_max:>8.1f}{f.reply_p50:>11.1f}{f.reply_p99:>8.1f}"
              f"{f'{f.replies}/{f.expected_replies}':>15}{f.duplicate_replies:>5}"
              f"{f.failed_acks:>8}{f.rss_mb:>8.1f}{f.peak_rss_mb:>7.1f}{f.cpu_ms_per_event:>11.2f}")


def _ratios(rounds: list[dict[str, Figures]], name: str, base: str
            ) -> tuple[list[float], list[float]]:
    """Per round: ``name``'s acks/s over ``base``'s, and its ack p99 over ``base``'s."""
    pairs = [(r[name], r[base]) for r in rounds if name in r and base in r]
    return ([f.acks_per_second / b.acks_per_second for f, b in pairs],
            [f.ack_p99 / b.ack_p99 for f, b in pairs])


def report(args: argparse.Namespace, rounds: list[list[Figures]]) -> None:
    print(f"{time.strftime('%Y-%m-%d %H:%M')}  nproc={os.cpu_count()}  "
          f"python {platform.python_version()}  {platform.machine()}  "
          f"events={args.events} (+{args.warmup} warm-up)  concurrency={args.concurrency}")
    for number, results in enumerate(rounds, 1):
        if len(rounds) > 1:
            print(f"round {number} of {len(rounds)}")
        _table(results)
    print("(latencies in ms; replies: threads answered / expected; dup: the same message "
          "posted twice in a thread; CPU: the server's own, per event)")
    by_name = [{f.name: f for f in results} for results in rounds]
    bots = [r["mfa-bot"] for r in by_name if "mfa-bot" in r]
    if not bots:
        return
    checks = [
        (f"ack p99 < {MAX_ACK_P99_MS} ms", all(b.ack_p99 < MAX_ACK_P99_MS for b in bots)),
        (f"no ack over {MAX_ACK_MS} ms", all(b.ack_max < MAX_ACK_MS for b in bots)),
        (f"RSS < {MAX_RSS_MB} MB", all(b.rss_mb < MAX_RSS_MB for b in bots)),
        ("every expected reply, none twice", all(
            b.replies == b.expected_replies and not b.duplicate_replies for b in bots)),
        ("no failed ack", not any(b.failed_acks for b in bots)),
    ]
    # Against the bare app of the same round; with several rounds, the median ratio.
    for base in ("bare", "bare pooled"):
        acks, p99s = _ratios(by_name, "mfa-bot", base)
        if acks:
            each = "" if len(acks) == 1 else " of " + ", ".join(f"{a:.2f}" for a in acks)
            ratio, p99 = statistics.median(acks), statistics.median(p99s)
            checks[:0] = [
                (f"acks/s >= {MIN_RATIO}x {base} (got {ratio:.2f}x{each})", ratio >= MIN_RATIO),
                (f"ack p99 <= {MAX_P99_RATIO}x {base} (got {p99:.2f}x)", p99 <= MAX_P99_RATIO)]
    for label, ok in checks:
        print(f"  {'PASS' if ok else 'FAIL'}  {label}")
    pool = f"mfa-bot x{args.workers}"
    acks, _ = _ratios(by_name, pool, "bare")
    if acks:
        pools = [r[pool] for r in by_name if pool in r]
        print(f"  ({pool}: {statistics.median(acks):.2f}x the bare app's acks/s, ack p99 "
              f"{statistics.median(p.ack_p99 for p in pools):.0f} ms; every reply once: "
              f"{all(p.replies == p.expected_replies and not p.duplicate_replies for p in pools)})")


async def run(args: argparse.Namespace) -> list[list[Figures]]:
    workdir = Path(tempfile.mkdtemp(prefix="mfa-bot-load-"))
    standin = LoadStandIn()
    await standin.start()
    rounds = []
    try:
        for number in range(args.rounds):
            rounds.append(await _round(args, standin, workdir / f"round{number}"))
    finally:
        await standin.stop()
        if args.keep:
            print(f"logs and raw timings kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return rounds


async def _round(args: argparse.Namespace, standin: LoadStandIn, workdir: Path
                 ) -> list[Figures]:
    """Each server once, one after the other, each bot on a fresh SQLite file."""
    workdir.mkdir(parents=True)
    results = []
    if not args.bot_only:
        results.append(await measure(
            "bare", [sys.executable, str(BARE)], {}, standin, args, workdir))
        if args.bare_pooled:
            results.append(await measure(
                "bare pooled", [sys.executable, str(BARE), "--pooled"], {}, standin,
                args, workdir))
    bot_env = {"DATABASE_URL": f"sqlite:///{workdir / 'load.sqlite3'}", "LOG_LEVEL": "INFO"}
    results.append(await measure(
        "mfa-bot", [sys.executable, "-m", "bot", "run", "--http"], bot_env,
        standin, args, workdir))
    if args.workers > 1:
        bot_env["DATABASE_URL"] = f"sqlite:///{workdir / 'pool.sqlite3'}"
        results.append(await measure(
            f"mfa-bot x{args.workers}",
            [sys.executable, "-m", "bot", "run", "--http", "--workers", str(args.workers)],
            bot_env, standin, args, workdir))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=10_000, help="measured events")
    parser.add_argument("--concurrency", type=int, default=50, help="requests in flight")
    parser.add_argument("--warmup", type=int, default=200, help="unmeasured events first")
    parser.add_argument("--bot-only", action="store_true", help="skip the bare Bolt app")
    parser.add_argument("--bare-pooled", action="store_true",
                        help="also the bare app with one pooled Web API session, as the bot's")
    parser.add_argument("--profile", type=Path,
                        help="write py-spy profiles here (folded stacks, for speedscope)")
    parser.add_argument("--profile-rate", type=int, default=100, help="samples per second")
    parser.add_argument("--rounds", type=int, default=1,
                        help="measure every server this many times, alternating (medians)")
    parser.add_argument("--keep", action="store_true", help="keep server logs and timings")
    parser.add_argument("--workers", type=int, default=1,
                        help="also measure `mfa-bot run --http --workers N` (N > 1)")
    args = parser.parse_args()
    report(args, asyncio.run(run(args)))


if __name__ == "__main__":
    main()

"""CPU cost per event, counted in instructions: the bot against the bare Bolt app.

    python bench/instructions.py                 # 600 events each: ~5 minutes
    python bench/instructions.py --events 300 --bot-only

bench/load.py's figures move by ±10-40% with whatever else the machine does; this one
doesn't. Each server (as in bench/load.py: the bare app, then the bot on a fresh SQLite
file) runs under ``valgrind --tool=callgrind`` with counting off; after the warm-up events
counting is switched on, the same mix of events is sent (bench/load_client.py's), the
server is left until its last reply has been posted, and the count is read. Instructions
are not time (a cache miss costs more than an add), but when the bot does the same work
in fewer instructions it is faster, and the ratio to the bare app is the share of a
CPU-bound process each spends per event.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


from bench.load import BARE, free_port, wait_ready
from bench.load_client import build_mix, request_body, send_all
from bench.standin import LoadStandIn

READY_SECONDS = 300  # Python starts slowly under valgrind
SETTLE_SECONDS = 3.0


async def _settle(standin: LoadStandIn) -> None:
    calls = -1
    while calls != standin.calls:
        calls = standin.calls
        await asyncio.sleep(SETTLE_SECONDS)


def _control(pid: int, *options: str) -> None:
    subprocess.run(["callgrind_control", *options, str(pid)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _total(out: Path) -> int:
    """The instruction count of callgrind's last dump (parts are numbered .1, .2, ...)."""
    dumps = sorted(out.parent.glob(f"{out.name}.*"), key=lambda p: int(p.suffix[1:]))
    text = dumps[-1].read_text(errors="replace")
    found = re.search(r"^(?:summary|totals):\s+(\d+)", text, re.MULTILINE)
    if found is None:
        raise SystemExit(f"no instruction total in {dumps[-1]}")
    return int(found.group(1))


async def measure(name: str, command: list[str], extra_env: dict[str, str],
                  args: argparse.Namespace, workdir: Path) -> tuple[float, int]:
    """(instructions per event, replies posted) while ``args.events`` events are handled."""
    standin = LoadStandIn()
    await standin.start()
    port, secret = free_port(), secrets.token_hex(16)
    env = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(Path(BARE).parents[1]),
           **extra_env, "PORT": str(port), "SLACK_SIGNING_SECRET": secret,
           "SLACK_BOT_TOKEN": "xoxb-1-2-InstructionBenchToken",
           "SLACK_API_URL": standin.api_url}
    out = workdir / f"{name}.callgrind"
    with (workdir / f"{name}.log").open("wb") as log:
        server = await asyncio.create_subprocess_exec(
            "valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out}",
            *command, env=env, cwd=workdir, stdout=log, stderr=log)
    try:
        await wait_ready(port, server, READY_SECONDS)
        mix = build_mix(args.warmup + args.events)
        bodies = [request_body(i, text) for i, (_, text) in enumerate(mix)]
        url = f"http://127.0.0.1:{port}/slack/events"
        await send_all(url, secret, bodies[:args.warmup], args.concurrency)
        await _settle(standin)
        _control(server.pid, "--instr=on")
        _control(server.pid, "--zero")
        before = standin.calls
        await send_all(url, secret, bodies[args.warmup:], args.concurrency)
        await _settle(standin)
        _control(server.pid, "--dump")
        posted = standin.calls - before
    finally:
        server.terminate()
        await server.wait()
        await standin.stop()
    return _total(out) / args.events, posted


async def run(args: argparse.Namespace) -> None:
    if shutil.which("valgrind") is None:
        raise SystemExit("needs valgrind (Debian: apt-get install valgrind)")
    workdir = Path(tempfile.mkdtemp(prefix="mfa-bot-instructions-"))
    results: dict[str, tuple[float, int]] = {}
    try:
        if not args.bot_only:
            results["bare"] = await measure("bare", [sys.executable, str(BARE)], {}, args,
                                            workdir)
        results["mfa-bot"] = await measure(
            "mfa-bot", [sys.executable, "-m", "bot", "run", "--http"],
            {"DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}", "LOG_LEVEL": "INFO"},
            args, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"{time.strftime('%Y-%m-%d %H:%M')}  events={args.events} (+{args.warmup} warm-up)"
          f"  concurrency={args.concurrency}")
    for name, (per_event, posted) in results.items():
        print(f"{name:<10}{per_event / 1e6:>8.2f} M instructions/event  "
              f"({posted} Web API calls)")
    if "bare" in results:
        ratio = results["mfa-bot"][0] / results["bare"][0]
        print(f"the bot spends {ratio:.2f}x the bare app's instructions per event")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=600)
    parser.add_argument("--warmup", type=int, default=100)
    parser.add_argument("--concurrency", type=int, default=10)
    parser.add_argument("--bot-only", action="store_true", help="skip the bare Bolt app")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()

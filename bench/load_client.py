"""The sender half of bench/load.py, run as its own process so that the bot never shares a
CPU-bound event loop with the load it is measured under.

    python bench/load_client.py URL SECRET OUT.json --events N --concurrency C --warmup W

Sends W + N signed Events API requests (each its own event_id and ts) with C in flight,
and writes, for the N measured ones, ``[kind, ts, sent, acked, status]`` rows to OUT.json
(times are time.monotonic(), which every process on the machine shares).
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import hmac
import json
import random
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import aiohttp

from bench.synthetic import log_filler
from bot.knowledge_files import load_knowledge

CHANNEL = "C0LOAD"
CHIT_CHAT = (
    "anyone up for lunch at the usual place?",
    "the printer on 3 is jammed again",
    "can someone review my PR before the standup",
    "thanks, that fixed it!",
    "is the VPN slow for everyone or just me",
    "reminder: change freeze starts Friday",
    "who owns the NPS servers these days?",
    "I'll be out tomorrow, ping Sam for approvals",
)
# (kind, share of the mix); "long" is a 40,000-character log paste ending in an error.
MIX = (("paste", 0.60), ("chat", 0.35), ("multi", 0.04), ("long", 0.01))


def _event_log(code: str, message: str, rng: random.Random) -> str:
    guid = uuid.UUID(int=rng.getrandbits(128))
    return (
        "Log Name:      AuthNOptCh\nSource:        Microsoft-AzureMfa-AuthN\n"
        f"Event ID:      {rng.choice((1, 3, 4))}\nLevel:         Error\n"
        f"Computer:      NPS0{rng.randint(1, 4)}.contoso.com\nDescription:\n"
        f"NPS Extension for Azure MFA:  CID: {guid} :Exception in Authentication Ext for "
        f"User user{rng.randint(1, 999)}@contoso.com :: ErrorCode:: CID :{guid} {code} "
        f"Msg:: {message}"
    )


def _access_rejected(code: str, message: str, rng: random.Random) -> str:
    return (
        f"NPS Extension for Azure MFA:  CID: {uuid.UUID(int=rng.getrandbits(128))} : Access "
        f"Rejected for user user{rng.randint(1, 999)}@contoso.com with Azure MFA response: "
        f"{code} and message: {message}"
    )


def build_mix(count: int, seed: int = 5) -> list[tuple[str, str]]:
    """``count`` (kind, text) pairs: pastes of every known code in two log formats, chit-chat,
    multi-error pastes and a few 40,000-character pastes."""
    rng = random.Random(seed)
    entries = list(load_knowledge().entries)
    filler = log_filler(39_000)
    kinds, weights = zip(*MIX, strict=True)
    mix = []
    for kind in rng.choices(kinds, weights, k=count):
        entry = rng.choice(entries)
        template = rng.choice((_event_log, _access_rejected))
        paste = template(entry.code, entry.message or entry.summary, rng)
        if kind == "chat":
            text = rng.choice(CHIT_CHAT)
        elif kind == "multi":
            others = rng.sample(entries, 2)
            text = "\n".join([paste] + [_event_log(e.code, e.message or e.summary, rng)
                                        for e in others])
        elif kind == "long":
            text = (filler + "\n" + paste)[-40_000:]
        else:
            text = paste
        mix.append((kind, text))
    return mix


def event_ts(index: int) -> str:
    return f"{1_700_000_000 + index // 1_000_000}.{index % 1_000_000:06d}"


def request_body(index: int, text: str) -> str:
    ts = event_ts(index)
    return json.dumps({
        "token": "legacy", "team_id": "T0LOAD", "api_app_id": "A0LOAD",
        "type": "event_callback", "event_id": f"EvLOAD{index:010d}", "event_time": 1,
        "event": {"type": "message", "channel": CHANNEL, "channel_type": "channel",
                  "user": "U0LOAD", "text": text, "ts": ts, "team": "T0LOAD"},
        "authorizations": [{"team_id": "T0LOAD", "user_id": "UBOT", "is_bot": True}],
    })


def signed(secret: bytes, body: str) -> dict[str, str]:
    stamp = str(int(time.time()))
    digest = hmac.new(secret, f"v0:{stamp}:{body}".encode(), hashlib.sha256).hexdigest()
    return {"Content-Type": "application/json", "X-Slack-Request-Timestamp": stamp,
            "X-Slack-Signature": f"v0={digest}"}


async def send_all(
    url: str, secret: str, bodies: list[str], concurrency: int
) -> list[tuple[float, float, int]]:
    """(sent, acked, status) per body; status 0 when the request failed outright."""
    results: list[tuple[float, float, int]] = [(0.0, 0.0, 0)] * len(bodies)
    key = secret.encode()
    next_index = iter(range(len(bodies)))
    connector = aiohttp.TCPConnector(limit=concurrency)
    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:

        async def worker() -> None:
            for i in next_index:
                headers = signed(key, bodies[i])
                sent = time.monotonic()
                try:
                    async with session.post(url, data=bodies[i], headers=headers) as resp:
                        await resp.read()
                        status = resp.status
                except (aiohttp.ClientError, TimeoutError):
                    status = 0
                results[i] = (sent, time.monotonic(), status)

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("secret")
    parser.add_argument("out", type=Path)
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=200)
    args = parser.parse_args()
    mix = build_mix(args.warmup + args.events)
    bodies = [request_body(i, text) for i, (_, text) in enumerate(mix)]
    asyncio.run(send_all(args.url, args.secret, bodies[:args.warmup], args.concurrency))
    measured = asyncio.run(
        send_all(args.url, args.secret, bodies[args.warmup:], args.concurrency))
    rows = [
        [kind, event_ts(args.warmup + i), sent, acked, status]
        for i, ((kind, _), (sent, acked, status)) in enumerate(
            zip(mix[args.warmup:], measured, strict=True))
    ]
    args.out.write_text(json.dumps(rows))


if __name__ == "__main__":
    main()

"""Matcher latency: short and 40,000-character pastes, real KB and a 5,000-entry KB; with
and without a code or message in them (without, the BM25 ranking decides).

    python bench/matcher.py            # prints a table; takes about a minute

Compares against a naive baseline (rapidfuzz partial_ratio of every message against the
whole paste) measured in the same run, so the figures mean something on any machine.
"""

from __future__ import annotations

import gc
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rapidfuzz import fuzz

from bench.synthetic import log_filler, synthetic_kb
from bot.domain.matching import Matcher
from bot.knowledge_files import load_knowledge

SHORT = ("NPS Extension for Azure MFA:  CID: 6e2a4f0c-93b1-4c55-8d2e-0f6b1d7a9c31 : Access "
         "Rejected for user bob@contoso.com with Azure MFA response: UserNotFound and message: "
         "The specified user was not found")
LONG = log_filler(39_800) + "\n" + SHORT[:200]
# No code or message in these: the BM25 ranking decides (the slowest path).
DESCRIBED = ("our nps extension for azure mfa can't get a token from azure ad since the client "
             "certificate renewal, every radius request fails")
LONG_UNMATCHED = log_filler(40_000)


def timed(fn, text: str, runs: int) -> tuple[float, float]:
    fn(text)  # warm up
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn(text)
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.99) - 1]


def naive(kb):
    messages = [e.message for e in kb.entries if e.message]
    return lambda text: max(fuzz.partial_ratio(m, text) for m in messages)


def main() -> None:
    print(f"python {platform.python_version()} on {platform.machine()}, "
          f"{time.strftime('%Y-%m-%d')}")
    print(f"{'knowledge base':<22}{'paste':<18}{'median ms':>10}{'p99 ms':>9}")
    real = load_knowledge()
    for name, kb in ((f"real ({len(real.entries)})", real),
                     ("synthetic 5,000", synthetic_kb(5000))):
        started = time.perf_counter()
        matcher = Matcher(kb)
        build = (time.perf_counter() - started) * 1000
        gc.freeze()  # as `mfa-bot run` does once the knowledge base is loaded
        for label, text, runs in (("short", SHORT, 2000), ("40,000 chars", LONG, 100),
                                  ("described", DESCRIBED, 2000),
                                  ("40,000 unmatched", LONG_UNMATCHED, 100)):
            median, p99 = timed(matcher.match, text, runs)
            print(f"{name:<22}{label:<18}{median:>10.3f}{p99:>9.3f}")
        print(f"{name:<22}{'(index build)':<18}{build:>10.1f}")
    kb = synthetic_kb(5000)
    median, _ = timed(naive(kb), LONG, 1)
    print(f"{'synthetic 5,000':<22}{'naive 40,000':<18}{median:>10.1f}   "
          "(baseline: partial_ratio over every message)")


if __name__ == "__main__":
    main()

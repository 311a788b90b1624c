"""``mfa-bot run --http --workers N``: N processes serving one port.

One process runs on one core (the GIL). To use a host's other cores without a load
balancer, start N ordinary bot processes that all bind the port with SO_REUSEPORT; the
kernel spreads connections over them. They share everything through the store (SQLite in
WAL mode, or PostgreSQL), exactly as replicas do: de-duplication, checklists, hand-offs.

This process only supervises: it forwards SIGTERM, SIGINT and SIGHUP to the workers, and
when one worker stops it stops the others, so that the platform's restart policy (systemd,
Docker, Kubernetes) sees one failed service rather than a quietly shrunken one.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time

FORWARDED = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
STOP_GRACE_SECONDS = 20.0


def _command() -> list[str]:
    return [sys.executable, "-m", "bot", "run", "--http", "--in-pool"]


def run_pool(count: int) -> int:
    workers = [subprocess.Popen(_command()) for _ in range(count)]

    def forward(signum: int, _frame: object) -> None:
        for worker in workers:
            if worker.poll() is None:
                worker.send_signal(signum)

    for signum in FORWARDED:
        signal.signal(signum, forward)
    try:
        while (first := next((w for w in workers if w.poll() is not None), None)) is None:
            time.sleep(0.2)
    finally:
        forward(signal.SIGTERM, None)
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        for worker in workers:
            try:
                worker.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
    # The first worker to stop decides: 0 after a SIGTERM, its error code after a failure,
    # 128 + N when signal N killed it (as a shell reports it, never 256 - N).
    return exit_status(first.returncode)


def exit_status(returncode: int) -> int:
    """A Popen return code as a process exit status: -N (killed by signal N) is 128 + N."""
    return 128 - returncode if returncode < 0 else returncode

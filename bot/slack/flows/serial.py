"""One re-render at a time per message: each re-reads the store under the lock, so the
last update Slack receives always carries the latest state, however clicks interleave."""

from __future__ import annotations

import asyncio
from weakref import WeakValueDictionary

# Weak: a lock lives only while someone holds or waits for it.
_locks: WeakValueDictionary[str, asyncio.Lock] = WeakValueDictionary()


def message_lock(key: str) -> asyncio.Lock:
    lock = _locks.get(key)
    if lock is None:
        lock = _locks[key] = asyncio.Lock()
    return lock

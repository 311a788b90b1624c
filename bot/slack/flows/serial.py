"""One re-render at a time per message: each re-reads the store under the lock, so the
last update Slack receives always carries the latest state, however clicks interleave."""

from __future__ import annotations

import asyncio
from weakref import WeakValueDictionary


class MessageLocks:
    """One per bot (Services.message_locks)."""

    def __init__(self) -> None:
        # Weak: a lock lives only while someone holds or waits for it.
        self._locks: WeakValueDictionary[str, asyncio.Lock] = WeakValueDictionary()

    def lock(self, key: str) -> asyncio.Lock:
        lock = self._locks.get(key)
        if lock is None:
            lock = self._locks[key] = asyncio.Lock()
        return lock

"""The request IDs one process answered lately, in memory: the de-duplication that still
holds when the shared one (the store) cannot answer in time."""

from __future__ import annotations

from collections import OrderedDict

# Slack retries an event three times within about five minutes: 20,000 IDs cover that
# window up to about 60 events a second, in about 2 MB.
REMEMBERED = 20_000


class RecentIds:
    def __init__(self, size: int = REMEMBERED) -> None:
        self._size = size
        self._ids: OrderedDict[str, None] = OrderedDict()

    def first(self, key: str) -> bool:
        """True the first time ``key`` is seen (among the last ``size`` keys)."""
        if key in self._ids:
            self._ids.move_to_end(key)
            return False
        self._ids[key] = None
        if len(self._ids) > self._size:
            self._ids.popitem(last=False)
        return True

"""The knowledge base in use, reloaded without a restart when its files change.

A reload validates the new files first and swaps the knowledge base and its matcher in
one assignment, so a request sees either the old pair or the new one, never a mix. An
invalid edit is logged with its ``file:line`` problems and the previous version stays.
"""

from __future__ import annotations

import asyncio
import gc
import logging
from dataclasses import dataclass
from pathlib import Path

from bot.config import default_knowledge_dir
from bot.domain.knowledge import KnowledgeBase
from bot.domain.matching import Matcher
from bot.knowledge_files import KnowledgeError, load_knowledge

log = logging.getLogger(__name__)

Fingerprint = tuple[tuple[str, int, int], ...]


@dataclass(frozen=True)
class Loaded:
    kb: KnowledgeBase
    matcher: Matcher
    fingerprint: Fingerprint


def _fingerprint(directory: Path) -> Fingerprint:
    try:
        paths = [directory] if directory.is_file() else sorted(directory.glob("*.y*ml"))
        return tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in paths)
    except OSError:  # a file vanished mid-save: try again on the next tick
        return ()


class LiveKnowledge:
    def __init__(self, directory: Path | str | None, kb: KnowledgeBase | None = None):
        """Load now (raising KnowledgeError when invalid) unless ``kb`` is given."""
        # Resolved once: the poll must not read .env again every tick.
        self.directory = Path(directory) if directory else default_knowledge_dir()
        kb = kb or load_knowledge(self.directory)
        self._current = Loaded(kb, Matcher(kb), self._fingerprint())
        self.reloads = 0
        self.rejected = 0

    @property
    def kb(self) -> KnowledgeBase:
        return self._current.kb

    @property
    def matcher(self) -> Matcher:
        return self._current.matcher

    def _fingerprint(self) -> Fingerprint:
        return _fingerprint(self.directory)

    def reload(self) -> bool:
        """Load the files again; True when the new version is now in use."""
        fingerprint = self._fingerprint()
        try:
            kb = load_knowledge(self.directory)
        except KnowledgeError as exc:
            self.rejected += 1
            # Remember the bad version so the watcher does not log it every tick.
            self._current = Loaded(self.kb, self.matcher, fingerprint)
            log.error("event=knowledge_rejected kept=previous problems=%d\n%s",
                      len(exc.problems), "\n".join(exc.problems))
            return False
        self._current = Loaded(kb, Matcher(kb), fingerprint)
        gc.freeze()  # as at start-up (runner.serve): long-lived, keep it out of collections
        self.reloads += 1
        log.info("event=knowledge_reloaded entries=%d", len(kb.entries))
        return True

    def changed(self) -> bool:
        return self._fingerprint() != self._current.fingerprint

    async def watch(self, interval: float = 2.0) -> None:
        """Poll the files' size and mtime (no extra dependency, works on every platform
        and on mounted volumes where inotify does not); reload in a worker thread."""
        while True:
            await asyncio.sleep(interval)
            if self.changed():
                await asyncio.to_thread(self.reload)

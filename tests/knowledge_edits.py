"""Editing a copy of the knowledge base, for the reload tests (bot-level and end to end)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from bot.config import default_knowledge_dir

NEW_CODE = "MADE_UP_RELOAD_ERROR"
NEW_ENTRY = f"""
  - code: {NEW_CODE}
    category: error
    actor: admin
    summary: A code that exists only in this test.
    meaning: It proves that a reload picked up the edited file.
    steps:
      - Do the one thing.
    links:
      - title: Errors article
        url: https://learn.microsoft.com/en-us/entra/identity/authentication/howto-mfa-nps-extension-errors
"""


def copy_knowledge(tmp_path: Path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(default_knowledge_dir(), target)
    return target


def edit(path: Path, text: str) -> None:
    """Rewrite ``path`` so that a watcher sees the change even on a coarse clock."""
    before = path.stat().st_mtime_ns
    path.write_text(text)
    if path.stat().st_mtime_ns == before:
        os.utime(path, ns=(before + 1_000_000, before + 1_000_000))

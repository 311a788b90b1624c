"""A ready-to-send Slack message: fallback text plus blocks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Message:
    text: str  # fallback for notifications and screen readers; Slack shows it when blocks fail
    blocks: list[dict[str, Any]]

    def __post_init__(self) -> None:
        if not self.text.strip():
            raise ValueError("a message needs fallback text")

    def as_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for chat.postMessage / chat.update / chat.postEphemeral."""
        return {"text": self.text, "blocks": self.blocks}

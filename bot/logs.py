"""Structured log lines, with tokens and personal data redacted from every record.

Redaction runs when a record is created (a log-record factory), not only in our own
handler: records from slack_sdk, slack_bolt and aiohttp propagate to handlers we do not
own (a platform's collector, pytest's capture), and each of them must see clean text.
"""

from __future__ import annotations

import logging
import re
import sys
import time
from collections.abc import Iterable

_PATTERNS = (
    (re.compile(r"\bxox[abeoprs]-[A-Za-z0-9-]+"), "xox*-[redacted]"),
    (re.compile(r"\bxapp-[A-Za-z0-9-]+"), "xapp-[redacted]"),
    (re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"), "[email]"),
    (
        re.compile(
            r"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b"
        ),
        "[guid]",
    ),
)
# Library loggers log request and response bodies (so pastes) at DEBUG: never go below INFO.
_CHATTY_LIBRARIES = ("slack_bolt", "slack_sdk", "aiohttp")

REQUEST_LOGGER = "mfa_bot.requests"


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    for secret in secrets:
        if secret:
            text = text.replace(secret, "[redacted]")
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactingFilter(logging.Filter):
    """Rewrites a record in place: message (with its args merged in), traceback, stack."""

    def __init__(self, secrets: Iterable[str] = ()):
        super().__init__()
        self.secrets = tuple(s for s in secrets if s)
        self._formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not lose the line (nor its secrets)
            message = f"{record.msg} {record.args}"
        record.msg = redact(message, self.secrets)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text, self.secrets)
        if record.stack_info:
            record.stack_info = redact(record.stack_info, self.secrets)
        return True


_plain_factory = logging.getLogRecordFactory()


def install_redaction(secrets: Iterable[str] = ()) -> RedactingFilter:
    """Make every record created from now on pass through one RedactingFilter.

    Calling it again replaces the previous filter (its secrets), never stacks them."""
    redacting = RedactingFilter(secrets)

    def factory(*args, **kwargs) -> logging.LogRecord:
        record = _plain_factory(*args, **kwargs)
        redacting.filter(record)
        return record

    logging.setLogRecordFactory(factory)
    return redacting


def setup_logging(level: str = "INFO", secrets: Iterable[str] = ()) -> None:
    """One stderr handler on the root logger, redaction installed, libraries kept quiet."""
    redacting = install_redaction(secrets)
    root = logging.getLogger()
    root.setLevel(level)
    ours = [h for h in root.handlers if getattr(h, "mfa_bot", False)]
    handler = ours[0] if ours else logging.StreamHandler(sys.stderr)
    handler.mfa_bot = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    handler.filters = [redacting]  # records made before install_redaction, just in case
    if not ours:
        root.addHandler(handler)
    quiet = max(logging.INFO, logging.getLevelName(level))
    for name in _CHATTY_LIBRARIES:
        logging.getLogger(name).setLevel(quiet)


def _value(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.1f}"
    if isinstance(value, list | tuple | set | frozenset):
        return ",".join(str(v) for v in value) or "-"
    text = str(value) if value is not None else "-"
    return text.replace(" ", "_") or "-"


def log_request(event: str, started: float, **fields: object) -> None:
    """One ``key=value`` line per handled request. ``started`` is a time.perf_counter().

    Pass codes, IDs and counts only: never the user's text."""
    parts = [f"event={event}"]
    parts += [f"{key}={_value(value)}" for key, value in fields.items()]
    parts.append(f"ms={(time.perf_counter() - started) * 1000:.1f}")
    logging.getLogger(REQUEST_LOGGER).info(" ".join(parts))

"""Structured log lines, with tokens and personal data redacted from every record.

Redaction runs when a record is created (a log-record factory), not only in our own
handler: records from slack_sdk, slack_bolt and aiohttp propagate to handlers we do not
own (a platform's collector, pytest's capture), and each of them must see clean text.
The same step withholds the request bodies slack_bolt writes into some of its messages,
and escapes line breaks and control characters, so that one record is one line and
nothing a client sends can start a line of its own.
"""

from __future__ import annotations

import logging
import re
import sys
import time
from collections.abc import Callable, Iterable
from typing import Any

# (needle, pattern, replacement): a text without the needle cannot match, so the pattern
# is skipped (most lines have no "@", no token).
_PATTERNS = (
    ("xox", re.compile(r"\bxox[abeoprs]-[A-Za-z0-9-]+"), "xox*-[redacted]"),
    ("xapp-", re.compile(r"\bxapp-[A-Za-z0-9-]+"), "xapp-[redacted]"),
    ("@", re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"), "[email]"),
    (
        "-",
        re.compile(
            r"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b"
        ),
        "[guid]",
    ),
)
# Library loggers log request and response bodies (so pastes) at DEBUG: never go below INFO.
_CHATTY_LIBRARIES = ("slack_bolt", "slack_sdk", "aiohttp")

REQUEST_LOGGER = "mfa_bot.requests"

# slack_bolt messages that end with the whole request (pasted text included): a bad
# signature, a middleware that neither answered nor passed the request on, an unhandled
# request. Only the part before the request is kept.
_BOLT_BODY_TAILS = re.compile(
    r"(?P<kept>Invalid request signature detected"
    r"|A global middleware \(.*?\) skipped calling either `next\(\)` or `next_\(\)`"
    r" without providing a response for the request"
    r"|Unhandled request).*",
    re.DOTALL,
)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(found: re.Match[str]) -> str:
    char = found[0]
    return _ESCAPES.get(char) or (
        f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")


def one_line(text: str) -> str:
    """Line breaks and other control characters as visible escapes (``\\n``, ``\\x1b``)."""
    return _CONTROL.sub(_escape, text)


def withhold_bodies(message: str) -> str:
    """A slack_bolt message without the request it would quote (its loggers are named
    after the app as well as ``slack_bolt.*``, so the wording decides, not the name)."""
    found = _BOLT_BODY_TAILS.match(message)
    return message if found is None else f"{found['kept']} (request withheld)"


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    for secret in secrets:
        if secret:
            text = text.replace(secret, "[redacted]")
    for needle, pattern, replacement in _PATTERNS:
        if needle in text:
            text = pattern.sub(replacement, text)
    return text


class RedactingFilter(logging.Filter):
    """Rewrites a record in place: message (with its args merged in), traceback, stack,
    each redacted and made one line."""

    def __init__(self, secrets: Iterable[str] = ()):
        super().__init__()
        self.secrets = tuple(s for s in secrets if s)
        self._formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        done = getattr(record, "mfa_bot_redacted", None)
        if done is not None and done[0] is self and done[1] is record.msg and not record.args:
            return True  # by the factory already, and not changed since
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not lose the line (nor its secrets)
            message = f"{record.msg} {record.args}"
        record.msg = one_line(redact(withhold_bodies(message), self.secrets))
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = one_line(redact(record.exc_text, self.secrets))
        if record.stack_info:
            record.stack_info = one_line(redact(record.stack_info, self.secrets))
        record.mfa_bot_redacted = (self, record.msg)
        return True


_plain_factory = logging.getLogRecordFactory()


def install_redaction(secrets: Iterable[str] = ()) -> RedactingFilter:
    """Make every record created from now on pass through one RedactingFilter.

    Calling it again replaces the previous filter (its secrets), never stacks them."""
    redacting = RedactingFilter(secrets)

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
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


def log_request(event: str, started: float, level: int = logging.INFO, **fields: object
                ) -> None:
    """One ``key=value`` line per handled request. ``started`` is a time.perf_counter().

    Pass codes, IDs and counts only: never the user's text."""
    logger = logging.getLogger(REQUEST_LOGGER)
    if not logger.isEnabledFor(level):
        return
    parts = [f"event={event}"]
    parts += [f"{key}={_value(value)}" for key, value in fields.items()]
    parts.append(f"ms={(time.perf_counter() - started) * 1000:.1f}")
    logger.log(level, " ".join(parts))


class Tally:
    """Counts by reason: each count is handed to ``on_count`` (a metric) at once and
    logged as one WARNING line of the counts since the last one, at most every
    ``every_seconds``: a flood of refused requests or slow clients must not become a flood
    of log lines. ``totals`` holds every count since start."""

    def __init__(self, logger: logging.Logger, event: str, every_seconds: float,
                 reasons: Iterable[str] = (),
                 on_count: Callable[[str], None] | None = None) -> None:
        self.totals = dict.fromkeys(reasons, 0)
        self._logger, self._event, self._every = logger, event, every_seconds
        self._on_count = on_count
        self._unlogged: dict[str, int] = {}
        self._logged_at = -every_seconds

    def count(self, reason: str, context: str = "") -> None:
        """Count one ``reason``; ``context`` goes before the counts (``status=401``)."""
        self.totals[reason] = self.totals.get(reason, 0) + 1
        if self._on_count is not None:
            self._on_count(reason)
        self._unlogged[reason] = self._unlogged.get(reason, 0) + 1
        now = time.monotonic()
        if now - self._logged_at >= self._every:
            self._logged_at = now
            counts = " ".join(f"{k}={v}" for k, v in sorted(self._unlogged.items()))
            self._logger.warning("event=%s%s %s", self._event,
                                 f" {context}" if context else "", counts)
            self._unlogged.clear()

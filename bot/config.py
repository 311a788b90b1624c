"""Settings from the environment (and a ``.env`` file), validated once at start-up.

Every problem is a ``ConfigError`` whose message names the setting and what to do; no
message ever contains a secret value.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from dotenv import dotenv_values

from bot.domain.webhook import WebhookFormat, url_problem
from bot.store.url import parse_database_url

MODES = ("http", "socket")
DEFAULT_API_URL = "https://slack.com/api/"
DEFAULT_DATABASE_URL = "sqlite:///mfa-bot.sqlite3"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")

_CHANNEL_RE = re.compile(r"^[CG][A-Z0-9]{2,}$")
_GROUP_RE = re.compile(r"^S[A-Z0-9]{2,}$")


def default_knowledge_dir() -> Path:
    """$MFA_BOT_KNOWLEDGE_DIR, else the checkout's knowledge/, else the copy that a
    non-editable ``pip install`` puts under ``<prefix>/share/mfa-bot/knowledge``."""
    configured = os.environ.get("MFA_BOT_KNOWLEDGE_DIR")
    if configured:
        return Path(configured)
    checkout = Path(__file__).resolve().parents[1] / "knowledge"
    installed = Path(sys.prefix) / "share" / "mfa-bot" / "knowledge"
    return checkout if checkout.is_dir() or not installed.is_dir() else installed


class ConfigError(Exception):
    """A setting is missing or wrong; the message is one line meant for a person."""


def read_dotenv(path: Path) -> dict[str, str]:
    """``KEY=value`` lines as python-dotenv reads them (quotes, ``export``, comments).
    No ``${VAR}`` expansion: a secret containing ``$`` is taken as written."""
    values = dotenv_values(path, interpolate=False, encoding="utf-8")
    return {key: value for key, value in values.items() if value is not None}


def load_environ(
    environ: Mapping[str, str] | None = None, dotenv: Path | None = Path(".env")
) -> dict[str, str]:
    """The process environment over the ``.env`` file: a real variable always wins."""
    merged = read_dotenv(dotenv) if dotenv is not None and dotenv.is_file() else {}
    merged.update(os.environ if environ is None else environ)
    return merged


@dataclass(frozen=True)
class Settings:
    mode: str  # "http" or "socket"
    bot_token: str = field(repr=False)
    signing_secret: str = field(default="", repr=False)
    app_token: str = field(default="", repr=False)
    api_url: str = DEFAULT_API_URL
    port: int = 3000
    database_url: str = field(default=DEFAULT_DATABASE_URL, repr=False)  # may hold a password
    support_channel: str | None = None
    support_group: str | None = None
    knowledge_dir: Path | None = None  # None: the repository's knowledge/
    log_level: str = "INFO"
    max_bundle_mb: int = 50  # largest attached log bundle the bot downloads
    handoff_webhook_url: str | None = field(default=None, repr=False)  # may hold a token
    handoff_webhook_secret: str = field(default="", repr=False)
    handoff_webhook_format: WebhookFormat = WebhookFormat.JSON
    card_expiry_minutes: int = 60  # a card later than this is dropped, not posted
    outbox_degraded_minutes: int = 10  # /healthz: oldest undelivered item older than this
    outbox_lease_seconds: int = 120  # a process holds an item this long before others may

    @property
    def secrets(self) -> tuple[str, ...]:
        """Values that must never reach a log line."""
        return tuple(s for s in (self.bot_token, self.signing_secret, self.app_token,
                                 self.handoff_webhook_secret) if s)

    @classmethod
    def from_env(cls, environ: Mapping[str, str], mode: str | None = None) -> Settings:
        def get(name: str) -> str:
            return environ.get(name, "").strip()

        bot_token = get("SLACK_BOT_TOKEN")
        if not bot_token:
            raise ConfigError(
                "SLACK_BOT_TOKEN is missing: set it to the bot token (xoxb-...) from your "
                "app's OAuth & Permissions page"
            )
        if not bot_token.startswith("xoxb-"):
            raise ConfigError(
                "SLACK_BOT_TOKEN is not a bot token: it must start with xoxb- "
                "(copy the Bot User OAuth Token from OAuth & Permissions)"
            )
        app_token = get("SLACK_APP_TOKEN")
        if app_token and not app_token.startswith("xapp-"):
            raise ConfigError(
                "SLACK_APP_TOKEN is not an app-level token: it must start with xapp- "
                "(Basic Information > App-Level Tokens, scope connections:write)"
            )
        if mode is None:
            mode = "socket" if app_token else "http"
        if mode not in MODES:
            raise ConfigError(f"mode '{mode}' is unknown: use --http or --socket")
        if mode == "socket" and not app_token:
            raise ConfigError(
                "SLACK_APP_TOKEN is missing: Socket Mode needs an app-level token (xapp-...) "
                "from Basic Information > App-Level Tokens, or run with --http"
            )
        signing_secret = get("SLACK_SIGNING_SECRET")
        if mode == "http" and not signing_secret:
            raise ConfigError(
                "SLACK_SIGNING_SECRET is missing: HTTP mode needs the Signing Secret from "
                "Basic Information > App Credentials, or set SLACK_APP_TOKEN for Socket Mode"
            )

        api_url = get("SLACK_API_URL") or DEFAULT_API_URL
        if not api_url.endswith("/"):
            api_url += "/"
        if not re.match(r"^https?://[^/\s]+/", api_url):
            raise ConfigError(
                "SLACK_API_URL is not a URL: use https://slack.com/api/ (or leave it unset)"
            )

        raw_port = get("PORT") or "3000"
        if not raw_port.isdigit() or not 1 <= int(raw_port) <= 65535:
            raise ConfigError(f"PORT '{raw_port}' is invalid: use a number from 1 to 65535")

        database_url = get("DATABASE_URL") or DEFAULT_DATABASE_URL
        try:
            parse_database_url(database_url)
        except ValueError as exc:  # its message names the setting and never echoes the URL
            raise ConfigError(str(exc)) from None

        support_channel = get("MFA_BOT_SUPPORT_CHANNEL") or None
        if support_channel and not _CHANNEL_RE.match(support_channel):
            raise ConfigError(
                f"MFA_BOT_SUPPORT_CHANNEL '{support_channel}' is not a channel ID: use the ID "
                "(C... or G..., from the channel's details), not its name"
            )
        support_group = get("MFA_BOT_SUPPORT_GROUP") or None
        if support_group and not _GROUP_RE.match(support_group):
            raise ConfigError(
                f"MFA_BOT_SUPPORT_GROUP '{support_group}' is not a user group ID: use the ID "
                "(S...), not its @handle"
            )

        raw_dir = get("MFA_BOT_KNOWLEDGE_DIR")
        knowledge_dir = Path(raw_dir) if raw_dir else None
        if knowledge_dir is not None and not knowledge_dir.exists():
            raise ConfigError(
                f"MFA_BOT_KNOWLEDGE_DIR '{raw_dir}' does not exist: point it at a directory "
                "of knowledge .yaml files, or unset it to use the bundled knowledge"
            )

        log_level = (get("LOG_LEVEL") or "INFO").upper()
        if log_level not in LOG_LEVELS:
            raise ConfigError(f"LOG_LEVEL '{log_level}' is unknown: use {', '.join(LOG_LEVELS)}")

        raw_bundle = get("MFA_BOT_MAX_BUNDLE_MB") or "50"
        if not raw_bundle.isdigit() or not 1 <= int(raw_bundle) <= 500:
            raise ConfigError(
                f"MFA_BOT_MAX_BUNDLE_MB '{raw_bundle}' is invalid: use a number of megabytes "
                "from 1 to 500"
            )

        webhook_url = get("MFA_BOT_HANDOFF_WEBHOOK_URL") or None
        webhook_secret = get("MFA_BOT_HANDOFF_WEBHOOK_SECRET")
        raw_format = (get("MFA_BOT_HANDOFF_WEBHOOK_FORMAT") or "json").lower()
        if raw_format not in tuple(WebhookFormat):
            raise ConfigError(
                f"MFA_BOT_HANDOFF_WEBHOOK_FORMAT '{raw_format}' is unknown: use json or "
                "pagerduty"
            )
        if webhook_url is not None:
            problem = url_problem(webhook_url)
            if problem:  # never echo the URL: it may carry a token in its path
                raise ConfigError(f"MFA_BOT_HANDOFF_WEBHOOK_URL {problem}")
            if not webhook_secret:
                raise ConfigError(
                    "MFA_BOT_HANDOFF_WEBHOOK_SECRET is missing: set a long random string the "
                    "ticket system checks signatures with (for pagerduty: the routing key)"
                )

        card_expiry = _minutes(get, "MFA_BOT_CARD_EXPIRY_MINUTES", 60)
        degraded = _minutes(get, "MFA_BOT_OUTBOX_DEGRADED_MINUTES", 10)
        raw_lease = get("MFA_BOT_OUTBOX_LEASE_SECONDS") or "120"
        if not raw_lease.isascii() or not raw_lease.isdigit() or not 1 <= int(raw_lease) <= 3600:
            raise ConfigError(
                f"MFA_BOT_OUTBOX_LEASE_SECONDS '{raw_lease[:20]}' is invalid: use a number of "
                "seconds from 1 to 3600 (longer than one delivery attempt: 120 is safe)")

        return cls(
            mode=mode,
            bot_token=bot_token,
            signing_secret=signing_secret,
            app_token=app_token,
            api_url=api_url,
            port=int(raw_port),
            database_url=database_url,
            support_channel=support_channel,
            support_group=support_group,
            knowledge_dir=knowledge_dir,
            log_level=log_level,
            max_bundle_mb=int(raw_bundle),
            handoff_webhook_url=webhook_url,
            handoff_webhook_secret=webhook_secret,
            handoff_webhook_format=WebhookFormat(raw_format),
            card_expiry_minutes=card_expiry,
            outbox_degraded_minutes=degraded,
            outbox_lease_seconds=int(raw_lease),
        )


def _minutes(get: Callable[[str], str], name: str, default: int) -> int:
    raw = get(name) or str(default)
    if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= 10080:
        raise ConfigError(f"{name} '{raw[:20]}' is invalid: use a number of minutes from 1 to "
                          "10080 (a week)")
    return int(raw)

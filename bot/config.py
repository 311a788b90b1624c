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
    non-editable ``pip install`` puts under ``<prefix>/share/mfa-bot/knowledge``. Only the
    process environment: the commands read ``.env`` themselves (Settings, bot.cli), so
    tests and tools do not depend on the directory they run in."""
    configured = os.environ.get("MFA_BOT_KNOWLEDGE_DIR")
    if configured:
        return Path(configured)
    checkout = Path(__file__).resolve().parents[1] / "knowledge"
    installed = Path(sys.prefix) / "share" / "mfa-bot" / "knowledge"
    return checkout if checkout.is_dir() or not installed.is_dir() else installed


class ConfigError(Exception):
    """Settings are missing or wrong: one line per problem, each meant for a person."""

    def __init__(self, *problems: str) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def read_dotenv(path: Path) -> dict[str, str]:
    """``KEY=value`` lines as python-dotenv reads them (quotes, ``export``, comments).
    No ``${VAR}`` expansion: a secret containing ``$`` is taken as written."""
    try:
        values = dotenv_values(path, interpolate=False, encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:  # the reason only: never its content
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        raise ConfigError(f"{path} cannot be read ({reason}): it must be a UTF-8 text "
                          "file of KEY=value lines") from None
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

        problems: list[str] = []  # every problem at once, not one per attempt
        bot_token = get("SLACK_BOT_TOKEN")
        if not bot_token:
            problems.append(
                "SLACK_BOT_TOKEN is missing: set it to the bot token (xoxb-...) from your "
                "app's OAuth & Permissions page"
            )
        elif not bot_token.startswith("xoxb-"):
            problems.append(
                f"SLACK_BOT_TOKEN ({describe(bot_token)}) is not a bot token: it must start "
                "with xoxb- (copy the Bot User OAuth Token from OAuth & Permissions)"
                + _belongs_elsewhere("SLACK_BOT_TOKEN", bot_token)
            )
        app_token = get("SLACK_APP_TOKEN")
        if app_token and not app_token.startswith("xapp-"):
            problems.append(
                f"SLACK_APP_TOKEN ({describe(app_token)}) is not an app-level token: it must "
                "start with xapp- (Basic Information > App-Level Tokens, scope "
                "connections:write)" + _belongs_elsewhere("SLACK_APP_TOKEN", app_token)
            )
        if mode is None:
            mode = "socket" if app_token else "http"
        if mode not in MODES:
            raise ConfigError(f"mode '{mode}' is unknown: use --http or --socket")
        if mode == "socket" and not app_token:
            problems.append(
                "SLACK_APP_TOKEN is missing: Socket Mode needs an app-level token (xapp-...) "
                "from Basic Information > App-Level Tokens, or run with --http"
            )
        signing_secret = get("SLACK_SIGNING_SECRET")
        if mode == "http" and not signing_secret:
            # With an app token, HTTP mode was asked for (--http, the Dockerfile, Procfile).
            other = ("SLACK_APP_TOKEN is set: run without --http (in Docker, override the "
                     "command with `mfa-bot run`) for Socket Mode"
                     if app_token.startswith("xapp-") else "or set SLACK_APP_TOKEN for "
                     "Socket Mode")
            problems.append(
                "SLACK_SIGNING_SECRET is missing: HTTP mode needs the Signing Secret from "
                f"Basic Information > App Credentials; {other}"
            )
        elif signing_secret and _belongs_elsewhere("SLACK_SIGNING_SECRET", signing_secret):
            # a token here would fail every signature check
            problems.append(
                f"SLACK_SIGNING_SECRET ({describe(signing_secret)}) is not a signing secret "
                "(32 hexadecimal characters from Basic Information > App Credentials)"
                + _belongs_elsewhere("SLACK_SIGNING_SECRET", signing_secret)
            )

        api_url = get("SLACK_API_URL") or DEFAULT_API_URL
        if not api_url.endswith("/"):
            api_url += "/"
        if not re.match(r"^https?://[^/\s]+/", api_url):
            problems.append(
                f"SLACK_API_URL ({describe(api_url)}) is not a URL: use https://slack.com/api/ "
                "(or leave it unset)" + _belongs_elsewhere("SLACK_API_URL", api_url)
            )
        elif "@" in api_url.split("/", 3)[2]:  # never printed: it holds a password
            problems.append(
                "SLACK_API_URL must not carry a user name or password (user:password@): "
                "remove them, Slack calls are authorised by the tokens alone"
            )

        raw_port = get("PORT") or "3000"
        if not raw_port.isdigit() or not 1 <= int(raw_port) <= 65535:
            problems.append(f"PORT ({describe(raw_port)}) is invalid: use a number from 1 to "
                            "65535" + _belongs_elsewhere("PORT", raw_port))

        database_url = get("DATABASE_URL") or DEFAULT_DATABASE_URL
        try:
            parse_database_url(database_url)
        except ValueError as exc:  # its message never echoes the URL
            message = str(exc)
            if not message.startswith("DATABASE_URL"):  # urlsplit's own, e.g. a bad IPv6 host
                message = f"DATABASE_URL is not a valid URL ({message})"
            problems.append(message + _belongs_elsewhere("DATABASE_URL", database_url))

        support_channel = get("MFA_BOT_SUPPORT_CHANNEL") or None
        if support_channel and not _CHANNEL_RE.match(support_channel):
            problems.append(
                f"MFA_BOT_SUPPORT_CHANNEL ({describe(support_channel)}) is not a channel ID: "
                "use the ID (C... or G..., from the channel's details), not its name"
                + _belongs_elsewhere("MFA_BOT_SUPPORT_CHANNEL", support_channel)
            )
        support_group = get("MFA_BOT_SUPPORT_GROUP") or None
        if support_group and not _GROUP_RE.match(support_group):
            problems.append(
                f"MFA_BOT_SUPPORT_GROUP ({describe(support_group)}) is not a user group ID: "
                "use the ID (S...), not its @handle"
                + _belongs_elsewhere("MFA_BOT_SUPPORT_GROUP", support_group)
            )

        raw_dir = get("MFA_BOT_KNOWLEDGE_DIR")
        knowledge_dir = Path(raw_dir) if raw_dir else None
        if knowledge_dir is not None and not knowledge_dir.exists():
            problems.append(
                f"MFA_BOT_KNOWLEDGE_DIR ({describe(raw_dir)}) does not exist: point it at a "
                "directory of knowledge .yaml files, or unset it to use the bundled knowledge"
                + _belongs_elsewhere("MFA_BOT_KNOWLEDGE_DIR", raw_dir)
            )

        log_level = (get("LOG_LEVEL") or "INFO").upper()
        if log_level not in LOG_LEVELS:
            raw_level = get("LOG_LEVEL")
            problems.append(f"LOG_LEVEL ({describe(raw_level)}) is unknown: use "
                            f"{', '.join(LOG_LEVELS)}" + _belongs_elsewhere("LOG_LEVEL", raw_level))

        raw_bundle = get("MFA_BOT_MAX_BUNDLE_MB") or "50"
        if not raw_bundle.isdigit() or not 1 <= int(raw_bundle) <= 500:
            problems.append(
                f"MFA_BOT_MAX_BUNDLE_MB ({describe(raw_bundle)}) is invalid: use a number of "
                "megabytes from 1 to 500" + _belongs_elsewhere("MFA_BOT_MAX_BUNDLE_MB", raw_bundle)
            )

        webhook_url = get("MFA_BOT_HANDOFF_WEBHOOK_URL") or None
        webhook_secret = get("MFA_BOT_HANDOFF_WEBHOOK_SECRET")
        raw_format = (get("MFA_BOT_HANDOFF_WEBHOOK_FORMAT") or "json").lower()
        if raw_format not in tuple(WebhookFormat):
            problems.append(
                f"MFA_BOT_HANDOFF_WEBHOOK_FORMAT ({describe(raw_format)}) is unknown: use json "
                "or pagerduty" + _belongs_elsewhere("MFA_BOT_HANDOFF_WEBHOOK_FORMAT", raw_format)
            )
        if webhook_url is not None:
            problem = url_problem(webhook_url)
            if problem:  # never echo the URL: it may carry a token in its path
                problems.append(f"MFA_BOT_HANDOFF_WEBHOOK_URL {problem}"
                                + _belongs_elsewhere("MFA_BOT_HANDOFF_WEBHOOK_URL", webhook_url))
            if not webhook_secret:
                problems.append(
                    "MFA_BOT_HANDOFF_WEBHOOK_SECRET is missing: set a long random string the "
                    "ticket system checks signatures with (for pagerduty: the routing key)"
                )

        card_expiry = _minutes(get, "MFA_BOT_CARD_EXPIRY_MINUTES", 60, problems)
        degraded = _minutes(get, "MFA_BOT_OUTBOX_DEGRADED_MINUTES", 10, problems)
        raw_lease = get("MFA_BOT_OUTBOX_LEASE_SECONDS") or "120"
        if not raw_lease.isascii() or not raw_lease.isdigit() or not 1 <= int(raw_lease) <= 3600:
            problems.append(
                f"MFA_BOT_OUTBOX_LEASE_SECONDS ({describe(raw_lease)}) is invalid: use a number "
                "of seconds from 1 to 3600 (longer than one delivery attempt: 120 is safe)"
                + _belongs_elsewhere("MFA_BOT_OUTBOX_LEASE_SECONDS", raw_lease))
        if problems:
            raise ConfigError(*problems)

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


def _minutes(get: Callable[[str], str], name: str, default: int, problems: list[str]) -> int:
    raw = get(name) or str(default)
    if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= 10080:
        problems.append(f"{name} ({describe(raw)}) is invalid: use a number of minutes from 1 "
                        "to 10080 (a week)" + _belongs_elsewhere(name, raw))
        return default
    return int(raw)


# Shapes of the secrets people paste into the wrong variable: (prefix or pattern, what it
# looks like, where it belongs). A user token (xoxp-) belongs nowhere: mfa-bot needs none.
_SECRET_SHAPES: tuple[tuple[re.Pattern[str], str, str | None], ...] = (
    (re.compile(r"^xoxb-"), "a bot token (xoxb-…)", "SLACK_BOT_TOKEN"),
    (re.compile(r"^xapp-"), "an app-level token (xapp-…)", "SLACK_APP_TOKEN"),
    (re.compile(r"^xox[a-z]-"), "a Slack user or legacy token (xox…-…)", None),
    (re.compile(r"^[0-9a-fA-F]{32}$"), "a signing secret (32 hexadecimal characters)",
     "SLACK_SIGNING_SECRET"),
)


_EMBEDDED_TOKEN = re.compile(r"(?:^|[^A-Za-z0-9])(xox[a-z]-|xapp-)")


def _token_home(value: str) -> tuple[str, str | None] | None:
    """(what ``value`` looks like, the variable it belongs in) when it looks like a secret."""
    for pattern, looks_like, home in _SECRET_SHAPES:
        if pattern.match(value):
            return looks_like, home
    return None


def describe(value: str) -> str:
    """The shape of a bad value, for messages that must never echo it: its length and
    what kind of thing it looks like. Settings are where secrets live; a wrong one is
    often a secret pasted into the wrong line."""
    known = _token_home(value)
    if known is not None:
        return f"{len(value)} characters that look like {known[0]}"
    kinds = [kind for kind, test in (
        ("digits", str.isdigit), ("letters", str.isalpha), ("spaces", str.isspace),
    ) if any(test(c) for c in value)]
    others = sorted({c for c in value if not c.isalnum() and not c.isspace()})
    if others:
        kinds.append("symbols " + " ".join(others[:5]) + (" …" if len(others) > 5 else ""))
    start = f", starting with {value[0]}" if value and not value[0].isalnum() else ""
    inside = _EMBEDDED_TOKEN.search(value)
    token = f", with a Slack token ({inside.group(1)}…) inside" if inside else ""
    return f"{len(value)} characters: {', '.join(kinds) or 'nothing'}{start}{token}"


def _belongs_elsewhere(name: str, value: str) -> str:
    """'; it probably belongs in X' when ``value`` looks like another setting's secret."""
    known = _token_home(value)
    if known is None or known[1] == name:
        return ""
    home = known[1]
    if home is None:
        return "; mfa-bot never needs such a token: remove it"
    return f"; it probably belongs in {home}"

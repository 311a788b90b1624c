"""The bot-token scopes mfa-bot asks for (manifest.yml), and what stops working without each.

Used at start-up (one warning per missing scope) and by ``mfa-bot doctor``. Slack says
which scopes a token has in the ``x-oauth-scopes`` header of every Web API answer.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

SCOPES_HEADER = "x-oauth-scopes"
REINSTALL = "add it under oauth_config > scopes > bot in the manifest, then reinstall the app"


@dataclass(frozen=True)
class Feature:
    scope: str
    feature: str  # what the scope is for, as an admin would say it
    without: str  # what people notice when it is missing


FEATURES: tuple[Feature, ...] = (
    Feature("chat:write", "troubleshooting cards and replies are posted",
            "the bot cannot post anything"),
    Feature("commands", "/mfa-error and the \"Troubleshoot this error\" shortcut work",
            "/mfa-error and the message shortcut won't work"),
    Feature("app_mentions:read", "@mfa-bot mentions are answered",
            "@mfa-bot mentions won't be answered"),
    Feature("channels:history", "errors pasted in public channels are read",
            "errors pasted in public channels won't be seen"),
    Feature("groups:history", "errors pasted in private channels are read",
            "errors pasted in private channels won't be seen"),
    Feature("im:history", "errors sent in a direct message are read",
            "direct messages to the bot won't be seen"),
    Feature("channels:read", "members of a public support channel may take hand-offs",
            "members of a public support channel can't take hand-offs"),
    Feature("groups:read", "members of a private support channel may take hand-offs",
            "members of a private support channel can't take hand-offs"),
    Feature("usergroups:read", "MFA_BOT_SUPPORT_GROUP members may take hand-offs",
            "MFA_BOT_SUPPORT_GROUP members can't take hand-offs"),
    Feature("files:read", "attached logs are read", "attached logs won't be read"),
)


def granted_scopes(headers: Mapping[str, object] | None) -> frozenset[str] | None:
    """The scopes a Web API answer's headers list; None when Slack did not say."""
    for name, value in (headers or {}).items():
        if name.lower() == SCOPES_HEADER:
            text = ",".join(value) if isinstance(value, list) else str(value)
            return frozenset(s.strip() for s in text.split(",") if s.strip())
    return None


def missing_features(granted: Iterable[str]) -> list[Feature]:
    have = set(granted)
    return [f for f in FEATURES if f.scope not in have]

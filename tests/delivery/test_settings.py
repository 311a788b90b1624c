"""The outbox and webhook settings: defaults, checks, and secrets kept out of messages."""

from __future__ import annotations

import pytest

from bot.config import ConfigError, Settings
from bot.domain.webhook import WebhookFormat

BASE = {"SLACK_BOT_TOKEN": "xoxb-1-2-abc", "SLACK_SIGNING_SECRET": "s"}


def settings(**extra: str) -> Settings:
    return Settings.from_env({**BASE, **extra})


def test_defaults() -> None:
    s = settings()
    assert s.handoff_webhook_url is None
    assert s.handoff_webhook_format is WebhookFormat.JSON
    assert s.card_expiry_minutes == 60
    assert s.outbox_degraded_minutes == 10
    assert s.outbox_lease_seconds == 120


def test_a_webhook_with_its_secret() -> None:
    s = settings(MFA_BOT_HANDOFF_WEBHOOK_URL="https://x.example.com/h/TOKEN123",
                 MFA_BOT_HANDOFF_WEBHOOK_SECRET="shh-secret",
                 MFA_BOT_HANDOFF_WEBHOOK_FORMAT="PagerDuty",
                 MFA_BOT_CARD_EXPIRY_MINUTES="5")
    assert s.handoff_webhook_format is WebhookFormat.PAGERDUTY
    assert s.card_expiry_minutes == 5
    assert "shh-secret" in s.secrets
    assert "TOKEN123" not in repr(s) and "shh-secret" not in repr(s)


@pytest.mark.parametrize(("extra", "named"), [
    ({"MFA_BOT_HANDOFF_WEBHOOK_URL": "http://tickets.example.com/TOKEN123",
      "MFA_BOT_HANDOFF_WEBHOOK_SECRET": "x"}, "must use https"),
    ({"MFA_BOT_HANDOFF_WEBHOOK_URL": "https://tickets.example.com/TOKEN123"},
     "MFA_BOT_HANDOFF_WEBHOOK_SECRET is missing"),
    ({"MFA_BOT_HANDOFF_WEBHOOK_FORMAT": "xml"}, "MFA_BOT_HANDOFF_WEBHOOK_FORMAT"),
    ({"MFA_BOT_CARD_EXPIRY_MINUTES": "0"}, "MFA_BOT_CARD_EXPIRY_MINUTES"),
    ({"MFA_BOT_CARD_EXPIRY_MINUTES": "soon"}, "MFA_BOT_CARD_EXPIRY_MINUTES"),
    ({"MFA_BOT_OUTBOX_DEGRADED_MINUTES": "-3"}, "MFA_BOT_OUTBOX_DEGRADED_MINUTES"),
    ({"MFA_BOT_OUTBOX_LEASE_SECONDS": "0"}, "MFA_BOT_OUTBOX_LEASE_SECONDS"),
])
def test_wrong_settings_are_named_without_secrets(extra: dict[str, str], named: str) -> None:
    with pytest.raises(ConfigError) as caught:
        settings(**extra)
    assert named in str(caught.value)
    assert "TOKEN123" not in str(caught.value)

"""The app manifest asks for what the code listens to, and nothing more."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.slack.listeners.commands.mfa_error import COMMAND

MANIFEST = Path(__file__).resolve().parents[2] / "manifest.yml"


def test_the_manifest_matches_the_listeners():
    manifest = yaml.safe_load(MANIFEST.read_text())
    [command] = manifest["features"]["slash_commands"]
    assert command["command"] == COMMAND
    settings = manifest["settings"]
    assert set(settings["event_subscriptions"]["bot_events"]) == {
        "app_mention", "message.channels", "message.groups", "message.im"}
    assert settings["interactivity"]["is_enabled"] is True
    assert set(manifest["oauth_config"]["scopes"]["bot"]) == {
        "chat:write", "commands", "app_mentions:read", "channels:history", "groups:history",
        "im:history"}
    assert manifest["features"]["bot_user"]["always_online"] is False

"""The app manifest asks for what the code listens to, and nothing more."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.slack.listeners.commands.mfa_error import COMMAND
from bot.slack.listeners.shortcuts.troubleshoot import CALLBACK_ID

MANIFEST = Path(__file__).resolve().parents[2] / "manifest.yml"


def test_the_manifest_matches_the_listeners():
    manifest = yaml.safe_load(MANIFEST.read_text())
    [command] = manifest["features"]["slash_commands"]
    assert command["command"] == COMMAND
    settings = manifest["settings"]
    assert set(settings["event_subscriptions"]["bot_events"]) == {
        "app_home_opened", "app_mention", "message.channels", "message.groups", "message.im"}
    assert settings["interactivity"]["is_enabled"] is True
    assert set(manifest["oauth_config"]["scopes"]["bot"]) == {
        "chat:write", "commands", "app_mentions:read", "channels:history", "groups:history",
        "im:history", "channels:read", "groups:read", "usergroups:read", "files:read"}
    assert manifest["features"]["bot_user"]["always_online"] is False


def test_the_manifest_has_the_shortcut_and_the_home_tab():
    features = yaml.safe_load(MANIFEST.read_text())["features"]
    [shortcut] = features["shortcuts"]
    assert (shortcut["type"], shortcut["callback_id"]) == ("message", CALLBACK_ID)
    assert len(shortcut["name"]) <= 24  # Slack's limit for a shortcut's name
    assert features["app_home"]["home_tab_enabled"] is True
    assert features["app_home"]["messages_tab_enabled"] is True  # DMs are pastes too

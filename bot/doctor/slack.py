"""Checks that ask Slack: the bot token and its scopes, the app token, the support
channel and the support group. Each returns a CheckResult and never raises for Slack
trouble; nothing here ever prints a token."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.web.async_client import AsyncWebClient

from bot.config import Settings
from bot.doctor.results import CheckResult, failed, passed, warned
from bot.slack.wiring.scopes import FEATURES, REINSTALL, granted_scopes, missing_features

_SIGNING_SECRET_RE = re.compile(r"^[0-9a-f]{32}$")
_TOKEN_REJECTED = {"invalid_auth", "not_authed", "account_inactive", "token_revoked",
                   "token_expired", "not_allowed_token_type"}
_UNREACHABLE = (SlackClientError, aiohttp.ClientError, TimeoutError)
DID_NOT_ANSWER = "Slack did not answer"


def _reason(exc: BaseException) -> str:
    """Slack's error code, or the kind of connection trouble: never the request."""
    if isinstance(exc, SlackApiError):
        return str(exc.response.get("error", "unknown_error"))
    return type(exc).__name__


def _unreachable(key: str, title: str, settings: Settings, exc: BaseException) -> CheckResult:
    return failed(key, title, f"{DID_NOT_ANSWER} at {settings.api_url} ({_reason(exc)})",
                  "check this host's connection to Slack (proxy, firewall), and SLACK_API_URL "
                  "if you set it")


async def check_bot_token(
    client: AsyncWebClient, settings: Settings
) -> tuple[CheckResult, Mapping[str, Any] | None]:
    """The token check, and the auth.test answer's headers (None when it failed)."""
    key, title = "bot_token", "Bot token"
    try:
        auth = await client.auth_test()
    except SlackApiError as exc:
        reason = _reason(exc)
        fix = ("copy the Bot User OAuth Token (xoxb-...) again from OAuth & Permissions into "
               "SLACK_BOT_TOKEN, and reinstall the app if it was removed")
        if reason not in _TOKEN_REJECTED:
            fix = f"Slack answered {reason}; {fix}"
        return failed(key, title, f"Slack rejected SLACK_BOT_TOKEN ({reason})", fix), None
    except _UNREACHABLE as exc:
        return _unreachable(key, title, settings, exc), None
    summary = (f"workspace {auth.get('team', '?')} ({auth.get('team_id', '?')}), "
               f"bot user @{auth.get('user', '?')} ({auth.get('user_id', '?')})")
    return passed(key, title, summary), auth.headers


def check_scopes(headers: Mapping[str, Any]) -> CheckResult:
    key, title = "scopes", "Scopes"
    granted = granted_scopes(headers)
    if granted is None:
        return warned(key, title, "Slack did not say which scopes the bot token has",
                      "compare OAuth & Permissions > Scopes with manifest.yml by hand")
    missing = missing_features(granted)
    wanted = len(FEATURES)
    if not missing:
        return passed(key, title, f"all {wanted} scopes the features need are granted")
    return failed(
        key, title, f"{wanted - len(missing)} of {wanted} scopes granted",
        *(f"{f.scope} missing: {f.without}; {REINSTALL}" for f in missing),
    )


def check_signing_secret(settings: Settings) -> CheckResult:
    key, title = "signing_secret", "Signing secret"
    secret = settings.signing_secret
    if not secret:
        return passed(key, title, "not set: not needed in Socket Mode")
    if not _SIGNING_SECRET_RE.match(secret):
        return failed(key, title, "SLACK_SIGNING_SECRET does not look like a signing secret "
                      "(32 lower-case hexadecimal characters)",
                      "copy the Signing Secret again from Basic Information > App Credentials "
                      "(not the Client Secret, nor the Verification Token)")
    return passed(key, title, "the format is right (Slack proves it only when it calls in)")


async def check_app_token(client: AsyncWebClient, settings: Settings) -> CheckResult:
    key, title = "app_token", "App token"
    if not settings.app_token:
        return passed(key, title, "not set: not needed in HTTP mode")
    fix = ("generate an app-level token with the connections:write scope under Basic "
           "Information > App-Level Tokens, put it in SLACK_APP_TOKEN, and make sure "
           "Socket Mode is on")
    try:
        # Gives a one-off connection URL, unused here; it expires on its own.
        await client.apps_connections_open(app_token=settings.app_token)
    except SlackApiError as exc:
        return failed(key, title, f"Slack refused a Socket Mode connection ({_reason(exc)})",
                      fix)
    except _UNREACHABLE as exc:
        return _unreachable(key, title, settings, exc)
    return passed(key, title, "Socket Mode connections open")


async def check_support_channel(client: AsyncWebClient, settings: Settings) -> CheckResult:
    key, title = "support_channel", "Support channel"
    channel_id = settings.support_channel
    if not channel_id:
        return warned(key, title, "MFA_BOT_SUPPORT_CHANNEL is not set: hand-offs to support "
                      "are off", "set it to your support channel's ID (C... or G..., from the "
                      "channel's details) and invite mfa-bot there")
    try:
        info = await client.conversations_info(channel=channel_id)
    except SlackApiError as exc:
        reason = _reason(exc)
        if reason == "channel_not_found":
            return failed(key, title, f"Slack knows no channel {channel_id} that mfa-bot can "
                          "see", "check MFA_BOT_SUPPORT_CHANNEL against the ID in the "
                          "channel's details; a private channel is hidden from mfa-bot until "
                          "you /invite @mfa-bot there")
        if reason == "missing_scope":
            return failed(key, title, f"mfa-bot may not read channel {channel_id}",
                          "channels:read (groups:read for a private channel) is missing; "
                          "add them under oauth_config > scopes > bot in the manifest, then "
                          "reinstall the app")
        return failed(key, title, f"Slack answered {reason} for channel {channel_id}",
                      "check MFA_BOT_SUPPORT_CHANNEL")
    except _UNREACHABLE as exc:
        return _unreachable(key, title, settings, exc)
    channel = info.get("channel") or {}
    name = f"#{channel.get('name') or channel_id}"
    if channel.get("is_archived"):
        return failed(key, title, f"{name} is archived: hand-offs cannot be posted there",
                      f"unarchive {name}, or set MFA_BOT_SUPPORT_CHANNEL to another channel")
    if not channel.get("is_member"):
        return failed(key, title, f"mfa-bot is not in {name}: hand-offs cannot be posted there",
                      f"type /invite @mfa-bot in {name}")
    return passed(key, title, f"{name} ({channel_id}), mfa-bot is a member")


async def check_support_group(client: AsyncWebClient, settings: Settings) -> CheckResult:
    key, title = "support_group", "Support group"
    group_id = settings.support_group
    if not group_id:
        return passed(key, title, "MFA_BOT_SUPPORT_GROUP is not set (optional)")
    try:
        groups = (await client.usergroups_list()).get("usergroups") or []
        group = next((g for g in groups if g.get("id") == group_id), None)
        if group is None:
            return failed(key, title, f"no enabled user group has the ID {group_id}",
                          "set MFA_BOT_SUPPORT_GROUP to the group's ID (S...), not its "
                          "@handle, and make sure the group is enabled")
        users = (await client.usergroups_users_list(usergroup=group_id)).get("users") or []
    except SlackApiError as exc:
        reason = _reason(exc)
        if reason == "missing_scope":
            return failed(key, title, "mfa-bot may not read user groups",
                          f"usergroups:read is missing; {REINSTALL}")
        return failed(key, title, f"Slack answered {reason} for user group {group_id}",
                      "check MFA_BOT_SUPPORT_GROUP")
    except _UNREACHABLE as exc:
        return _unreachable(key, title, settings, exc)
    handle = f"@{group.get('handle') or group_id}"
    if not users:
        return failed(key, title, f"{handle} ({group_id}) has no members: nobody in it can "
                      "take hand-offs", f"add your support people to {handle}")
    return passed(key, title, f"{handle} ({group_id}), {len(users)} member(s)")

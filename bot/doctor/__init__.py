"""``mfa-bot doctor``: check the settings ``run`` would use against Slack, the database,
the knowledge files and (with --url) the public address, one line per check.

Exit codes: 0 every check passed (warnings allowed), 1 a check failed, 2 the settings
cannot be used at all. Secrets are never printed: every line is also scrubbed of them.
"""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit

import aiohttp
from slack_sdk.web.async_client import AsyncWebClient

from bot.config import ConfigError, Settings, load_environ
from bot.doctor.database import check_database
from bot.doctor.local import check_knowledge, check_public_url, healthz_url
from bot.doctor.render import render_json, render_settings_error, render_text
from bot.doctor.results import CheckResult, Status, skipped
from bot.doctor.slack import (
    DID_NOT_ANSWER,
    check_app_token,
    check_bot_token,
    check_scopes,
    check_signing_secret,
    check_support_channel,
    check_support_group,
)
from bot.logs import redact

EXIT_OK, EXIT_FAILED, EXIT_SETTINGS = 0, 1, 2
# A person waits for doctor: one short try per Slack call, where the bot itself waits
# 30 s and retries (total for an unreachable Slack: one timeout, not minutes).
SLACK_TIMEOUT = 5.0


def _client(settings: Settings) -> AsyncWebClient:
    return AsyncWebClient(
        token=settings.bot_token, base_url=settings.api_url, timeout=int(SLACK_TIMEOUT),
        session=aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=SLACK_TIMEOUT)),
        retry_handlers=[],
    )


async def run_checks(settings: Settings, url: str | None) -> list[CheckResult]:
    client = _client(settings)
    try:
        token, headers = await check_bot_token(client, settings)
        unreachable = token.summary.startswith(DID_NOT_ANSWER)
        because = ("Slack did not answer" if unreachable
                   else "it needs a bot token that Slack accepts")
        results = [token, check_scopes(headers) if headers is not None
                   else skipped("scopes", "Scopes", because)]
        results.append(check_signing_secret(settings))
        if unreachable and settings.app_token:  # it would only wait for Slack again
            results.append(skipped("app_token", "App token", because))
        else:
            results.append(await check_app_token(client, settings))
        if headers is not None:
            results += [await check_support_channel(client, settings),
                        await check_support_group(client, settings)]
        else:  # without a working bot token these would only fail again
            results += [skipped("support_channel", "Support channel", because),
                        skipped("support_group", "Support group", because)]
    finally:
        if client.session is not None:
            await client.session.close()
    results.append(await check_database(settings.database_url))
    results.append(await asyncio.to_thread(check_knowledge, settings))
    if url is not None:
        results.append(await check_public_url(url))
    return results


def _secrets(settings: Settings) -> tuple[str, ...]:
    password = urlsplit(settings.database_url).password if "://" in settings.database_url \
        else None
    return (*settings.secrets, *((password,) if password else ()))


def doctor(mode: str | None, url: str | None, *, as_json: bool) -> tuple[int, str]:
    """Run every check; returns (exit code, what to print on standard output)."""
    if url is not None and healthz_url(url) is None:
        return EXIT_SETTINGS, render_settings_error(
            "--url must be the bot's address, e.g. https://mfa-bot.example.com",
            as_json=as_json)
    try:
        settings = Settings.from_env(load_environ(), mode)
    except ConfigError as exc:  # its message names the setting and never holds a secret
        return EXIT_SETTINGS, render_settings_error(str(exc), as_json=as_json)
    results = asyncio.run(run_checks(settings, url))
    code = EXIT_FAILED if any(r.status is Status.FAIL for r in results) else EXIT_OK
    text = render_json(results, code) if as_json else render_text(results)
    return code, redact(text, _secrets(settings))

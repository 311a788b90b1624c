"""``mfa-bot doctor``: check the settings ``run`` would use against Slack, the database,
the knowledge files and (with --url) the public address, one line per check.

Exit codes: 0 every check passed (warnings allowed), 1 a check failed, 2 the settings
cannot be used at all. Secrets are never printed: every line is also scrubbed of them.
"""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit

from bot.config import ConfigError, Settings, load_environ
from bot.doctor.database import check_database
from bot.doctor.local import check_knowledge, check_public_url, healthz_url
from bot.doctor.render import render_json, render_settings_error, render_text
from bot.doctor.results import CheckResult, Status
from bot.doctor.slack import (
    check_app_token,
    check_bot_token,
    check_scopes,
    check_signing_secret,
    check_support_channel,
    check_support_group,
)
from bot.logs import redact
from bot.metrics import Metrics
from bot.slack.wiring.app import build_client

EXIT_OK, EXIT_FAILED, EXIT_SETTINGS = 0, 1, 2


async def run_checks(settings: Settings, url: str | None) -> list[CheckResult]:
    client = build_client(settings, Metrics())  # the bot's own client; counted nowhere
    try:
        token, headers = await check_bot_token(client, settings)
        results = [token]
        if headers is not None:
            results.append(check_scopes(headers))
        results += [check_signing_secret(settings), await check_app_token(client, settings)]
        if headers is not None:  # without a working bot token these would only fail again
            results += [await check_support_channel(client, settings),
                        await check_support_group(client, settings)]
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

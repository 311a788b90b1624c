"""Checks of this host's own files and the bot's public address."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

import aiohttp

from bot.config import Settings
from bot.doctor.results import CheckResult, failed, passed
from bot.knowledge_files import KnowledgeError, load_knowledge

URL_TIMEOUT = 10.0  # seconds; Slack itself gives up after 3


def check_knowledge(settings: Settings) -> CheckResult:
    """What ``mfa-bot check-knowledge`` checks, on the files ``run`` would load."""
    key, title = "knowledge", "Knowledge"
    where = str(settings.knowledge_dir) if settings.knowledge_dir else "the bundled knowledge"
    try:
        kb = load_knowledge(settings.knowledge_dir)
    except KnowledgeError as exc:
        return failed(key, title, f"{where} is invalid: {len(exc.problems)} problem(s)",
                      *exc.problems, "fix these, then check with `mfa-bot check-knowledge`")
    return passed(key, title, f"{where}: {len(kb.entries)} entries, "
                  f"{len(kb.procedure.steps)} log-collection steps in {len(kb.files)} files")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def healthz_url(url: str) -> str | None:
    """``url``'s /healthz, or None when it is not an http(s) URL with a host."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return f"{parts.scheme}://{parts.netloc}/healthz"


async def check_public_url(url: str) -> CheckResult:
    """Slack calls only https:// addresses; http:// is accepted for this host itself
    (a bot checked from where it runs, behind its TLS proxy)."""
    key, title = "public_url", "Public URL"
    target = healthz_url(url)
    if target is None:
        return failed(key, title, "--url is not a URL", "give the address Slack calls, "
                      "e.g. https://mfa-bot.example.com")
    host = urlsplit(target).hostname or ""
    if target.startswith("http://") and not _is_loopback(host):
        return failed(key, title, f"{host} is given as http://: Slack calls only https:// "
                      "request URLs", "serve the bot behind HTTPS (a TLS proxy or your "
                      "platform's HTTPS) and use https:// in the manifest's request URLs")
    timeout = aiohttp.ClientTimeout(total=URL_TIMEOUT)
    try:
        async with aiohttp.ClientSession(timeout=timeout) as session, \
                session.get(target, allow_redirects=False) as response:
            status = response.status
            body = await response.json(content_type=None) if status in (200, 503) else None
    except aiohttp.ClientConnectorCertificateError:
        return failed(key, title, f"{host}'s TLS certificate is not valid",
                      "Slack refuses it too: install a certificate from a public authority")
    except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
        return failed(key, title, f"{target} did not answer ({type(exc).__name__})",
                      "check that the bot runs in HTTP mode and that this address reaches it "
                      "(DNS, proxy, firewall)")
    if status == 200 and isinstance(body, dict) and body.get("status") == "ok":
        return passed(key, title, f"{target} answers: "
                      f"{body.get('knowledge_entries', '?')} entries, store ok")
    if status == 503:
        return failed(key, title, f"{target} answers 503: the bot cannot reach its database",
                      "run `mfa-bot doctor` where the bot runs, and see its Database line")
    return failed(key, title, f"{target} answered HTTP {status}, not mfa-bot's health check",
                  "check that this address leads to mfa-bot (port, proxy rules)")

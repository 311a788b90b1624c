"""A secret pasted into the wrong setting is never printed back: ``run`` and ``doctor``
name the setting, describe the value's shape and say where such a value belongs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot import config
from bot.cli import main

BOT_TOKEN = "xoxb-9999999999-8888888888888-ZyXwVuTsRqPoNmLkJiHgFeDc"
APP_TOKEN = "xapp-1-A0ZZZZZZZZZ-7777777777777-0f1e2d3c4b5a69788796a5b4c3d2e1f0"
SIGNING_SECRET = "0123456789abcdef0123456789abcdef"
GOOD = {"SLACK_BOT_TOKEN": "xoxb-1111-2222-GoodTokenValue", "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": "http://127.0.0.1:9/api/"}
# Any string is a valid secret for the ticket system: nothing to reject there.
ANY_VALUE_IS_VALID = {"MFA_BOT_HANDOFF_WEBHOOK_SECRET"}


def every_setting() -> list[str]:
    """Every variable Settings.from_env reads, so that a setting added later is tried too."""
    source = Path(config.__file__).read_text(encoding="utf-8")
    names = set(re.findall(r'get\("([A-Z][A-Z0-9_]+)"\)', source))
    names |= set(re.findall(r'_minutes\(get, "([A-Z][A-Z0-9_]+)"', source))
    assert {"SLACK_BOT_TOKEN", "PORT", "MFA_BOT_SUPPORT_GROUP", "LOG_LEVEL"} <= names
    return sorted(names - ANY_VALUE_IS_VALID)


def pieces(secret: str) -> list[str]:
    # The xoxb-/xapp- prefix is shared by every token and named on purpose in the advice.
    body = secret.split("-", 1)[1] if secret.startswith("x") else secret
    return [body[i:i + 6] for i in range(len(body) - 5)]


def wrong_secret_for(name: str) -> str:
    return APP_TOKEN if name == "SLACK_BOT_TOKEN" else BOT_TOKEN


def printed(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out + out.err


@pytest.mark.parametrize("name", every_setting())
def test_a_token_in_any_setting_is_described_never_echoed(name, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)  # no .env from the checkout
    for key in [*every_setting(), *ANY_VALUE_IS_VALID, "MFA_BOT_HANDOFF_WEBHOOK_URL"]:
        monkeypatch.delenv(key, raising=False)
    secret = wrong_secret_for(name)
    for key, value in {**GOOD, name: secret}.items():
        monkeypatch.setenv(key, value)
    for argv in (["run", "--http"], ["doctor"], ["doctor", "--json"]):
        code, output = printed(argv, capsys)
        assert code == 2, (argv, output)
        assert name in output, output
        assert "Traceback" not in output
        for piece in pieces(secret):
            assert piece not in output, (argv, piece, output)
    home = "SLACK_APP_TOKEN" if name == "SLACK_BOT_TOKEN" else "SLACK_BOT_TOKEN"
    assert f"probably belongs in {home}" in output, output


def test_every_problem_is_reported_at_once(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SLACK_BOT_TOKEN", APP_TOKEN)
    monkeypatch.setenv("SLACK_APP_TOKEN", BOT_TOKEN)
    monkeypatch.setenv("SLACK_SIGNING_SECRET", BOT_TOKEN)
    monkeypatch.setenv("PORT", "http")
    monkeypatch.setenv("MFA_BOT_SUPPORT_GROUP", SIGNING_SECRET)
    code, output = printed(["doctor"], capsys)
    assert code == 2
    lines = output.strip().splitlines()
    assert all(line.startswith("✘ Settings  ") for line in lines), output
    by_name = {line.split()[2]: line for line in lines}
    assert set(by_name) == {"SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET",
                            "PORT", "MFA_BOT_SUPPORT_GROUP"}
    assert "belongs in SLACK_APP_TOKEN" in by_name["SLACK_BOT_TOKEN"]
    assert "belongs in SLACK_BOT_TOKEN" in by_name["SLACK_APP_TOKEN"]
    assert "belongs in SLACK_BOT_TOKEN" in by_name["SLACK_SIGNING_SECRET"]
    assert "belongs in SLACK_SIGNING_SECRET" in by_name["MFA_BOT_SUPPORT_GROUP"]
    assert "4 characters" in by_name["PORT"] and "'http'" not in output
    assert SIGNING_SECRET not in output


@pytest.mark.parametrize("argv", [["run", "--http"], ["doctor"]])
def test_credentials_in_the_slack_api_url_are_refused_unprinted(argv, tmp_path, monkeypatch,
                                                                capsys):
    monkeypatch.chdir(tmp_path)
    for key, value in GOOD.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("SLACK_API_URL", "https://u:Hunter2Hunter2@slack.example/api/")
    code, output = printed(argv, capsys)
    assert code == 2
    assert "SLACK_API_URL must not carry a user name or password" in output
    assert "Hunter2" not in output and "Traceback" not in output


def test_a_bad_ipv6_database_url_names_the_setting(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    for key, value in GOOD.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("DATABASE_URL", "postgresql://bot:Hunter2@[::1/bot")
    code, output = printed(["doctor"], capsys)
    assert code == 2
    assert output.startswith("✘ Settings  DATABASE_URL") and "Hunter2" not in output


def test_a_token_after_a_valid_id_is_named_not_printed(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    for key, value in GOOD.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("MFA_BOT_SUPPORT_CHANNEL", f"C07MFASUP {BOT_TOKEN}")
    code, output = printed(["doctor"], capsys)
    assert code == 2
    assert "with a Slack token (xoxb-…) inside" in output
    assert "C07MFASUP" not in output
    assert not [piece for piece in pieces(BOT_TOKEN) if piece in output]

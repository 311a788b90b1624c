"""Settings from the environment: defaults, validation, and messages without secrets."""

from __future__ import annotations

from pathlib import Path

import pytest
from slack_harness import APP_TOKEN, BOT_TOKEN, SIGNING_SECRET

from bot.config import ConfigError, Settings, load_environ, read_dotenv

HTTP_ENV = {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET}


def problem(env: dict[str, str], mode: str | None = "http") -> str:
    with pytest.raises(ConfigError) as raised:
        Settings.from_env(env, mode)
    message = str(raised.value)
    assert raised.value.problems and all("\n" not in p for p in raised.value.problems)
    for secret in (BOT_TOKEN, SIGNING_SECRET, APP_TOKEN):
        assert secret not in message
    return message


def test_defaults():
    settings = Settings.from_env(HTTP_ENV, None)
    assert settings.mode == "http"
    assert settings.api_url == "https://slack.com/api/"
    assert settings.port == 3000
    assert settings.database_url == "sqlite:///mfa-bot.sqlite3"
    assert settings.support_channel is settings.support_group is settings.knowledge_dir is None
    assert settings.log_level == "INFO"
    assert set(settings.secrets) == {BOT_TOKEN, SIGNING_SECRET}


def test_the_mode_follows_the_app_token_unless_given():
    with_app_token = {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_APP_TOKEN": APP_TOKEN}
    assert Settings.from_env(with_app_token, None).mode == "socket"
    assert Settings.from_env({**with_app_token, **HTTP_ENV}, "http").mode == "http"
    assert Settings.from_env(HTTP_ENV, None).mode == "http"


def test_values_are_normalised():
    settings = Settings.from_env({
        **HTTP_ENV, "SLACK_API_URL": "http://127.0.0.1:9/api", "PORT": "8080",
        "MFA_BOT_SUPPORT_CHANNEL": "C0123ABCD", "MFA_BOT_SUPPORT_GROUP": "S0123ABCD",
        "LOG_LEVEL": "debug",
    }, "http")
    assert settings.api_url == "http://127.0.0.1:9/api/"
    assert settings.port == 8080
    assert (settings.support_channel, settings.support_group) == ("C0123ABCD", "S0123ABCD")
    assert settings.log_level == "DEBUG"


def test_secrets_stay_out_of_repr():
    settings = Settings.from_env({**HTTP_ENV, "SLACK_APP_TOKEN": APP_TOKEN,
                                  "DATABASE_URL": "postgresql://bot:hunter2@db/bot"}, "http")
    for secret in (BOT_TOKEN, SIGNING_SECRET, APP_TOKEN, "hunter2"):
        assert secret not in repr(settings)


@pytest.mark.parametrize(("env", "mode", "names"), [
    ({}, "http", "SLACK_BOT_TOKEN is missing"),
    ({**HTTP_ENV, "SLACK_BOT_TOKEN": "xoxp-user-token"}, "http", "SLACK_BOT_TOKEN ("),
    ({"SLACK_BOT_TOKEN": BOT_TOKEN}, "http", "SLACK_SIGNING_SECRET is missing"),
    ({"SLACK_BOT_TOKEN": BOT_TOKEN}, "socket", "SLACK_APP_TOKEN is missing"),
    ({**HTTP_ENV, "SLACK_APP_TOKEN": "xoxb-wrong-kind"}, "http", "SLACK_APP_TOKEN ("),
    ({**HTTP_ENV, "SLACK_API_URL": "slack.com/api"}, "http", "SLACK_API_URL"),
    ({**HTTP_ENV, "PORT": "0"}, "http", "PORT"),
    ({**HTTP_ENV, "PORT": "65536"}, "http", "PORT"),
    ({**HTTP_ENV, "PORT": "web"}, "http", "PORT"),
    ({**HTTP_ENV, "DATABASE_URL": "mysql://bot:hunter2@db/bot"}, "http", "DATABASE_URL"),
    ({**HTTP_ENV, "MFA_BOT_SUPPORT_CHANNEL": "#mfa-support"}, "http",
     "MFA_BOT_SUPPORT_CHANNEL"),
    ({**HTTP_ENV, "MFA_BOT_SUPPORT_GROUP": "@nps-admins"}, "http", "MFA_BOT_SUPPORT_GROUP"),
    ({**HTTP_ENV, "MFA_BOT_KNOWLEDGE_DIR": "/no/such/dir"}, "http", "MFA_BOT_KNOWLEDGE_DIR"),
    ({**HTTP_ENV, "LOG_LEVEL": "LOUD"}, "http", "LOG_LEVEL"),
    (HTTP_ENV, "carrier-pigeon", "mode"),
])
def test_each_bad_setting_is_named_in_one_line_per_problem(env, mode, names):
    message = problem(env, mode)
    assert message.startswith(names)
    assert "hunter2" not in message


def test_dotenv_is_read_and_the_environment_wins(tmp_path: Path):
    dotenv = tmp_path / ".env"
    dotenv.write_text(
        "# comment\n\nexport SLACK_BOT_TOKEN='xoxb-from-file'\n"
        'PORT="4000"\nLOG_LEVEL=debug  # trailing comment\nnot a setting\n'
        'SLACK_SIGNING_SECRET="s3cr$t#1" # quoted, then a note\n'
    )
    assert read_dotenv(dotenv) == {
        "SLACK_BOT_TOKEN": "xoxb-from-file", "PORT": "4000", "LOG_LEVEL": "debug",
        "SLACK_SIGNING_SECRET": "s3cr$t#1"}
    merged = load_environ({"PORT": "5000"}, dotenv)
    assert merged["PORT"] == "5000"
    assert merged["SLACK_BOT_TOKEN"] == "xoxb-from-file"
    assert load_environ({"PORT": "5000"}, tmp_path / "missing.env") == {"PORT": "5000"}


def test_http_mode_without_a_signing_secret_points_an_app_token_holder_to_socket_mode():
    # The manifest sets up Socket Mode; the Dockerfile and Procfile run --http.
    with_app_token = problem({"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_APP_TOKEN": APP_TOKEN},
                             "http")
    assert "SLACK_APP_TOKEN is set: run without --http" in with_app_token
    assert "or set SLACK_APP_TOKEN" in problem({"SLACK_BOT_TOKEN": BOT_TOKEN}, "http")
    # A signing secret in the app token's place is named as such, not taken for a token.
    misplaced = problem({"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_APP_TOKEN": "0" * 32}, "http")
    assert "SLACK_APP_TOKEN is set" not in misplaced

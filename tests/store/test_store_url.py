"""DATABASE_URL parsing: the accepted forms, and one-line errors that never echo secrets."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.store import open_store
from bot.store.url import PostgresURL, SqliteURL, parse_database_url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("sqlite:///data/bot.sqlite3", SqliteURL(Path("data/bot.sqlite3"))),
        ("sqlite:////var/lib/mfa-bot/bot.sqlite3", SqliteURL(Path("/var/lib/mfa-bot/bot.sqlite3"))),
        ("postgresql://bot@db:5432/mfa", PostgresURL("postgresql://bot@db:5432/mfa", None)),
        ("postgres://bot@db/mfa?schema=team_a", PostgresURL("postgres://bot@db/mfa", "team_a")),
        (
            "postgresql://bot:pw@db/mfa?sslmode=require&schema=s1",
            PostgresURL("postgresql://bot:pw@db/mfa?sslmode=require", "s1"),
        ),
    ],
)
def test_accepted_forms(url: str, expected: object):
    assert parse_database_url(url) == expected


def test_postgres_location_for_messages_hides_credentials():
    target = parse_database_url("postgresql://bot:hunter2@db.internal:6432/mfa?schema=s1")
    assert isinstance(target, PostgresURL)
    assert target.where == "db.internal:6432/mfa"


@pytest.mark.parametrize(
    "url",
    [
        "",
        "mysql://root:hunter2@db/mfa",
        "sqlite:///:memory:",
        "sqlite://relative.sqlite3",
        "sqlite:///",
        "sqlite:///dir/",
        "postgresql:///mfa",
        "postgresql://bot:hunter2@db/mfa?schema=Bad-Name",
        "postgresql://bot@db/mfa?schema=a&schema=b",
    ],
)
def test_bad_urls_raise_one_line_value_error_without_secrets(url: str):
    with pytest.raises(ValueError, match="DATABASE_URL") as caught:
        parse_database_url(url)
    message = str(caught.value)
    assert "\n" not in message
    assert "sqlite:///" in message and "postgresql://" in message
    assert "hunter2" not in message


async def test_open_store_rejects_a_bad_url():
    with pytest.raises(ValueError, match="DATABASE_URL"):
        await open_store("redis://localhost")

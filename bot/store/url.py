"""Parse DATABASE_URL into the backend it names."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

ACCEPTED_FORMS = (
    "DATABASE_URL must be sqlite:///relative/path.sqlite3, sqlite:////absolute/path.sqlite3 "
    "or postgresql://user@host:port/db[?schema=NAME]"
)
# Lower-case only, so the name needs no quoting in search_path or application_name.
_SCHEMA_RE = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


@dataclass(frozen=True)
class SqliteURL:
    path: Path


@dataclass(frozen=True)
class PostgresURL:
    dsn: str  # what asyncpg gets: the URL without our own ``schema`` parameter
    schema: str | None  # None: the server's default search_path

    @property
    def where(self) -> str:
        """host:port/db for messages: never the user name or password."""
        parts = urlsplit(self.dsn)
        return parts.netloc.rsplit("@", 1)[-1] + parts.path


def parse_database_url(url: str) -> SqliteURL | PostgresURL:
    """Raise ValueError (one line, never echoing the URL: it may hold a password)."""
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme == "sqlite":
        return _parse_sqlite(url)
    if scheme in ("postgresql", "postgres"):
        return _parse_postgres(url)
    raise ValueError(f"{ACCEPTED_FORMS} (got scheme {scheme or 'none'!r})")


def _parse_sqlite(url: str) -> SqliteURL:
    prefix = "sqlite:///"
    rest = url[len(prefix):] if url.lower().startswith(prefix) else ""
    if not rest or rest == ":memory:" or "?" in rest or rest.endswith("/"):
        raise ValueError(f"{ACCEPTED_FORMS} (got an SQLite URL without a usable file path)")
    return SqliteURL(Path(rest))


def _parse_postgres(url: str) -> PostgresURL:
    parts = urlsplit(url)
    if not parts.hostname and "host=" not in parts.query:
        raise ValueError(f"{ACCEPTED_FORMS} (got a PostgreSQL URL without a host)")
    query = parse_qsl(parts.query, keep_blank_values=True)
    schemas = [value for key, value in query if key == "schema"]
    if len(schemas) > 1 or (schemas and not _SCHEMA_RE.match(schemas[0])):
        raise ValueError(
            f"{ACCEPTED_FORMS} (schema must be one lower-case name: letters, digits, _)"
        )
    rest = urlencode([(key, value) for key, value in query if key != "schema"])
    dsn = urlunsplit((parts.scheme, parts.netloc, parts.path, rest, parts.fragment))
    return PostgresURL(dsn=dsn, schema=schemas[0] if schemas else None)

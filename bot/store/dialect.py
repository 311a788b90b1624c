"""What differs between the backends' SQL: the type words of bot.store.statements and the
placeholder style. Statements are rendered once per dialect and cached."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

# ":name", but not the "::" of a PostgreSQL cast.
_PARAMETER = re.compile(r"(?<![:\w]):([a-z_][a-z0-9_]*)")


@dataclass(frozen=True, eq=False)  # hashed by identity: there are two
class Dialect:
    # fills {id}, {ref}, {time}, {bool}, {false}, {bytewise}, {skip_locked}
    words: Mapping[str, str]
    numbered: bool  # $1, $2... (asyncpg) instead of :name (sqlite3)

    def ddl(self, statement: str) -> str:
        return statement.format_map(self.words)

    def render(self, statement: str) -> tuple[str, tuple[str, ...]]:
        """The SQL to send and the parameter names in the order it wants them."""
        return _render(self, statement)

    def arguments(self, statement: str, params: Mapping[str, Any]) -> tuple[str, Any]:
        sql, names = self.render(statement)
        if self.numbered:
            return sql, [params[name] for name in names]
        return sql, params


@lru_cache(maxsize=512)
def _render(dialect: Dialect, statement: str) -> tuple[str, tuple[str, ...]]:
    sql = statement.format_map(dialect.words) if "{" in statement else statement
    if not dialect.numbered:
        return sql, ()
    names: list[str] = []

    def number(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in names:
            names.append(name)
        return f"${names.index(name) + 1}"

    return _PARAMETER.sub(number, sql), tuple(names)


SQLITE = Dialect(
    words={
        "id": "INTEGER PRIMARY KEY",  # an alias of the rowid
        "ref": "INTEGER",
        "time": "INTEGER",  # microseconds since the Unix epoch (UTC)
        "bool": "INTEGER",
        "false": "0",
        "bytewise": "COLLATE BINARY",
        "skip_locked": "",  # one process writes: nothing to skip
    },
    numbered=False,
)
POSTGRES = Dialect(
    words={
        "id": "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY",
        "ref": "BIGINT",
        "time": "TIMESTAMPTZ",
        "bool": "BOOLEAN",
        "false": "FALSE",
        "bytewise": 'COLLATE "C"',
        "skip_locked": "FOR UPDATE SKIP LOCKED",
    },
    numbered=True,
)

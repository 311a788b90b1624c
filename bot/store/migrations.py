"""The schema of bot.store.statements.MIGRATIONS, rendered for each backend."""

from __future__ import annotations

from bot.store import dialect
from bot.store.statements import MIGRATIONS


def _rendered(target: dialect.Dialect) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(target.ddl(s) for s in statements) for statements in MIGRATIONS)


SQLITE = _rendered(dialect.SQLITE)
POSTGRES = _rendered(dialect.POSTGRES)

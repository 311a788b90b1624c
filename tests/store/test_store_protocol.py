"""Both backends offer exactly the Store protocol's methods with its signatures, so code
written against bot.store.base.Store works with either."""

from __future__ import annotations

import inspect

import pytest

from bot.store.base import Store
from bot.store.postgres import PostgresStore
from bot.store.sqlite import SqliteStore

PROTOCOL_METHODS = sorted(
    name for name, member in vars(Store).items()
    if inspect.iscoroutinefunction(member) and not name.startswith("_")
)


def test_the_protocol_has_methods_to_compare():
    assert {"claim_event", "set_step", "create_handoff", "stats"} <= set(PROTOCOL_METHODS)


@pytest.mark.parametrize("backend", [SqliteStore, PostgresStore])
@pytest.mark.parametrize("name", PROTOCOL_METHODS)
def test_backend_matches_protocol_signature(backend: type, name: str):
    implementation = getattr(backend, name)
    assert inspect.iscoroutinefunction(implementation)
    assert inspect.signature(implementation) == inspect.signature(getattr(Store, name))

"""PostgreSQL-only behaviour: replicas migrating at once, lost connections, an unreachable
server. Each test gets its own schema from the ``postgres`` fixture."""

from __future__ import annotations

import asyncio
import contextlib

import pytest

from bot.store import StoreError, StoreUnavailable, migrations, open_store
from bot.store.postgres import application_name
from tests.local_http import free_port

from .helpers import PostgresTarget, TcpProxy, with_port, with_schema

pytestmark = pytest.mark.postgres


async def test_replicas_starting_together_migrate_once(postgres: PostgresTarget):
    stores = await asyncio.gather(*(open_store(postgres.url) for _ in range(3)))
    try:
        versions = await postgres.admin.fetch(
            f'SELECT version FROM "{postgres.schema}".schema_version ORDER BY version'
        )
        assert [row["version"] for row in versions] == list(
            range(1, len(migrations.POSTGRES) + 1)
        )
        assert await postgres.admin.fetchval(
            "SELECT to_regclass($1) IS NOT NULL", f"{postgres.schema}.handoffs"
        )
        await asyncio.gather(*(store.ping() for store in stores))
    finally:
        for store in stores:
            await store.close()


async def test_a_newer_schema_is_refused(postgres: PostgresTarget):
    store = await open_store(postgres.url)
    await store.close()
    await postgres.admin.execute(
        f'INSERT INTO "{postgres.schema}".schema_version (version) VALUES ($1)',
        len(migrations.POSTGRES) + 1,
    )
    with pytest.raises(StoreError, match="newer"):
        await open_store(postgres.url)


async def test_killed_connections_fail_as_unavailable_then_recover(postgres: PostgresTarget):
    store = await open_store(postgres.url)
    try:
        assert await store.claim_event("before")
        # Concurrent calls make the pool hold several connections, all killed below
        # (pings: concurrent claims are grouped into one transaction on one connection).
        await asyncio.gather(*(store.ping() for _ in range(6)))
        killed = await postgres.admin.fetchval(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE application_name = $1",
            application_name(postgres.schema),
        )
        assert killed >= 2
        # Either the pool already noticed and reconnects, or this call reports the loss.
        with contextlib.suppress(StoreUnavailable):
            await store.claim_event("during")
        assert await store.claim_event("after")
        assert not await store.claim_event("before")
    finally:
        await store.close()


async def test_ping_fails_while_the_server_is_unreachable_and_recovers(
    postgres: PostgresTarget,
):
    proxy = TcpProxy(postgres.base_url)
    await proxy.start()
    store = await open_store(with_schema(with_port(postgres.base_url, proxy.port),
                                         postgres.schema))
    try:
        await store.ping()
        await proxy.stop()
        for _ in range(2):
            with pytest.raises(StoreUnavailable, match="unavailable"):
                await store.ping()
        await proxy.start()  # same port, as if the network came back
        await store.ping()
        assert await store.claim_event("after-outage")
    finally:
        await store.close()
        await proxy.stop()


async def test_opening_an_unreachable_server_is_unavailable():
    url = f"postgresql://postgres@127.0.0.1:{free_port()}/test?schema=nobody_home"
    with pytest.raises(StoreUnavailable, match="unavailable") as caught:
        await open_store(url)
    assert "\n" not in str(caught.value)

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.delivery.receiver import Receiver


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    started = await Receiver().start()
    yield started
    await started.stop()

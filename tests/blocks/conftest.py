"""Fixtures for the Block Kit builder tests: domain objects built here, not from knowledge/."""

from __future__ import annotations

import pytest

from bot.domain.knowledge import Actor, Category, Entry, Procedure
from tests.blocks.support import make_entry, make_procedure


@pytest.fixture
def error_entry() -> Entry:
    return make_entry("ESTS_TOKEN_ERROR", "Error 0x80004005: ESTS_TOKEN_ERROR token error")


@pytest.fixture
def warning_entry() -> Entry:
    return make_entry("AccessReject", "User entered a wrong verification code",
                      category=Category.USER_WARNING, actor=Actor.END_USER)


@pytest.fixture
def support_entry() -> Entry:
    return make_entry("REQUEST_MFA_TIMEOUT", None, category=Category.NEEDS_SUPPORT,
                      actor=Actor.SUPPORT)


@pytest.fixture
def sibling_entries() -> tuple[Entry, ...]:
    """Three entries sharing one code, told apart by their product message."""
    return tuple(make_entry("CONTOSO_CODE", f"Message number {i} for the code")
                 for i in range(3))


@pytest.fixture
def procedure() -> Procedure:
    return make_procedure(9)

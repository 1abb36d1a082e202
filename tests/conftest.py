"""Shared fixtures: a fresh DSR database per test (SQLite, and PostgreSQL when TEST_POSTGRES_URL is set)."""

from __future__ import annotations

import pytest

from bot.crypto import FieldCipher
from tests.support.clock import FrozenClock, china
from tests.support.database import db_engine, postgres_engine, session_factory, sqlite_template

__all__ = ["db_engine", "postgres_engine", "session_factory", "sqlite_template"]


@pytest.fixture
def cipher() -> FieldCipher:
    """Field encryption with a fixed test key."""
    return FieldCipher("test-encryption-key")


@pytest.fixture
def clock() -> FrozenClock:
    """Monday 2 March 2026, 10:00 in China: an ordinary working week."""
    return FrozenClock(china(2026, 3, 2))

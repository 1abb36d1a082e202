"""Cheap argon2 parameters for unit tests; production keeps the library's recommended cost."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from argon2 import PasswordHasher

from bot.staff import passwords

FAST = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


@pytest.fixture(autouse=True)
def fast_password_hashing(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Same algorithm (argon2id), a fraction of the work: lock-out tests verify many passwords."""
    monkeypatch.setattr(passwords, "_hasher", lambda: FAST)
    monkeypatch.setattr(passwords, "_dummy_hash", lambda: FAST.hash("not-a-real-password-0000"))
    yield

"""One real stack (SMTP sink, DSR backend, action server, Rasa server) per test session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.fake_telegram import TELEGRAM_TEST_TOKEN, FakeBotApi, telegram_env
from tests.support.services import Stack, ensure_model


@pytest.fixture(scope="session")
def telegram_api() -> Iterator[FakeBotApi]:
    """The Bot API stand-in the stack's Telegram channel talks to (tests/e2e/test_telegram.py)."""
    with FakeBotApi(TELEGRAM_TEST_TOKEN) as api:
        yield api


@pytest.fixture(scope="session")
def stack_env_overrides(telegram_api: FakeBotApi) -> dict[str, str]:
    """Extra environment for the stack; override in a conftest to switch channels on."""
    return telegram_env(telegram_api)


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory, stack_env_overrides: dict[str, str]) -> Iterator[Stack]:
    ensure_model()
    running = Stack.create(tmp_path_factory.mktemp("var"), stack_env_overrides)
    try:
        running.start_all()
        yield running
    finally:
        running.stop_all()

"""Handoff tests: staff accounts with cheap hashing, a fake Rasa, and a desk on the test database."""

from __future__ import annotations

import pytest

from bot.crypto import FieldCipher
from bot.db import SessionFactory, session_scope
from bot.handoff.desk import HelpDesk
from bot.staff import service as staff
from tests.support.clock import FrozenClock
from tests.support.fake_rasa import FakeRasa
from tests.support.passwords import fast_password_hashing

__all__ = ["fast_password_hashing"]


def add_agent(factory: SessionFactory, clock: FrozenClock, email: str, name: str, role: str = "agent") -> int:
    with session_scope(factory) as session:
        return staff.create_staff(
            session=session, email=email, password="long enough pw", role=role, now=clock(), display_name=name
        ).id


@pytest.fixture
def agent_id(session_factory: SessionFactory, clock: FrozenClock) -> int:
    return add_agent(session_factory, clock, "wang@megvii.com", "小王")


@pytest.fixture
def other_agent_id(session_factory: SessionFactory, clock: FrozenClock) -> int:
    return add_agent(session_factory, clock, "li@megvii.com", "小李")


@pytest.fixture
def rasa() -> FakeRasa:
    return FakeRasa()


@pytest.fixture
def desk(
    session_factory: SessionFactory, cipher: FieldCipher, rasa: FakeRasa, clock: FrozenClock
) -> HelpDesk:
    return HelpDesk(session_factory=session_factory, cipher=cipher, rasa=rasa, clock=clock)

"""Handoff tests: staff with cheap hashing, a fake Rasa, a desk and open handoffs on the test database."""

from __future__ import annotations

import pytest

from bot.crypto import FieldCipher
from bot.db import SessionFactory, session_scope
from bot.handoff import service
from bot.handoff.desk import HelpDesk
from bot.handoff.views import HandoffView
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


def open_handoff(
    factory: SessionFactory,
    cipher: FieldCipher,
    clock: FrozenClock,
    conversation: str = "c-1",
    reason: str = "asked",
) -> tuple[HandoffView, bool]:
    """Ask for a colleague in one conversation, as the assistant would."""
    with session_scope(factory) as session:
        return service.request_handoff(
            session=session,
            cipher=cipher,
            conversation_id=conversation,
            channel="socketio",
            reason=reason,
            now=clock(),
        )


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

"""The wait notice: due once when nobody took the handoff in time, never when taken; waiting pauses again."""

from __future__ import annotations

from datetime import timedelta

from bot.crypto import FieldCipher
from bot.db import SessionFactory, session_scope
from bot.handoff import service
from bot.handoff.wait_notices import due_wait_notices, mark_wait_notice
from tests.bot.handoff.conftest import open_handoff
from tests.support.clock import FrozenClock


def test_wait_notice_is_due_once_after_the_wait(
    session_factory: SessionFactory, cipher: FieldCipher, clock: FrozenClock
) -> None:
    view, _ = open_handoff(session_factory, cipher, clock)
    wait = timedelta(minutes=5)

    def due() -> list[str]:
        with session_scope(session_factory) as session:
            return [h.id for h in due_wait_notices(session=session, cipher=cipher, now=clock(), wait=wait)]

    clock.advance(minutes=4, seconds=59)
    assert due() == []
    clock.advance(seconds=1)
    assert due() == [view.id]
    with session_scope(session_factory) as session:
        assert mark_wait_notice(session=session, cipher=cipher, handoff_id=view.id, now=clock())
        assert not mark_wait_notice(session=session, cipher=cipher, handoff_id=view.id, now=clock())
    assert due() == []


def test_keep_waiting_after_the_notice_pauses_again(
    session_factory: SessionFactory, cipher: FieldCipher, clock: FrozenClock
) -> None:
    view, _ = open_handoff(session_factory, cipher, clock)
    with session_scope(session_factory) as session:
        mark_wait_notice(session=session, cipher=cipher, handoff_id=view.id, now=clock())
        assert not service.get_handoff(session=session, cipher=cipher, handoff_id=view.id).assistant_paused
    again, created = open_handoff(session_factory, cipher, clock)
    assert (again.id, created, again.assistant_paused) == (view.id, False, True)


def test_taken_handoff_gets_no_wait_notice(
    session_factory: SessionFactory, cipher: FieldCipher, clock: FrozenClock, agent_id: int
) -> None:
    view, _ = open_handoff(session_factory, cipher, clock)
    with session_scope(session_factory) as session:
        service.take_handoff(
            session=session, cipher=cipher, handoff_id=view.id, agent_id=agent_id, now=clock()
        )
    clock.advance(hours=1)
    with session_scope(session_factory) as session:
        assert due_wait_notices(session=session, cipher=cipher, now=clock(), wait=timedelta(minutes=5)) == []

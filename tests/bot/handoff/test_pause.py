"""The one record of "paused": the row's answer through each transition, and Rasa following it."""

from __future__ import annotations

from datetime import timedelta

from bot.crypto import FieldCipher
from bot.db import SessionFactory, session_scope
from bot.handoff import pause, service
from bot.handoff.desk import HelpDesk
from tests.support.clock import FrozenClock
from tests.support.fake_rasa import FakeRasa


def _request(factory: SessionFactory, cipher: FieldCipher, clock: FrozenClock) -> str:
    with session_scope(factory) as session:
        view, _ = service.request_handoff(
            session=session, cipher=cipher, conversation_id="c-9", channel="rest", reason="asked", now=clock()
        )
    return view.id


def _paused(factory: SessionFactory, cipher: FieldCipher, handoff_id: str) -> bool:
    with session_scope(factory) as session:
        return pause.paused(service.get_handoff(session=session, cipher=cipher, handoff_id=handoff_id))


def test_no_handoff_is_not_paused() -> None:
    assert pause.paused(None) is False


async def test_row_pauses_while_open_and_not_after_the_notice_or_the_end(
    session_factory: SessionFactory, cipher: FieldCipher, clock: FrozenClock, desk: HelpDesk, agent_id: int
) -> None:
    handoff_id = _request(session_factory, cipher, clock)
    assert _paused(session_factory, cipher, handoff_id) is True
    clock.advance(minutes=5)
    await desk.send_wait_notices(timedelta(minutes=5))
    assert _paused(session_factory, cipher, handoff_id) is False
    await desk.take(handoff_id, agent_id, "小王")
    assert _paused(session_factory, cipher, handoff_id) is True
    await desk.end(handoff_id, agent_id)
    assert _paused(session_factory, cipher, handoff_id) is False


async def test_rasa_follows_the_row_at_each_step(
    session_factory: SessionFactory,
    cipher: FieldCipher,
    clock: FrozenClock,
    desk: HelpDesk,
    rasa: FakeRasa,
    agent_id: int,
) -> None:
    handoff_id = _request(session_factory, cipher, clock)
    clock.advance(minutes=5)
    await desk.send_wait_notices(timedelta(minutes=5))
    await desk.take(handoff_id, agent_id, "小王")
    await desk.end(handoff_id, agent_id)
    assert [kind for kind in rasa.kinds() if kind != "say"] == ["resume", "pause", "resume"]

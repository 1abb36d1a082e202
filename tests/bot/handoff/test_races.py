"""Finding 7: two agents taking one conversation at once: exactly one wins, on SQLite and PostgreSQL."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

from bot.crypto import FieldCipher
from bot.db import SessionFactory, session_scope
from bot.handoff import service
from bot.handoff.errors import AlreadyTaken, HandoffClosed, NotYours
from bot.handoff.models import Handoff
from tests.bot.handoff.conftest import add_agent
from tests.support.clock import FrozenClock

TAKERS = 6


def _open(factory: SessionFactory, cipher: FieldCipher, clock: FrozenClock, conversation: str) -> str:
    with session_scope(factory) as session:
        view, _ = service.request_handoff(
            session=session,
            cipher=cipher,
            conversation_id=conversation,
            channel="socketio",
            reason="asked",
            now=clock(),
        )
    return view.id


def test_parallel_takers_exactly_one_wins(
    session_factory: SessionFactory, cipher: FieldCipher, clock: FrozenClock
) -> None:
    agents = [add_agent(session_factory, clock, f"a{i}@megvii.com", f"坐席{i}") for i in range(TAKERS)]
    for round_ in range(4):
        handoff_id = _open(session_factory, cipher, clock, f"web:race-{round_}")
        barrier = Barrier(TAKERS)

        def take(agent_id: int, handoff_id: str = handoff_id, barrier: Barrier = barrier) -> int | None:
            barrier.wait()
            try:
                with session_scope(session_factory) as session:
                    view = service.take_handoff(
                        session=session, cipher=cipher, handoff_id=handoff_id, agent_id=agent_id, now=clock()
                    )
                    return agent_id if view.agent_id == agent_id else None
            except AlreadyTaken:
                return None

        with ThreadPoolExecutor(TAKERS) as pool:
            winners = [agent for agent in pool.map(take, agents) if agent is not None]
        assert len(winners) == 1, winners
        with session_scope(session_factory) as session:
            stored = session.get(Handoff, handoff_id)
            assert stored is not None and stored.agent_id == winners[0]


def test_parallel_end_and_take_leave_one_outcome(
    session_factory: SessionFactory, cipher: FieldCipher, clock: FrozenClock
) -> None:
    first = add_agent(session_factory, clock, "end@megvii.com", "甲")
    second = add_agent(session_factory, clock, "take@megvii.com", "乙")
    handoff_id = _open(session_factory, cipher, clock, "web:race-end")
    barrier = Barrier(2)

    def end() -> str:
        barrier.wait()
        try:
            with session_scope(session_factory) as session:
                service.end_handoff(
                    session=session, cipher=cipher, handoff_id=handoff_id, agent_id=first, now=clock()
                )
            return "ended"
        except (HandoffClosed, NotYours):
            return "refused"

    def take() -> str:
        barrier.wait()
        try:
            with session_scope(session_factory) as session:
                service.take_handoff(
                    session=session, cipher=cipher, handoff_id=handoff_id, agent_id=second, now=clock()
                )
            return "taken"
        except (HandoffClosed, AlreadyTaken):
            return "refused"

    with ThreadPoolExecutor(2) as pool:
        futures = [pool.submit(end), pool.submit(take)]
        outcomes = sorted(future.result() for future in futures)
    assert outcomes in (["ended", "refused"], ["refused", "taken"])
    with session_scope(session_factory) as session:
        stored = session.get(Handoff, handoff_id)
        assert stored is not None and stored.state == ("ended" if "ended" in outcomes else "taken")

"""Finding 7: two transitions of one ticket at once: exactly one passes, one audit event, on every backend."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

from sqlalchemy import func, select

from bot.crypto import FieldCipher
from bot.db import SessionFactory, session_scope
from bot.tickets import service
from bot.tickets.errors import ConcurrentWrite, IllegalTransition
from bot.tickets.models import AuditEvent, Ticket
from tests.support.clock import FrozenClock
from tests.support.factories import file_ticket


def test_parallel_transitions_exactly_one_passes(
    session_factory: SessionFactory, cipher: FieldCipher, clock: FrozenClock
) -> None:
    for round_ in range(4):
        ticket = file_ticket(session_factory, cipher, clock, email=f"race{round_}@example.com")
        # Four staff press 开始处理 at once: in_progress -> in_progress is illegal, so one move, one mail.
        targets = ["in_progress"] * 4
        barrier = Barrier(len(targets))

        def move(target: str, ticket_id: str = ticket.id, barrier: Barrier = barrier) -> str:
            barrier.wait()
            try:
                with session_scope(session_factory) as session:
                    service.transition_ticket(
                        session=session,
                        cipher=cipher,
                        ticket_id=ticket_id,
                        to=target,
                        actor="staff:1",
                        now=clock(),
                    )
                return target
            except (ConcurrentWrite, IllegalTransition):
                return "refused"

        with ThreadPoolExecutor(len(targets)) as pool:
            outcomes = list(pool.map(move, targets))
        passed = [outcome for outcome in outcomes if outcome != "refused"]
        assert len(passed) == 1, outcomes
        with session_scope(session_factory) as session:
            stored = session.get(Ticket, ticket.id)
            assert stored is not None and stored.status == passed[0]
            moves = session.execute(
                select(func.count())
                .select_from(AuditEvent)
                .where(AuditEvent.ticket_id == ticket.id, AuditEvent.from_status == "received")
            ).scalar_one()
            assert moves == 1

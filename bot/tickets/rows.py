"""The ticket row as the use cases touch it: load by id, move its status only if nobody else did."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.tickets.errors import ConcurrentWrite, TicketNotFound
from bot.tickets.ids import is_ticket_id
from bot.tickets.models import Ticket
from bot.tickets.states import Status


def load_ticket(session: Session, ticket_id: str) -> Ticket:
    """Fetch a ticket or raise TicketNotFound; a malformed id (NUL breaks PostgreSQL) is not looked up."""
    if not isinstance(ticket_id, str) or not is_ticket_id(ticket_id):
        raise TicketNotFound(str(ticket_id)[:20])
    ticket = session.execute(select(Ticket).where(Ticket.id == ticket_id)).scalar_one_or_none()
    if ticket is None:
        raise TicketNotFound(ticket_id)
    return ticket


def claim_status(session: Session, ticket_id: str, expected: Status, target: Status, now: datetime) -> None:
    """Move the status only if it is still `expected`: a parallel transition makes this one fail.

    A conditional UPDATE with a rowcount check, because SQLite ignores SELECT ... FOR UPDATE.
    """
    moved = session.execute(
        update(Ticket)
        .where(Ticket.id == ticket_id, Ticket.status == expected.value)
        .values(status=target.value, updated_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if moved != 1:
        raise ConcurrentWrite(f"ticket {ticket_id} changed status meanwhile; reload and try again")

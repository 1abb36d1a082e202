"""Reading and moving tickets (filing is bot/tickets/filing.py); keyword-only, the caller owns the
session and commits."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.crypto import FieldCipher
from bot.tickets.deadlines import DEFAULT_RULES, DeadlineRules
from bot.tickets.errors import InvalidTicketField
from bot.tickets.models import AuditEvent, Ticket
from bot.tickets.notifications import enqueue_status_mail
from bot.tickets.rows import claim_status, load_ticket
from bot.tickets.states import OPEN_STATUSES, Status, TicketType, check_transition, parse_enum
from bot.tickets.views import TicketView, current_due, live_view

logger = logging.getLogger(__name__)


def get_ticket(
    *,
    session: Session,
    cipher: FieldCipher,
    ticket_id: str,
    now: datetime,
    rules: DeadlineRules = DEFAULT_RULES,
) -> TicketView:
    """One ticket with its full history."""
    return live_view(load_ticket(session, ticket_id), cipher, rules, now)


def list_tickets(
    *,
    session: Session,
    cipher: FieldCipher,
    now: datetime,
    rules: DeadlineRules = DEFAULT_RULES,
    email: str | None = None,
    type: str | None = None,
    status: str | None = None,
    open_only: bool = False,
    overdue: bool = False,
    due_within_days: int | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[TicketView]:
    """Filtered list for the bot (by contact) and the console (overdue, due soon); newest first."""
    query = select(Ticket)
    if email is not None:
        query = query.where(Ticket.email_hash == cipher.email_hash(email))
    if type is not None:
        query = query.where(Ticket.type == parse_enum(TicketType, type, "type").value)
    if status is not None:
        query = query.where(Ticket.status == parse_enum(Status, status, "status").value)
    if open_only or overdue or due_within_days is not None:
        query = query.where(Ticket.status.in_([member.value for member in OPEN_STATUSES]))
    if overdue:
        query = query.where(Ticket.due_at < now)
    if due_within_days is not None:
        query = query.where(Ticket.due_at <= now + timedelta(days=due_within_days))
    order = Ticket.due_at.asc() if overdue or due_within_days is not None else Ticket.created_at.desc()
    rows = session.execute(query.order_by(order, Ticket.id).limit(limit).offset(offset)).scalars().all()
    return [live_view(ticket, cipher, rules, now) for ticket in rows]


def due_soon(
    *,
    session: Session,
    cipher: FieldCipher,
    now: datetime,
    within_days: int = 3,
    rules: DeadlineRules = DEFAULT_RULES,
) -> list[TicketView]:
    """Open tickets due within `within_days` (overdue ones first): the staff console's worry list."""
    return list_tickets(
        session=session, cipher=cipher, now=now, rules=rules, due_within_days=within_days, limit=500
    )


def transition_ticket(
    *,
    session: Session,
    cipher: FieldCipher,
    ticket_id: str,
    to: str,
    actor: str,
    now: datetime,
    reason: str | None = None,
    note: str | None = None,
    rules: DeadlineRules = DEFAULT_RULES,
) -> TicketView:
    """Move a ticket along its lifecycle, append the audit event and queue the requester's email."""
    target = parse_enum(Status, to, "to")
    if not actor or len(actor) > 120:
        raise InvalidTicketField("actor", "actor must be 1-120 characters")
    if reason is not None and len(reason) > 40:
        raise InvalidTicketField("reason", "reason must be a short code")
    if note is not None and len(note) > 2000:
        raise InvalidTicketField("note", "note must be at most 2000 characters")
    ticket = load_ticket(session, ticket_id)
    current = Status(ticket.status)
    check_transition(current, target, reason, note)
    claim_status(session, ticket.id, current, target, now)
    session.add(
        AuditEvent(
            ticket=ticket,
            at=now,
            actor=actor,
            from_status=current.value,
            to_status=target.value,
            reason=reason,
            note_enc=cipher.encrypt_optional(note),
        )
    )
    ticket.status = target.value
    ticket.updated_at = now
    if target not in OPEN_STATUSES:
        ticket.open_key = None
        ticket.closed_at = now
    elif current is Status.AWAITING_REQUESTER:
        session.flush()
        ticket.due_at = current_due(ticket, rules, now)
    enqueue_status_mail(session, cipher, ticket, target, reason, note, now)
    session.flush()
    logger.info("ticket %s moved %s -> %s by %s", ticket.id, current.value, target.value, actor)
    return live_view(ticket, cipher, rules, now)

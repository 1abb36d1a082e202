"""Ticket use cases; keyword-only, the caller owns the session and commits."""

from __future__ import annotations

import json
import logging
from dataclasses import asdict
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.crypto import FieldCipher
from bot.mail.outbox import enqueue_email
from bot.tickets import english as mail_texts
from bot.tickets.deadlines import DEFAULT_RULES, DeadlineRules, due_date, end_of_day, local_date
from bot.tickets.errors import (
    ConcurrentWrite,
    DuplicateTicket,
    IdempotencyKeyReused,
    InvalidTicketField,
    TicketNotFound,
)
from bot.tickets.ids import is_ticket_id, new_ticket_id
from bot.tickets.models import AuditEvent, IdempotencyKey, Ticket
from bot.tickets.new_ticket import NewTicket, validate_new_ticket
from bot.tickets.notifications import enqueue_status_mail
from bot.tickets.states import OPEN_STATUSES, Status, TicketType, check_transition, parse_enum
from bot.tickets.views import TicketView, pauses_of, to_view

__all__ = [
    "NewTicket",
    "due_soon",
    "file_ticket",
    "find_idempotent",
    "get_ticket",
    "list_tickets",
    "transition_ticket",
    "validate_new_ticket",
]

logger = logging.getLogger(__name__)


def _load(session: Session, ticket_id: str) -> Ticket:
    """Fetch a ticket or raise TicketNotFound; a malformed id (NUL breaks PostgreSQL) is not looked up."""
    if not isinstance(ticket_id, str) or not is_ticket_id(ticket_id):
        raise TicketNotFound(str(ticket_id)[:20])
    ticket = session.execute(select(Ticket).where(Ticket.id == ticket_id)).scalar_one_or_none()
    if ticket is None:
        raise TicketNotFound(ticket_id)
    return ticket


def _claim_status(session: Session, ticket_id: str, expected: Status, target: Status, now: datetime) -> None:
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


def _current_due(ticket: Ticket, rules: DeadlineRules, now: datetime) -> datetime:
    """Recompute due_at from verification and the pauses in the audit trail."""
    start = local_date(ticket.verified_at)
    return end_of_day(due_date(start, rules, pauses_of(list(ticket.events)), today=local_date(now)))


def _view(ticket: Ticket, cipher: FieldCipher, rules: DeadlineRules, now: datetime) -> TicketView:
    """While paused, the due date moves every day; show the live value."""
    live = ticket.status == Status.AWAITING_REQUESTER.value
    return to_view(ticket, cipher, now, _current_due(ticket, rules, now) if live else None)


def _request_hash(cipher: FieldCipher, new: NewTicket) -> str:
    """Keyed hash of the request body, to tell a retry from a different request reusing the key."""
    body = asdict(new)
    if body.get("language") == "zh":
        del body["language"]  # keys stored before tickets had a language keep matching their retries
    return cipher.mac("idempotency", json.dumps(body, sort_keys=True, ensure_ascii=False))


def find_idempotent(
    *,
    session: Session,
    cipher: FieldCipher,
    new: NewTicket,
    idempotency_key: str | None,
    now: datetime,
    rules: DeadlineRules = DEFAULT_RULES,
) -> TicketView | None:
    """The ticket an earlier request with this key produced; the same key with another body is refused."""
    if idempotency_key is None:
        return None
    known = session.get(IdempotencyKey, idempotency_key)
    if known is None:
        return None
    if known.request_hash != _request_hash(cipher, validate_new_ticket(new)):
        raise IdempotencyKeyReused("this Idempotency-Key was used for a different request")
    return _view(_load(session, known.ticket_id), cipher, rules, now)


def file_ticket(
    *,
    session: Session,
    cipher: FieldCipher,
    new: NewTicket,
    verified_at: datetime,
    now: datetime,
    rules: DeadlineRules = DEFAULT_RULES,
    idempotency_key: str | None = None,
    actor: str = "requester",
) -> tuple[TicketView, bool]:
    """Open a ticket for a verified contact and queue its confirmation; returns (ticket, created)."""
    new = validate_new_ticket(new)
    known = find_idempotent(
        session=session, cipher=cipher, new=new, idempotency_key=idempotency_key, now=now, rules=rules
    )
    if known is not None:
        return known, False
    request_hash = _request_hash(cipher, new)
    email_hash = cipher.email_hash(new.email)
    open_key = f"{email_hash}:{new.type}"
    existing = session.execute(select(Ticket).where(Ticket.open_key == open_key)).scalar_one_or_none()
    if existing is not None:
        # A parallel retry with our key may have committed between the key lookup and this check.
        known = find_idempotent(
            session=session, cipher=cipher, new=new, idempotency_key=idempotency_key, now=now, rules=rules
        )
        if known is not None:
            return known, False
        raise DuplicateTicket(existing.id, existing.status)
    since = now - timedelta(days=365)
    earlier = session.execute(
        select(func.count())
        .select_from(Ticket)
        .where(Ticket.email_hash == email_hash, Ticket.created_at >= since)
    ).scalar_one()
    ticket_id = next(tid for tid in iter(new_ticket_id, None) if session.get(Ticket, tid) is None)
    due = end_of_day(due_date(local_date(verified_at), rules))
    ticket = Ticket(
        id=ticket_id,
        type=new.type,
        status=Status.RECEIVED.value,
        scenario=new.scenario,
        name_enc=cipher.encrypt(new.name),
        email_enc=cipher.encrypt(new.email),
        phone_enc=cipher.encrypt_optional(new.phone),
        details_enc=cipher.encrypt(new.details),
        email_hash=email_hash,
        phone_hash=cipher.phone_hash(new.phone) if new.phone else None,
        open_key=open_key,
        channel=new.channel,
        language=new.language,
        conversation_id=new.conversation_id,
        requests_last_12_months=earlier + 1,
        verified_at=verified_at,
        created_at=now,
        updated_at=now,
        due_at=due,
    )
    session.add(ticket)
    session.add(
        AuditEvent(ticket=ticket, at=now, actor=actor, from_status=None, to_status=Status.RECEIVED.value)
    )
    if idempotency_key is not None:
        session.add(
            IdempotencyKey(key=idempotency_key, request_hash=request_hash, ticket=ticket, created_at=now)
        )
    enqueue_email(
        session=session,
        cipher=cipher,
        to=new.email,
        template="ticket_received",
        now=now,
        ticket_id=ticket_id,
        language=new.language,
        context={
            "name": new.name,
            "ticket_id": ticket_id,
            "type_text": mail_texts.type_text(TicketType(new.type), new.language),
            "due_date": mail_texts.date_text(due, new.language),
        },
    )
    try:
        session.flush()
    except IntegrityError:
        # Lost a race on the idempotency key or the open-ticket key; a retry will see the winner.
        raise ConcurrentWrite("a concurrent request filed the same ticket") from None
    logger.info("ticket %s filed (type=%s, channel=%s)", ticket_id, new.type, new.channel)
    return _view(ticket, cipher, rules, now), True


def get_ticket(
    *,
    session: Session,
    cipher: FieldCipher,
    ticket_id: str,
    now: datetime,
    rules: DeadlineRules = DEFAULT_RULES,
) -> TicketView:
    """One ticket with its full history."""
    return _view(_load(session, ticket_id), cipher, rules, now)


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
    return [_view(ticket, cipher, rules, now) for ticket in rows]


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
    ticket = _load(session, ticket_id)
    current = Status(ticket.status)
    check_transition(current, target, reason, note)
    _claim_status(session, ticket.id, current, target, now)
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
        ticket.due_at = _current_due(ticket, rules, now)
    enqueue_status_mail(session, cipher, ticket, target, reason, note, now)
    session.flush()
    logger.info("ticket %s moved %s -> %s by %s", ticket.id, current.value, target.value, actor)
    return _view(ticket, cipher, rules, now)

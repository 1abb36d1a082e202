"""Filing a ticket: one open ticket per contact and type, one ticket per idempotency key, and the
confirmation queued in the same transaction. Keyword-only; the caller owns the session and commits."""

from __future__ import annotations

import json
import logging
from dataclasses import asdict
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.crypto import FieldCipher
from bot.mail.outbox import enqueue_email
from bot.tickets import english as mail_texts
from bot.tickets.deadlines import DEFAULT_RULES, DeadlineRules, due_date, end_of_day, local_date
from bot.tickets.errors import ConcurrentWrite, DuplicateTicket, IdempotencyKeyReused
from bot.tickets.ids import new_ticket_id
from bot.tickets.models import AuditEvent, IdempotencyKey, Ticket
from bot.tickets.new_ticket import NewTicket, validate_new_ticket
from bot.tickets.rows import load_ticket
from bot.tickets.states import Status, TicketType
from bot.tickets.views import TicketView, live_view

logger = logging.getLogger(__name__)


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
    return live_view(load_ticket(session, known.ticket_id), cipher, rules, now)


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
    return live_view(ticket, cipher, rules, now), True

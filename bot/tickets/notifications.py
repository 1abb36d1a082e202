"""The requester's email for each status change, queued in the transaction that makes the change."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.crypto import FieldCipher
from bot.mail.outbox import enqueue_email
from bot.tickets.deadlines import local_date
from bot.tickets.models import Ticket
from bot.tickets.states import REJECTION_TEXT, STATUS_TEXT, TYPE_TEXT, RejectionReason, Status, TicketType


def date_text(moment: datetime) -> str:
    """Dates in emails the way Chinese readers write them."""
    day = local_date(moment)
    return f"{day.year}年{day.month}月{day.day}日"


def enqueue_status_mail(
    session: Session,
    cipher: FieldCipher,
    ticket: Ticket,
    target: Status,
    reason: str | None,
    note: str | None,
    now: datetime,
) -> None:
    """Every status change is mailed; rejections state the reason and the requester's recourse."""
    base = {
        "name": cipher.decrypt(ticket.name_enc),
        "ticket_id": ticket.id,
        "type_text": TYPE_TEXT[TicketType(ticket.type)],
        # Staff's message to the requester: what to add (awaiting_requester) or how it was done (completed).
        "note": note if target in (Status.AWAITING_REQUESTER, Status.COMPLETED) else None,
    }
    if target is Status.REJECTED:
        parsed = RejectionReason(reason)
        template = "ticket_rejected"
        context = {
            **base,
            "reason_text": REJECTION_TEXT[parsed],
            "explanation": note if parsed is RejectionReason.OTHER else None,
        }
    elif target is Status.COMPLETED:
        template, context = "ticket_completed", base
    else:
        template = "status_changed"
        context = {
            **base,
            "status": target.value,
            "status_text": STATUS_TEXT[target],
            "due_date": date_text(ticket.due_at),
        }
    enqueue_email(
        session=session,
        cipher=cipher,
        to=cipher.decrypt(ticket.email_enc),
        template=template,
        context=context,
        now=now,
        ticket_id=ticket.id,
    )

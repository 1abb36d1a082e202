"""The requester's email for each status change, queued in the transaction that makes the change."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.crypto import FieldCipher
from bot.mail.outbox import enqueue_email
from bot.tickets import english as mail_texts
from bot.tickets.models import Ticket
from bot.tickets.states import RejectionReason, Status, TicketType


def date_text(moment: datetime) -> str:
    """Dates in emails the way Chinese readers write them."""
    return mail_texts.date_text(moment, "zh")


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
    language = ticket.language or "zh"
    base = {
        "name": cipher.decrypt(ticket.name_enc),
        "ticket_id": ticket.id,
        "type_text": mail_texts.type_text(TicketType(ticket.type), language),
        # Staff's message to the requester: what to add (awaiting_requester) or how it was done (completed).
        "note": note if target in (Status.AWAITING_REQUESTER, Status.COMPLETED) else None,
    }
    if target is Status.REJECTED:
        parsed = RejectionReason(reason)
        template = "ticket_rejected"
        context = {
            **base,
            "reason_text": mail_texts.rejection_text(parsed, language),
            "explanation": note if parsed is RejectionReason.OTHER else None,
        }
    elif target is Status.COMPLETED:
        template, context = "ticket_completed", base
    else:
        template = "status_changed"
        context = {
            **base,
            "status": target.value,
            "status_text": mail_texts.status_text(target, language),
            "due_date": mail_texts.date_text(ticket.due_at, language),
        }
    enqueue_email(
        session=session,
        cipher=cipher,
        to=cipher.decrypt(ticket.email_enc),
        template=template,
        context=context,
        now=now,
        ticket_id=ticket.id,
        language=language,
    )

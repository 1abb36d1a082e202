"""Enqueue emails inside the caller's transaction; the sender delivers them later."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.crypto import FieldCipher
from bot.mail.addresses import validate_address
from bot.mail.models import OutboxMessage
from bot.mail.templates import render

MESSAGE_ID_DOMAIN = "dsr.megvii.local"


def enqueue_email(
    *,
    session: Session,
    cipher: FieldCipher,
    to: str,
    template: str,
    context: dict[str, Any],
    now: datetime,
    ticket_id: str | None = None,
    language: str = "zh",
    message_id: str | None = None,
) -> OutboxMessage:
    """Render now and store encrypted, so the mail matches the state that caused it even if it changes.

    `message_id` (unique) lets a caller make the mail once per cause; by default each call is a new mail.
    """
    address = validate_address(to)
    mail = render(template, context, language)
    message = OutboxMessage(
        message_id=message_id or f"<{uuid.uuid4().hex}@{MESSAGE_ID_DOMAIN}>",
        template=template,
        ticket_id=ticket_id,
        to_enc=cipher.encrypt(address),
        subject_enc=cipher.encrypt(mail.subject),
        text_enc=cipher.encrypt(mail.text),
        html_enc=cipher.encrypt(mail.html),
        created_at=now,
        next_attempt_at=now,
        attempts=0,
    )
    session.add(message)
    return message


@dataclass(frozen=True)
class UndeliveredMail:
    """An email the sender gave up on: staff must know, or the requester never hears from us."""

    id: int
    ticket_id: str | None
    template: str
    attempts: int
    last_error: str | None  # the exception class only (bot/mail/sender.py never stores server text)
    failed_at: datetime


def undelivered(*, session: Session, limit: int = 50) -> list[UndeliveredMail]:
    """Emails that failed for good and were not sent again, newest first."""
    rows = session.execute(
        select(OutboxMessage)
        .where(OutboxMessage.failed_at.is_not(None), OutboxMessage.delivered_at.is_(None))
        .where(OutboxMessage.text_enc.is_not(None))  # expired code mails are gone, not resendable
        .order_by(OutboxMessage.failed_at.desc(), OutboxMessage.id.desc())
        .limit(limit)
    ).scalars()
    return [
        UndeliveredMail(
            id=row.id,
            ticket_id=row.ticket_id,
            template=row.template,
            attempts=row.attempts,
            last_error=row.last_error,
            failed_at=row.failed_at,
        )
        for row in rows
    ]


def send_again(*, session: Session, message_id: int, now: datetime) -> bool:
    """Put a failed email back in line (same Message-ID, fresh attempts); False if it is not a failed one."""
    row = session.get(OutboxMessage, message_id)
    if row is None or row.failed_at is None or row.delivered_at is not None or row.text_enc is None:
        return False
    row.failed_at, row.attempts, row.next_attempt_at, row.claimed_until = None, 0, now, None
    return True

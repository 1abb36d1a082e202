"""Enqueue emails inside the caller's transaction; the sender delivers them later."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

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
) -> OutboxMessage:
    """Render now and store encrypted, so the mail matches the state that caused it even if it changes."""
    address = validate_address(to)
    mail = render(template, context)
    message = OutboxMessage(
        message_id=f"<{uuid.uuid4().hex}@{MESSAGE_ID_DOMAIN}>",
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

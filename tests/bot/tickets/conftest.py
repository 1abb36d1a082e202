"""Ticket tests: what the outbox holds after a use case."""

from __future__ import annotations

from sqlalchemy import select

from bot.crypto import FieldCipher
from bot.db import SessionFactory, session_scope
from bot.mail.models import OutboxMessage


def queued_mail(session_factory: SessionFactory, cipher: FieldCipher) -> list[tuple[str, str, str]]:
    """(template, recipient, plain text) of every queued email."""
    with session_scope(session_factory) as session:
        rows = session.execute(select(OutboxMessage).order_by(OutboxMessage.id)).scalars().all()
        return [(r.template, cipher.decrypt(r.to_enc), cipher.decrypt(r.text_enc)) for r in rows]

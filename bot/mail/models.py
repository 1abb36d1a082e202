"""The email outbox table: rows are written in the same transaction as the change that causes them."""

from __future__ import annotations

from sqlalchemy import Column, Integer, String, Text

from bot.db import Base, UTCDateTime


class OutboxMessage(Base):
    """One email to deliver; recipient and bodies are encrypted, bodies are erased after delivery."""

    __tablename__ = "outbox"

    id = Column(Integer, primary_key=True, autoincrement=True)
    # Generated once at enqueue time: every retry carries the same Message-ID, so a receiver can
    # drop a duplicate if a crash ever lands between SMTP success and the delivered mark.
    message_id = Column(String(200), nullable=False, unique=True)
    template = Column(String(40), nullable=False)
    ticket_id = Column(String(16), nullable=True, index=True)
    to_enc = Column(Text, nullable=False)
    subject_enc = Column(Text, nullable=False)
    text_enc = Column(Text, nullable=True)
    html_enc = Column(Text, nullable=True)
    created_at = Column(UTCDateTime, nullable=False)
    next_attempt_at = Column(UTCDateTime, nullable=False, index=True)
    attempts = Column(Integer, nullable=False, default=0)
    last_error = Column(String(200), nullable=True)
    claimed_until = Column(UTCDateTime, nullable=True)
    delivered_at = Column(UTCDateTime, nullable=True, index=True)
    failed_at = Column(UTCDateTime, nullable=True)

"""Ticket tables: contact fields only as ciphertext plus keyed hashes for lookups."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Integer, String, Text, event
from sqlalchemy.orm import relationship

from bot.db import Base, UTCDateTime


class Ticket(Base):
    __tablename__ = "tickets"

    id = Column(String(16), primary_key=True)
    type = Column(String(32), nullable=False)
    status = Column(String(32), nullable=False, index=True)
    scenario = Column(String(32), nullable=False)
    name_enc = Column(Text, nullable=False)
    email_enc = Column(Text, nullable=False)
    phone_enc = Column(Text, nullable=True)
    details_enc = Column(Text, nullable=False)
    email_hash = Column(String(64), nullable=False, index=True)
    phone_hash = Column(String(64), nullable=True, index=True)
    # "<email_hash>:<type>" while open, NULL once closed: a unique key that forbids two open
    # tickets of one type per contact even under concurrent filing, on SQLite and PostgreSQL alike.
    open_key = Column(String(100), nullable=True, unique=True)
    channel = Column(String(32), nullable=False)
    # The language the request was filed in (zh | en): every mail to the requester is written in it.
    language = Column(String(8), nullable=False, default="zh", server_default="zh")
    conversation_id = Column(String(128), nullable=True)
    requests_last_12_months = Column(Integer, nullable=False, default=1)
    verified_at = Column(UTCDateTime, nullable=False)
    created_at = Column(UTCDateTime, nullable=False, index=True)
    updated_at = Column(UTCDateTime, nullable=False)
    due_at = Column(UTCDateTime, nullable=False, index=True)
    closed_at = Column(UTCDateTime, nullable=True)

    events = relationship("AuditEvent", order_by="AuditEvent.id", back_populates="ticket", lazy="selectin")


class AuditEvent(Base):
    """Append-only: the ORM refuses updates and deletes, and the migration adds DB triggers."""

    __tablename__ = "audit_events"

    id = Column(Integer, primary_key=True, autoincrement=True)
    ticket_id = Column(String(16), ForeignKey("tickets.id"), nullable=False, index=True)
    at = Column(UTCDateTime, nullable=False)
    actor = Column(String(120), nullable=False)
    from_status = Column(String(32), nullable=True)
    to_status = Column(String(32), nullable=False)
    reason = Column(String(40), nullable=True)
    note_enc = Column(Text, nullable=True)

    ticket = relationship("Ticket", back_populates="events")


class IdempotencyKey(Base):
    """Remembers which ticket a client's Idempotency-Key produced, and for which request body."""

    __tablename__ = "idempotency_keys"

    key = Column(String(200), primary_key=True)
    request_hash = Column(String(64), nullable=False)
    ticket_id = Column(String(16), ForeignKey("tickets.id"), nullable=False)
    created_at = Column(UTCDateTime, nullable=False)

    # The relationship makes the unit of work insert the ticket before its key (foreign key order).
    ticket = relationship("Ticket")


class AppendOnlyViolation(RuntimeError):
    """Someone tried to rewrite the audit trail."""


@event.listens_for(AuditEvent, "before_update")
def _refuse_update(_mapper: object, _connection: object, target: AuditEvent) -> None:
    """Audit events are evidence; changing one is a bug, never a feature."""
    raise AppendOnlyViolation(f"audit event {target.id} is append-only")


@event.listens_for(AuditEvent, "before_delete")
def _refuse_delete(_mapper: object, _connection: object, target: AuditEvent) -> None:
    """See _refuse_update."""
    raise AppendOnlyViolation(f"audit event {target.id} is append-only")

"""Handoff tables: one row per escalation, and its event log (notes and replies encrypted)."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, ForeignKey, Integer, String, Text
from sqlalchemy.orm import relationship

from bot.db import Base, UTCDateTime


class Handoff(Base):
    __tablename__ = "handoffs"

    id = Column(String(32), primary_key=True)
    conversation_id = Column(String(128), nullable=False, index=True)
    channel = Column(String(32), nullable=False)
    reason = Column(String(16), nullable=False)
    topic = Column(String(16), nullable=False, default="general", index=True)  # the queue it routes to
    # The visitor's first message in the conversation (encrypted), so staff can tell handoffs apart.
    first_message_enc = Column(Text, nullable=True)
    state = Column(String(16), nullable=False, index=True)
    # The conversation id while waiting or taken, NULL once ended: a unique key that allows one open
    # handoff per conversation even when two escalations race.
    open_key = Column(String(128), nullable=True, unique=True)
    agent_id = Column(Integer, ForeignKey("staff_accounts.id"), nullable=True)
    # The one record of "paused" (bot/handoff/pause.py): Rasa's pause is derived from it.
    assistant_paused = Column(Boolean, nullable=False, default=True)
    ticket_id = Column(String(16), nullable=True)
    requested_at = Column(UTCDateTime, nullable=False, index=True)
    taken_at = Column(UTCDateTime, nullable=True)
    ended_at = Column(UTCDateTime, nullable=True)
    wait_notice_at = Column(UTCDateTime, nullable=True)

    events = relationship(
        "HandoffEvent", order_by="HandoffEvent.id", back_populates="handoff", lazy="selectin"
    )


class HandoffEvent(Base):
    """What happened: requested, taken, reply (sent), note (internal, never sent), linked, ended."""

    __tablename__ = "handoff_events"

    id = Column(Integer, primary_key=True, autoincrement=True)
    handoff_id = Column(String(32), ForeignKey("handoffs.id"), nullable=False, index=True)
    at = Column(UTCDateTime, nullable=False)
    actor = Column(String(120), nullable=False)
    kind = Column(String(16), nullable=False)
    text_enc = Column(Text, nullable=True)

    handoff = relationship("Handoff", back_populates="events")

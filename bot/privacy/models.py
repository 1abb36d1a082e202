"""One row per erasure the backend owes: state, attempts and what was removed, for staff to see."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Integer, String, Text

from bot.db import Base, UTCDateTime


class Erasure(Base):
    """Created when a deletion or closure ticket is found completed; `done` once every store is clear."""

    __tablename__ = "erasures"

    ticket_id = Column(String(16), ForeignKey("tickets.id"), primary_key=True)
    state = Column(String(16), nullable=False, default="pending")  # pending | done
    attempts = Column(Integer, nullable=False, default=0)
    last_error = Column(String(200), nullable=True)  # exception class and store name, never data
    counts = Column(Text, nullable=True)  # JSON {store: rows or files removed}
    created_at = Column(UTCDateTime, nullable=False)
    updated_at = Column(UTCDateTime, nullable=False)
    done_at = Column(UTCDateTime, nullable=True)

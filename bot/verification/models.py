"""Verification challenges and the per-contact send log used for rate limits."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Integer, String, Text

from bot.db import Base, UTCDateTime


class VerificationChallenge(Base):
    """The code is stored only as a keyed hash; the address only encrypted (for resends)."""

    __tablename__ = "verification_challenges"

    id = Column(String(40), primary_key=True)
    purpose = Column(String(20), nullable=False)
    contact_hash = Column(String(64), nullable=False, index=True)
    email_enc = Column(Text, nullable=True)
    ticket_id = Column(String(16), nullable=True)
    # A decoy answers a status check for an unknown ticket exactly like a real one, but no code is
    # ever sent and none can match, so the API never reveals whether a ticket id exists.
    decoy = Column(Boolean, nullable=False, default=False)
    language = Column(String(8), nullable=False, default="zh", server_default="zh")  # of its code mails
    code_hash = Column(String(64), nullable=False)
    attempts = Column(Integer, nullable=False, default=0)
    sends = Column(Integer, nullable=False, default=1)
    created_at = Column(UTCDateTime, nullable=False)
    last_sent_at = Column(UTCDateTime, nullable=False)
    expires_at = Column(UTCDateTime, nullable=False)
    locked_at = Column(UTCDateTime, nullable=True)
    verified_at = Column(UTCDateTime, nullable=True)
    token_hash = Column(String(64), nullable=True, unique=True)
    token_expires_at = Column(UTCDateTime, nullable=True)


class VerificationSend(Base):
    """One row per code sent, keyed by contact hash: the 60 s and 5-per-hour limits count these."""

    __tablename__ = "verification_sends"

    id = Column(Integer, primary_key=True, autoincrement=True)
    contact_hash = Column(String(64), nullable=False, index=True)
    sent_at = Column(UTCDateTime, nullable=False, index=True)


class VerificationContact(Base):
    """Per-contact counters, changed only by conditional UPDATEs so parallel requests cannot overrun them.

    `last_sent_at` serialises sends (one per resend interval); `sends_today` and `wrong_today` are the
    daily caps for the UTC day in `day`, reset by the first update on a new day.
    """

    __tablename__ = "verification_contacts"

    contact_hash = Column(String(64), primary_key=True)
    day = Column(String(10), nullable=False, default="")
    sends_today = Column(Integer, nullable=False, default=0)
    wrong_today = Column(Integer, nullable=False, default=0)
    last_sent_at = Column(UTCDateTime, nullable=True)

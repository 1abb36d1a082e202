"""Staff tables: accounts (argon2 hashes only) and server-side sessions (token hashes only)."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, ForeignKey, Integer, String, Text

from bot.db import Base, UTCDateTime


class StaffAccount(Base):
    __tablename__ = "staff_accounts"

    id = Column(Integer, primary_key=True, autoincrement=True)
    email = Column(String(254), nullable=False, unique=True)  # stored normalised (trimmed, lower case)
    display_name = Column(String(60), nullable=False)  # what visitors see as "客服 <name>"; never the email
    password_hash = Column(String(200), nullable=False)
    role = Column(String(16), nullable=False)
    active = Column(Boolean, nullable=False, default=True)
    failed_attempts = Column(Integer, nullable=False, default=0)
    locked_until = Column(UTCDateTime, nullable=True)
    created_at = Column(UTCDateTime, nullable=False)
    last_login_at = Column(UTCDateTime, nullable=True)
    time_zone = Column(String(64), nullable=True)  # IANA name the console shows times in; NULL: China time
    queues = Column(String(120), nullable=True)  # comma list of handoff topics (bot/handoff/topics.py)
    # Optional second factor: the TOTP secret (encrypted) and the last step used, so no code works twice.
    totp_secret_enc = Column(Text, nullable=True)
    totp_last_step = Column(Integer, nullable=True)


class StaffSession(Base):
    """One signed-in browser; deleting the row signs it out everywhere the cookie travels."""

    __tablename__ = "staff_sessions"

    id = Column(String(64), primary_key=True)  # sha256 of the cookie token, never the token itself
    staff_id = Column(
        Integer, ForeignKey("staff_accounts.id", ondelete="CASCADE"), nullable=False, index=True
    )
    csrf_token = Column(String(64), nullable=False)
    created_at = Column(UTCDateTime, nullable=False)
    last_seen_at = Column(UTCDateTime, nullable=False, index=True)
    expires_at = Column(UTCDateTime, nullable=False)

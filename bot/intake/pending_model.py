"""The action server's kept filings as a table on the shared Base, in their own SQLite file.

The file lives beside the action server (it must work while the backend and its database are
down), so it is migrated on its own: the `pending` Alembic branch (migrations/versions/p001_*),
run by the same `upgrade_database` as the DSR database. A file written before the table had a
model (raw sqlite3, ISO-text times) is brought to this shape by that migration.
"""

from __future__ import annotations

import fcntl
from pathlib import Path

from sqlalchemy import Column, Integer, String, Text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import sessionmaker

from bot.db import Base, UTCDateTime, make_engine, make_session_factory, upgrade_database

PENDING_BRANCH = "pending@head"


class PendingFiling(Base):
    """One request the backend could not take yet; the contact data is sealed and erased once filed."""

    __tablename__ = "pending_request"

    idempotency_key = Column(String(128), primary_key=True)
    sealed_payload = Column(Text, nullable=True)
    # waiting → filed, or refused (the backend said no; not yet reported) → failed (reported, data erased)
    state = Column(String(16), nullable=False, default="waiting", index=True)
    attempts = Column(Integer, nullable=False, default=0)
    last_error = Column(Text, nullable=True)
    ticket_id = Column(String(16), nullable=True, index=True)
    created_at = Column(UTCDateTime, nullable=False)
    updated_at = Column(UTCDateTime, nullable=False)


def pending_url(path: Path) -> str:
    return f"sqlite:///{path}"


def pending_engine(path: Path) -> Engine:
    """Migrate the file (creating it, or upgrading an older one) and return an engine on it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # Two action servers (make run-cluster) share the file: one upgrades at a time, the other then
    # finds it current. CREATE TABLE IF NOT EXISTS was race-free; Alembic's version check is not.
    with open(path.with_name(path.name + ".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        upgrade_database(pending_url(path), target=PENDING_BRANCH)
    return make_engine(pending_url(path), pool_size=2, max_overflow=4)


def open_pending(path: Path) -> sessionmaker:
    """The action server's session factory on its file."""
    return make_session_factory(pending_engine(path))

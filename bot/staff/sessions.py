"""Signed-in console sessions, kept server-side so signing out (or deactivation) really ends them."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.staff.models import StaffAccount, StaffSession
from bot.staff.roles import HANDOFF_ROLES
from bot.staff.service import StaffView, to_view


@dataclass(frozen=True)
class SessionRules:
    """Idle sessions end after two hours, any session after twelve; presence means seen in 5 minutes."""

    idle: timedelta = timedelta(hours=2)
    absolute: timedelta = timedelta(hours=12)
    presence: timedelta = timedelta(minutes=5)
    touch_every: timedelta = timedelta(seconds=30)


DEFAULT_SESSION_RULES = SessionRules()


@dataclass(frozen=True)
class SignedIn:
    staff: StaffView
    session_id: str
    csrf_token: str


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(
    *, session: Session, staff_id: int, now: datetime, rules: SessionRules = DEFAULT_SESSION_RULES
) -> tuple[str, SignedIn]:
    """A fresh random token (for the cookie) and its session; only the token's hash is stored."""
    token = secrets.token_urlsafe(32)
    row = StaffSession(
        id=_digest(token),
        staff_id=staff_id,
        csrf_token=secrets.token_urlsafe(32),
        created_at=now,
        last_seen_at=now,
        expires_at=now + rules.absolute,
    )
    session.add(row)
    session.flush()
    account = session.get(StaffAccount, staff_id)
    assert account is not None
    return token, SignedIn(to_view(account), row.id, row.csrf_token)


def resolve_session(
    *, session: Session, token: str, now: datetime, rules: SessionRules = DEFAULT_SESSION_RULES
) -> SignedIn | None:
    """The live session for a cookie token, or None (expired, idle, signed out, account deactivated)."""
    row = session.get(StaffSession, _digest(token))
    if row is None:
        return None
    account = session.get(StaffAccount, row.staff_id)
    if row.expires_at <= now or row.last_seen_at + rules.idle <= now or account is None or not account.active:
        session.delete(row)
        session.flush()
        return None
    if now - row.last_seen_at >= rules.touch_every:
        row.last_seen_at = now
        session.flush()
    return SignedIn(to_view(account), row.id, row.csrf_token)


def touch_session(*, session: Session, session_id: str, now: datetime) -> None:
    """Keep presence fresh while a console page holds a live stream open."""
    row = session.get(StaffSession, session_id)
    if row is not None:
        row.last_seen_at = now
        session.flush()


def close_session(*, session: Session, session_id: str) -> None:
    session.execute(delete(StaffSession).where(StaffSession.id == session_id))


def agents_online(*, session: Session, now: datetime, rules: SessionRules = DEFAULT_SESSION_RULES) -> int:
    """How many handoff-capable staff have a console open (a session seen within the presence window)."""
    query = (
        select(StaffSession.staff_id)
        .join(StaffAccount, StaffAccount.id == StaffSession.staff_id)
        .where(
            StaffAccount.active.is_(True),
            StaffAccount.role.in_([role.value for role in HANDOFF_ROLES]),
            StaffSession.last_seen_at > now - rules.presence,
            StaffSession.expires_at > now,
        )
        .distinct()
    )
    return len(session.execute(query).all())

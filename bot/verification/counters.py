"""Per-contact and per-challenge counters, each changed by one conditional UPDATE with a rowcount check.

Read-then-write loses updates under concurrency (SQLite and PostgreSQL alike): two requests read
`attempts = 4`, both write 5, and the fifth guess is free. Here the condition is in the UPDATE's
WHERE clause, so the database decides who gets the last slot and exactly one request does.
"""

from __future__ import annotations

import logging
import math
from datetime import datetime, time, timedelta, timezone

from sqlalchemy import case, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from bot.verification.errors import DailyLimit, RateLimited
from bot.verification.models import VerificationChallenge, VerificationContact, VerificationSend
from bot.verification.rules import VerificationRules

logger = logging.getLogger(__name__)


def _day(now: datetime) -> str:
    return now.astimezone(timezone.utc).date().isoformat()


def seconds_to_next_day(now: datetime) -> int:
    """Whole seconds until the next UTC midnight, when the daily caps reset."""
    utc = now.astimezone(timezone.utc)
    midnight = datetime.combine(utc.date() + timedelta(days=1), time(0), tzinfo=timezone.utc)
    return max(1, math.ceil((midnight - utc).total_seconds()))


def _ensure_row(session: Session, contact_hash: str) -> None:
    """Create the contact's counter row if missing; a parallel creator's row is simply kept."""
    dialect = session.get_bind().dialect.name
    insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}.get(dialect)
    values = {"contact_hash": contact_hash, "day": "", "sends_today": 0, "wrong_today": 0}
    if insert is not None:
        session.execute(insert(VerificationContact).values(**values).on_conflict_do_nothing())
    elif session.get(VerificationContact, contact_hash) is None:
        session.add(VerificationContact(**values))
        session.flush()


def reserve_send(
    session: Session, contact_hash: str, now: datetime, *, resend_after: timedelta, max_per_day: int
) -> None:
    """Take one send slot: at most one per `resend_after` and `max_per_day` per day, per contact."""
    _ensure_row(session, contact_hash)
    row, today = VerificationContact, _day(now)
    taken = session.execute(
        update(row)
        .where(
            row.contact_hash == contact_hash,
            or_(row.last_sent_at.is_(None), row.last_sent_at <= now - resend_after),
            or_(row.day != today, row.sends_today < max_per_day),
        )
        .values(
            sends_today=case((row.day == today, row.sends_today + 1), else_=1),
            day=today,
            last_sent_at=now,
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    if taken == 1:
        return
    day, sends, last = session.execute(
        select(row.day, row.sends_today, row.last_sent_at).where(row.contact_hash == contact_hash)
    ).one()
    if day == today and sends >= max_per_day:
        raise DailyLimit(seconds_to_next_day(now))
    wait = (last + resend_after - now).total_seconds() if last is not None else 1
    raise RateLimited(max(1, math.ceil(wait)))


def check_rate(session: Session, contact_hash: str, now: datetime, rules: VerificationRules) -> None:
    """At most one code per resend_after, max_sends_per_hour and max_sends_per_day per contact.

    The hourly count is read from the send log; the resend gap and the daily cap are then taken by
    one conditional UPDATE (counters.reserve_send), which also serialises parallel sends.
    """
    everyone = session.execute(
        select(func.count())
        .select_from(VerificationSend)
        .where(VerificationSend.sent_at > now - timedelta(minutes=1))
    ).scalar_one()
    if everyone >= rules.max_mails_per_minute:
        logger.warning("verification mails paused: %d sent in the last minute", everyone)
        raise RateLimited(60)
    window = now - timedelta(hours=1)
    sends = (
        session.execute(
            select(VerificationSend.sent_at)
            .where(VerificationSend.contact_hash == contact_hash, VerificationSend.sent_at > window)
            .order_by(VerificationSend.sent_at)
        )
        .scalars()
        .all()
    )
    if sends and now - sends[-1] < rules.resend_after:
        raise RateLimited(math.ceil((sends[-1] + rules.resend_after - now).total_seconds()))
    if len(sends) >= rules.max_sends_per_hour:
        oldest = sends[len(sends) - rules.max_sends_per_hour]
        raise RateLimited(max(1, math.ceil((oldest + timedelta(hours=1) - now).total_seconds())))
    reserve_send(
        session, contact_hash, now, resend_after=rules.resend_after, max_per_day=rules.max_sends_per_day
    )


def reserve_wrong_guess(session: Session, contact_hash: str, now: datetime, *, max_per_day: int) -> None:
    """Count a guess against the daily cap before comparing; a right guess gives it back."""
    _ensure_row(session, contact_hash)
    row, today = VerificationContact, _day(now)
    taken = session.execute(
        update(row)
        .where(row.contact_hash == contact_hash, or_(row.day != today, row.wrong_today < max_per_day))
        .values(wrong_today=case((row.day == today, row.wrong_today + 1), else_=1), day=today)
        .execution_options(synchronize_session=False)
    ).rowcount
    if taken != 1:
        raise DailyLimit(seconds_to_next_day(now))


def give_back_guess(session: Session, contact_hash: str, now: datetime) -> None:
    """A right code is not a wrong attempt."""
    row = VerificationContact
    session.execute(
        update(row)
        .where(row.contact_hash == contact_hash, row.day == _day(now), row.wrong_today > 0)
        .values(wrong_today=row.wrong_today - 1)
        .execution_options(synchronize_session=False)
    )


def take_attempt(session: Session, challenge_id: str, *, max_attempts: int) -> int | None:
    """Count one attempt on an open challenge; the new count, or None when none was left."""
    challenge = VerificationChallenge
    taken = session.execute(
        update(challenge)
        .where(
            challenge.id == challenge_id,
            challenge.attempts < max_attempts,
            challenge.locked_at.is_(None),
            challenge.verified_at.is_(None),
        )
        .values(attempts=challenge.attempts + 1)
        .execution_options(synchronize_session=False)
    ).rowcount
    if taken != 1:
        return None
    return int(session.execute(select(challenge.attempts).where(challenge.id == challenge_id)).scalar_one())


def lock(session: Session, challenge_id: str, now: datetime) -> None:
    challenge = VerificationChallenge
    session.execute(
        update(challenge)
        .where(challenge.id == challenge_id, challenge.locked_at.is_(None))
        .values(locked_at=now)
        .execution_options(synchronize_session=False)
    )


def mark_verified(
    session: Session, challenge_id: str, now: datetime, *, token_hash: str, token_expires_at: datetime
) -> bool:
    """Record the pass once: False when a parallel request already used (or locked) the challenge."""
    challenge = VerificationChallenge
    return (
        session.execute(
            update(challenge)
            .where(
                challenge.id == challenge_id,
                challenge.verified_at.is_(None),
                challenge.locked_at.is_(None),
            )
            .values(verified_at=now, token_hash=token_hash, token_expires_at=token_expires_at)
            .execution_options(synchronize_session=False)
        ).rowcount
        == 1
    )

"""Retention: each store keeps what it holds only for its window (Settings, documented in the README).

`purge` takes `now`, so a test with a passed-in clock checks exactly what the windows say. Run by the
backend every PURGE_INTERVAL_MINUTES and by `make purge` / `python -m bot.retention [--dry-run]`;
running it twice removes nothing the second time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.mail.models import OutboxMessage
from bot.privacy import stores
from bot.settings import Settings
from bot.tickets.models import Ticket
from bot.verification.models import VerificationChallenge, VerificationSend


@dataclass(frozen=True)
class Windows:
    """How long each store keeps its data."""

    conversation: timedelta = timedelta(days=30)
    after_close: timedelta = timedelta(days=180)
    sink_mail: timedelta = timedelta(days=7)
    challenge: timedelta = timedelta(days=1)
    outbox: timedelta = timedelta(days=30)

    @classmethod
    def from_settings(cls, settings: Settings) -> Windows:
        return cls(
            conversation=timedelta(days=settings.retention_conversation_days),
            after_close=timedelta(days=settings.retention_after_close_days),
            sink_mail=timedelta(days=settings.retention_sink_mail_days),
            challenge=timedelta(days=settings.retention_challenge_days),
            outbox=timedelta(days=settings.retention_outbox_days),
        )


def _expired_conversations(
    session: Session, external: stores.ExternalStores, windows: Windows, now: datetime
) -> set[str]:
    """Idle past the window and no ticket; or every ticket that names them closed past its window."""
    idle = stores.idle_conversations(external.tracker, last_before=now - windows.conversation)
    if not idle:
        return set()
    linked = session.execute(
        select(Ticket.conversation_id, func.count(), func.max(Ticket.closed_at), func.count(Ticket.closed_at))
        .where(Ticket.conversation_id.in_(list(idle)))
        .group_by(Ticket.conversation_id)
    ).all()
    keep = set()
    for conversation_id, tickets, last_closed, closed in linked:
        still_needed = closed < tickets or last_closed is None or last_closed > now - windows.after_close
        if still_needed:
            keep.add(conversation_id)
    return set(idle) - keep


def _count_or_delete(session: Session, model: type, condition: object, dry_run: bool) -> int:
    if dry_run:
        return int(session.execute(select(func.count()).select_from(model).where(condition)).scalar() or 0)
    return int(session.execute(delete(model).where(condition)).rowcount or 0)


def purge(
    *,
    factory: sessionmaker,
    external: stores.ExternalStores,
    windows: Windows,
    now: datetime,
    dry_run: bool = False,
) -> dict[str, int]:
    """Remove (or with dry_run only count) everything past its window; returns counts by store."""
    challenge_cutoff = now - windows.challenge
    with factory.begin() as session:
        conversations = _expired_conversations(session, external, windows, now)
        counts = {
            "conversations": len(conversations),
            "tracker_events": stores.delete_conversations(external.tracker, conversations, dry_run=dry_run),
            "sink_mail": stores.delete_sink_mail_before(
                external.sink_dir, now - windows.sink_mail, dry_run=dry_run
            ),
            "challenges": _count_or_delete(
                session, VerificationChallenge, VerificationChallenge.expires_at < challenge_cutoff, dry_run
            ),
            "verification_sends": _count_or_delete(
                session, VerificationSend, VerificationSend.sent_at < challenge_cutoff, dry_run
            ),
            "outbox": _count_or_delete(
                session, OutboxMessage, OutboxMessage.delivered_at < now - windows.outbox, dry_run
            ),
            # Filed and reported rows keep only the key (and a ticket id); they go with the outbox window.
            "pending": stores.delete_done_pending_before(
                external.pending_path, now - windows.outbox, dry_run=dry_run
            ),
        }
        if dry_run:
            session.rollback()
    return counts


def report(counts: dict[str, int], *, dry_run: bool) -> str:
    """One line per store, for `make purge` and the backend's log."""
    verb = "would remove" if dry_run else "removed"
    return "\n".join(f"{store}: {verb} {count}" for store, count in counts.items())

"""Erasure that follows the ticket: a completed deletion or account closure removes the person's traces.

The ticket and its audit trail stay (they are the legal record); the erasure itself is appended to that
trail with what was removed from which store. Work is derived, not queued: every completed deletion or
closure without a `done` erasure is due, so a part-way failure is simply retried on the next round, and
each step only deletes what is still there (idempotent).
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from bot.crypto import CryptoError, FieldCipher
from bot.handoff.models import Handoff, HandoffEvent
from bot.mail.models import OutboxMessage
from bot.privacy import stores
from bot.privacy.models import Erasure
from bot.tickets.models import AuditEvent, Ticket
from bot.verification.models import VerificationChallenge, VerificationSend

logger = logging.getLogger(__name__)
ERASING_TYPES = ("deletion", "account_closure")
ERASURE_REASON = "erased"
STORE_LABELS = {
    "tracker_events": "对话记录（Rasa tracker store）",
    "conversations": "涉及的对话",
    "sink_mail": "邮件存档（SMTP sink）",
    "challenges": "验证码记录",
    "verification_sends": "验证码发送记录",
    "outbox": "发件箱",
    "pending": "待提交请求（action server）",
    "handoff_texts": "人工客服对话文字",
}


class MailStillQueued(RuntimeError):
    """The contact still has mail waiting in the outbox (e.g. the completion notice): erase after it."""


def due(session: Session) -> list[str]:
    """Completed deletion and closure tickets whose erasure is not done yet, oldest first."""
    done = select(Erasure.ticket_id).where(Erasure.state == "done")
    rows = session.execute(
        select(Ticket.id)
        .where(Ticket.status == "completed", Ticket.type.in_(ERASING_TYPES), Ticket.id.not_in(done))
        .order_by(Ticket.closed_at)
    )
    return [row[0] for row in rows]


def _outbox_rows_for(session: Session, cipher: FieldCipher, address: str, ticket_ids: set[str]) -> list:
    """Rows about these tickets, and code mails (no ticket yet) sent to this address."""
    found = []
    for row in session.execute(select(OutboxMessage)).scalars():
        if row.ticket_id in ticket_ids:
            found.append(row)
            continue
        try:
            if cipher.decrypt(row.to_enc).strip().lower() == address:
                found.append(row)
        except CryptoError:
            continue  # a row under another key is not this person's: leave it
    return found


def erase_contact(
    *, session: Session, cipher: FieldCipher, external: stores.ExternalStores, ticket: Ticket
) -> dict[str, int]:
    """Remove every trace of the ticket's verified contact; the caller commits. Returns counts by store."""
    address = cipher.decrypt(ticket.email_enc).strip().lower()
    linked = session.execute(select(Ticket).where(Ticket.email_hash == ticket.email_hash)).scalars().all()
    ticket_ids = {other.id for other in linked}
    conversations = {other.conversation_id for other in linked if other.conversation_id}
    outbox = _outbox_rows_for(session, cipher, address, ticket_ids)
    if any(row.delivered_at is None and row.failed_at is None for row in outbox):
        raise MailStillQueued(ticket.id)
    counts = {
        "tracker_events": stores.delete_conversations(external.tracker, conversations),
        "conversations": len(conversations),
        "sink_mail": stores.delete_sink_mail_to(external.sink_dir, address),
        "pending": stores.delete_pending(external.pending_path, ticket_ids),
    }
    contact = VerificationChallenge.contact_hash == ticket.email_hash
    by_ticket = VerificationChallenge.ticket_id.in_(ticket_ids)
    counts["challenges"] = session.execute(delete(VerificationChallenge).where(contact | by_ticket)).rowcount
    counts["verification_sends"] = session.execute(
        delete(VerificationSend).where(VerificationSend.contact_hash == ticket.email_hash)
    ).rowcount
    for row in outbox:
        session.delete(row)
    counts["outbox"] = len(outbox)
    counts["handoff_texts"] = _clear_handoff_texts(session, conversations)
    return counts


def _clear_handoff_texts(session: Session, conversations: set[str]) -> int:
    """Handoffs of these conversations keep their times and states (staff statistics), not the words."""
    if not conversations:
        return 0
    handoffs = select(Handoff.id).where(Handoff.conversation_id.in_(sorted(conversations)))
    cleared = session.execute(
        update(HandoffEvent)
        .where(HandoffEvent.handoff_id.in_(handoffs), HandoffEvent.text_enc.is_not(None))
        .values(text_enc=None)
        .execution_options(synchronize_session=False)
    ).rowcount
    cleared += session.execute(
        update(Handoff)
        .where(Handoff.conversation_id.in_(sorted(conversations)), Handoff.first_message_enc.is_not(None))
        .values(first_message_enc=None)
        .execution_options(synchronize_session=False)
    ).rowcount
    return int(cleared or 0)


def summary(counts: dict[str, int]) -> str:
    """The audit note staff read on the ticket page: each store and how much was removed."""
    return "；".join(f"{STORE_LABELS.get(store, store)}：{count}" for store, count in counts.items())


def _completer(ticket: Ticket) -> str:
    completed = [event for event in ticket.events if event.to_status == "completed"]
    return completed[-1].actor if completed else "system"


def _record(session: Session, ticket_id: str, now: datetime) -> Erasure:
    row = session.get(Erasure, ticket_id)
    if row is None:
        row = Erasure(ticket_id=ticket_id, state="pending", attempts=0, created_at=now, updated_at=now)
        session.add(row)
    return row


def run_one(
    *,
    factory: sessionmaker,
    cipher: FieldCipher,
    external: stores.ExternalStores,
    ticket_id: str,
    now: datetime,
) -> Erasure | None:
    """One attempt; on success the audit event and the `done` mark commit with the database deletes."""
    try:
        with factory.begin() as session:
            ticket = session.get(Ticket, ticket_id, with_for_update=True)
            if ticket is None:
                return None
            counts = erase_contact(session=session, cipher=cipher, external=external, ticket=ticket)
            row = _record(session, ticket_id, now)
            row.state, row.counts, row.done_at, row.updated_at = "done", json.dumps(counts), now, now
            row.attempts, row.last_error = row.attempts + 1, None
            session.add(
                AuditEvent(
                    ticket=ticket,
                    at=now,
                    actor=f"erasure for {_completer(ticket)}"[:120],
                    from_status=ticket.status,
                    to_status=ticket.status,
                    reason=ERASURE_REASON,
                    note_enc=cipher.encrypt(summary(counts)),
                )
            )
        logger.info("ticket %s: erasure done %s", ticket_id, counts)
        return row
    except MailStillQueued:
        return None  # not a failure: the completion notice goes out first
    except (SQLAlchemyError, OSError, sqlite3.Error, CryptoError) as error:
        logger.error("ticket %s: erasure failed: %s", ticket_id, type(error).__name__, exc_info=error)
        with factory.begin() as session:
            row = _record(session, ticket_id, now)
            row.attempts, row.updated_at = row.attempts + 1, now
            row.last_error = type(error).__name__[:200]
        return row


def run_due(
    *,
    factory: sessionmaker,
    cipher: FieldCipher,
    external: stores.ExternalStores,
    clock: Callable[[], datetime],
) -> list[Erasure]:
    """Every erasure due now, each in its own transaction; the backend calls this on a timer."""
    with factory() as session:
        ticket_ids = due(session)
    results = []
    for ticket_id in ticket_ids:
        result = run_one(factory=factory, cipher=cipher, external=external, ticket_id=ticket_id, now=clock())
        if result is not None:
            results.append(result)
    return results


def status_for_staff(
    session: Session, ticket_id: str, ticket_type: str, status: str
) -> dict[str, object] | None:
    """What the ticket page says about the erasure: none owed, waiting, retrying after a failure, done."""
    if ticket_type not in ERASING_TYPES or status != "completed":
        return None
    row = session.get(Erasure, ticket_id)
    if row is None:
        return {"state": "waiting", "attempts": 0, "last_error": None, "done_at": None}
    return {
        "state": row.state,
        "attempts": row.attempts,
        "last_error": row.last_error,
        "done_at": row.done_at,
    }


def failing(session: Session) -> list[Erasure]:
    """Erasures whose last attempt failed: the console's queue lists them until a retry succeeds."""
    query = select(Erasure).where(Erasure.state != "done", Erasure.last_error.is_not(None))
    return list(session.execute(query.order_by(Erasure.created_at)).scalars())

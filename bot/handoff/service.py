"""Handoff use cases; keyword-only, the caller owns the session and commits.

Logs name handoff ids and reasons only; conversation text and notes stay out of logs (and are
encrypted at rest).
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.crypto import FieldCipher
from bot.handoff.errors import (
    AlreadyTaken,
    ConcurrentEscalation,
    HandoffClosed,
    InvalidHandoffField,
    NotYours,
)
from bot.handoff.models import Handoff
from bot.handoff.permissions import check_can_end, check_holder
from bot.handoff.reasons import Reason, reasons_text
from bot.handoff.rows import load_row, log_event, move_row
from bot.handoff.topics import parse_topic
from bot.handoff.views import HandoffView, State, to_view
from bot.staff.models import StaffAccount

logger = logging.getLogger(__name__)
MAX_TEXT = 2000


def _checked_text(text: str, field: str) -> str:
    value = text.strip() if isinstance(text, str) else ""
    if not value or len(value) > MAX_TEXT:
        raise InvalidHandoffField(field, f"{field} must be 1-{MAX_TEXT} characters")
    return value


def request_handoff(
    *,
    session: Session,
    cipher: FieldCipher,
    conversation_id: str,
    channel: str,
    reason: str,
    now: datetime,
    topic: str | None = None,
    first_message: str | None = None,
) -> tuple[HandoffView, bool]:
    """Open a waiting handoff, or return the conversation's open one (a retry or "keep waiting")."""
    if not conversation_id or len(conversation_id) > 128 or "\x00" in conversation_id:
        raise InvalidHandoffField("conversation_id", "conversation_id must be 1-128 characters")
    if not channel or len(channel) > 32:
        raise InvalidHandoffField("channel", "channel must be 1-32 characters")
    try:
        parsed = Reason(reason)
    except ValueError:
        raise InvalidHandoffField("reason", f"reason must be one of: {reasons_text()}") from None
    existing = session.execute(
        select(Handoff).where(Handoff.open_key == conversation_id)
    ).scalar_one_or_none()
    if existing is not None:
        if not existing.assistant_paused:
            existing.assistant_paused = True  # the person chose to keep waiting after the notice
            log_event(session, existing, cipher, "assistant", "rewait", now)
            session.flush()
        return to_view(session, existing, cipher), False
    row = Handoff(
        id=uuid.uuid4().hex,
        conversation_id=conversation_id,
        channel=channel,
        reason=parsed.value,
        topic=parse_topic(topic).value,
        first_message_enc=cipher.encrypt_optional((first_message or "").strip()[:MAX_TEXT] or None),
        state=State.WAITING.value,
        open_key=conversation_id,
        assistant_paused=True,
        requested_at=now,
    )
    session.add(row)
    log_event(session, row, cipher, "assistant", "requested", now)
    try:
        session.flush()
    except IntegrityError:
        # Lost a race with a second escalation of the same conversation; a retry returns the winner.
        raise ConcurrentEscalation(conversation_id) from None
    logger.info(
        "handoff %s requested (reason=%s, topic=%s, channel=%s)", row.id, parsed.value, row.topic, channel
    )
    return to_view(session, row, cipher), True


def get_handoff(*, session: Session, cipher: FieldCipher, handoff_id: str) -> HandoffView:
    return to_view(session, load_row(session, handoff_id), cipher)


def current_for_conversation(
    *, session: Session, cipher: FieldCipher, conversation_id: str
) -> HandoffView | None:
    """The open handoff of a conversation, else its latest one, else None."""
    if "\x00" in conversation_id or len(conversation_id) > 128:
        return None  # never stored: PostgreSQL refuses NUL in a string literal
    row = session.execute(
        select(Handoff)
        .where(Handoff.conversation_id == conversation_id)
        .order_by(Handoff.open_key.is_(None), Handoff.requested_at.desc())
        .limit(1)
    ).scalar_one_or_none()
    return None if row is None else to_view(session, row, cipher)


def list_handoffs(
    *,
    session: Session,
    cipher: FieldCipher,
    open_only: bool = True,
    limit: int = 100,
    queues: tuple[str, ...] = (),
) -> list[HandoffView]:
    """The inbox: open handoffs in the agent's queues first, each part oldest first; else the latest."""
    query = select(Handoff)
    if open_only:
        query = query.where(Handoff.state != State.ENDED.value).order_by(Handoff.requested_at.asc())
    else:
        query = query.order_by(Handoff.requested_at.desc())
    views = [to_view(session, row, cipher) for row in session.execute(query.limit(limit)).scalars()]
    return sorted(views, key=lambda view: view.topic not in queues) if open_only and queues else views


def list_ended(*, session: Session, cipher: FieldCipher, limit: int = 20) -> list[HandoffView]:
    """The latest ended handoffs, newest first ("最近结束" on the inbox)."""
    query = select(Handoff).where(Handoff.state == State.ENDED.value).order_by(Handoff.ended_at.desc())
    return [to_view(session, row, cipher) for row in session.execute(query.limit(limit)).scalars()]


def take_handoff(
    *, session: Session, cipher: FieldCipher, handoff_id: str, agent_id: int, now: datetime
) -> HandoffView:
    """Claim a waiting conversation; taking one you already hold is harmless; of two takers one wins."""
    row = load_row(session, handoff_id)
    won = move_row(
        session,
        row,
        {"state": State.WAITING.value},
        state=State.TAKEN.value,
        agent_id=agent_id,
        taken_at=now,
        assistant_paused=True,
    )
    if won:
        log_event(session, row, cipher, f"staff:{agent_id}", "taken", now)
        session.flush()
        logger.info("handoff %s taken by staff %s", handoff_id, agent_id)
        return to_view(session, row, cipher)
    if row.state == State.ENDED.value:
        raise HandoffClosed(handoff_id)
    if row.state == State.TAKEN.value and row.agent_id != agent_id:
        holder = session.get(StaffAccount, row.agent_id)
        raise AlreadyTaken(holder.display_name if holder is not None else "?")
    return to_view(session, row, cipher)


def release_handoff(
    *, session: Session, cipher: FieldCipher, handoff_id: str, agent_id: int, now: datetime
) -> HandoffView:
    """Give a taken conversation back to the queue (e.g. the person could not be reached on their channel)."""
    row = load_row(session, handoff_id)
    check_holder(row, agent_id)
    expected = {"state": State.TAKEN.value, "agent_id": agent_id}
    if not move_row(session, row, expected, state=State.WAITING.value, agent_id=None, taken_at=None):
        check_holder(row, agent_id)  # raises: it was ended or released meanwhile
    log_event(session, row, cipher, f"staff:{agent_id}", "released", now)
    session.flush()
    return to_view(session, row, cipher)


def record_reply(
    *, session: Session, cipher: FieldCipher, handoff_id: str, agent_id: int, text: str, now: datetime
) -> str:
    """Log a reply the agent sends; only the holder may. Returns the checked text to send."""
    row = load_row(session, handoff_id)
    check_holder(row, agent_id)
    value = _checked_text(text, "text")
    log_event(session, row, cipher, f"staff:{agent_id}", "reply", now, value)
    session.flush()
    return value


def add_note(
    *, session: Session, cipher: FieldCipher, handoff_id: str, agent_id: int, text: str, now: datetime
) -> None:
    """An internal note: stored encrypted, shown to staff, never sent to the person."""
    row = load_row(session, handoff_id)
    log_event(session, row, cipher, f"staff:{agent_id}", "note", now, _checked_text(text, "note"))
    session.flush()


def link_ticket(
    *, session: Session, cipher: FieldCipher, handoff_id: str, ticket_id: str, agent_id: int, now: datetime
) -> HandoffView:
    row = load_row(session, handoff_id)
    row.ticket_id = ticket_id
    log_event(session, row, cipher, f"staff:{agent_id}", "linked", now, ticket_id)
    session.flush()
    return to_view(session, row, cipher)


def end_handoff(
    *,
    session: Session,
    cipher: FieldCipher,
    handoff_id: str,
    agent_id: int,
    now: datetime,
    is_admin: bool = False,
) -> HandoffView:
    """Close it (see check_can_end for who may)."""
    row = load_row(session, handoff_id)
    check_can_end(to_view(session, row, cipher), agent_id, is_admin=is_admin)
    expected: dict[str, object] = {"state": row.state, "agent_id": row.agent_id}
    ended = {"state": State.ENDED.value, "open_key": None, "ended_at": now, "assistant_paused": False}
    if not move_row(session, row, expected, **ended):
        raise HandoffClosed(handoff_id) if row.state == State.ENDED.value else NotYours(handoff_id)
    log_event(session, row, cipher, f"staff:{agent_id}", "ended", now)
    session.flush()
    logger.info("handoff %s ended by staff %s", handoff_id, agent_id)
    return to_view(session, row, cipher)

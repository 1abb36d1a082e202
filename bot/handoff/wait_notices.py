"""The notice to a person nobody took in time: which handoffs are due, and recording it once."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.crypto import FieldCipher
from bot.handoff.models import Handoff
from bot.handoff.reasons import Reason
from bot.handoff.rows import load_row, log_event, move_row
from bot.handoff.views import HandoffView, State, to_view


def due_wait_notices(
    *, session: Session, cipher: FieldCipher, now: datetime, wait: timedelta
) -> list[HandoffView]:
    """Waiting handoffs that nobody took within `wait` and that have not had their notice yet."""
    query = select(Handoff).where(
        Handoff.state == State.WAITING.value,
        Handoff.wait_notice_at.is_(None),
        Handoff.requested_at <= now - wait,
        Handoff.reason != Reason.FILING_FAILED.value,  # the person was told by mail, not in a live chat
    )
    rows = session.execute(query.order_by(Handoff.requested_at)).scalars()
    return [to_view(session, row, cipher) for row in rows]


def mark_wait_notice(
    *, session: Session, cipher: FieldCipher, handoff_id: str, now: datetime
) -> HandoffView | None:
    """Record the notice once (None when already sent); the row unpauses so the person can act on it."""
    row = load_row(session, handoff_id)
    expected = {"state": State.WAITING.value, "wait_notice_at": None}
    if not move_row(session, row, expected, wait_notice_at=now, assistant_paused=False):
        return None
    log_event(session, row, cipher, "system", "wait_notice", now)
    session.flush()
    return to_view(session, row, cipher)

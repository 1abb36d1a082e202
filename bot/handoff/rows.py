"""The handoff row as every use case touches it: load by id, move under a condition, log an event."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.crypto import FieldCipher
from bot.handoff.errors import HandoffNotFound
from bot.handoff.models import Handoff, HandoffEvent


def load_row(session: Session, handoff_id: str) -> Handoff:
    """The row, or HandoffNotFound."""
    row = session.execute(select(Handoff).where(Handoff.id == handoff_id)).scalar_one_or_none()
    if row is None:
        raise HandoffNotFound(handoff_id)
    return row


def move_row(session: Session, row: Handoff, expected: dict[str, object], **values: object) -> bool:
    """Change the row only if it still has the `expected` values; True when this call won.

    A conditional UPDATE with a rowcount check (SQLite ignores SELECT ... FOR UPDATE, so two agents
    could both take one conversation). The loaded row is refreshed either way.
    """
    conditions = [getattr(Handoff, name) == value for name, value in expected.items()]
    moved = session.execute(
        update(Handoff)
        .where(Handoff.id == row.id, *conditions)
        .values(**values)
        .execution_options(synchronize_session=False)
    ).rowcount
    session.refresh(row)
    return moved == 1


def log_event(
    session: Session,
    row: Handoff,
    cipher: FieldCipher,
    actor: str,
    kind: str,
    now: datetime,
    text: str | None = None,
) -> None:
    """Append to the handoff's audit trail; the text (a reply, a note) is stored encrypted."""
    session.add(
        HandoffEvent(handoff=row, at=now, actor=actor, kind=kind, text_enc=cipher.encrypt_optional(text))
    )

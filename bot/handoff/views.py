"""Read-only views of handoffs for the edges (console, API, streams); notes decrypted here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from sqlalchemy.orm import Session

from bot.crypto import FieldCipher
from bot.handoff.models import Handoff
from bot.handoff.reasons import Reason
from bot.staff.models import StaffAccount
from bot.staff.service import actor_names

__all__ = ["EventView", "HandoffView", "Reason", "State", "to_view"]


class State(str, Enum):
    WAITING = "waiting"
    TAKEN = "taken"
    ENDED = "ended"


@dataclass(frozen=True)
class EventView:
    at: datetime
    actor: str  # "staff:<id>", "assistant" or "system": the stable audit key
    kind: str
    text: str | None
    actor_name: str  # what staff read: a colleague's display name, or 助手 / 系统


@dataclass(frozen=True)
class HandoffView:
    id: str
    conversation_id: str
    channel: str
    reason: str
    topic: str
    first_message: str | None
    state: str
    agent_id: int | None
    agent_name: str | None
    assistant_paused: bool
    ticket_id: str | None
    requested_at: datetime
    taken_at: datetime | None
    ended_at: datetime | None
    wait_notice_at: datetime | None
    events: tuple[EventView, ...]

    def waiting_seconds(self, now: datetime) -> int:
        """How long the person has waited for an agent (until taken, or until now)."""
        return max(0, int(((self.taken_at or self.ended_at or now) - self.requested_at).total_seconds()))


def to_view(session: Session, row: Handoff, cipher: FieldCipher) -> HandoffView:
    agent = session.get(StaffAccount, row.agent_id) if row.agent_id is not None else None
    names = actor_names(session, {event.actor for event in row.events})
    return HandoffView(
        id=row.id,
        conversation_id=row.conversation_id,
        channel=row.channel,
        reason=row.reason,
        topic=row.topic or "general",
        first_message=cipher.decrypt_optional(row.first_message_enc),
        state=row.state,
        agent_id=row.agent_id,
        agent_name=agent.display_name if agent is not None else None,
        assistant_paused=bool(row.assistant_paused),
        ticket_id=row.ticket_id,
        requested_at=row.requested_at,
        taken_at=row.taken_at,
        ended_at=row.ended_at,
        wait_notice_at=row.wait_notice_at,
        events=tuple(
            EventView(
                event.at, event.actor, event.kind, cipher.decrypt_optional(event.text_enc), names[event.actor]
            )
            for event in row.events
        ),
    )

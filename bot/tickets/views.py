"""Decrypted, read-only views of tickets for the edges (API, bot, staff console)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any, ClassVar

from bot.crypto import FieldCipher
from bot.tickets.deadlines import DeadlineRules, Pause, days_left, due_date, end_of_day, local_date
from bot.tickets.models import AuditEvent, Ticket
from bot.tickets.states import OPEN_STATUSES, Status


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    actor: str
    from_status: str | None
    to_status: str
    reason: str | None
    note: str | None


@dataclass(frozen=True)
class TicketView:
    """A ticket as the API shows it: `to_dict()` is the wire JSON, the OpenAPI `Ticket` schema."""

    wire_name: ClassVar[str] = "Ticket"
    id: str
    type: str
    status: str
    scenario: str
    name: str
    email: str
    phone: str | None
    details: str
    channel: str
    language: str
    conversation_id: str | None
    verified_at: datetime
    created_at: datetime
    due_at: datetime
    closed_at: datetime | None
    days_left: int | None
    overdue: bool
    requests_last_12_months: int
    history: tuple[HistoryEntry, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict with ISO timestamps, the contract's field names."""
        return _jsonable(asdict(self))


def _jsonable(value: Any) -> Any:
    """Recursively turn datetimes into ISO strings and tuples into lists."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(item) for item in value]
    return value


def pauses_of(events: list[AuditEvent]) -> list[Pause]:
    """Spans spent awaiting the requester, read from the audit trail (the single source of truth)."""
    spans: list[Pause] = []
    started: date | None = None
    for event in events:
        if event.to_status == Status.AWAITING_REQUESTER.value:
            started = local_date(event.at)
        elif event.from_status == Status.AWAITING_REQUESTER.value and started is not None:
            spans.append((started, local_date(event.at)))
            started = None
    if started is not None:
        spans.append((started, None))
    return spans


def to_view(ticket: Ticket, cipher: FieldCipher, now: datetime, due_at: datetime | None = None) -> TicketView:
    """Decrypt one ticket; due_at may be passed when it is computed live (while paused)."""
    due = due_at or ticket.due_at
    is_open = Status(ticket.status) in OPEN_STATUSES
    left = days_left(due, now) if is_open else None
    history = tuple(
        HistoryEntry(
            at=event.at,
            actor=event.actor,
            from_status=event.from_status,
            to_status=event.to_status,
            reason=event.reason,
            note=cipher.decrypt_optional(event.note_enc),
        )
        for event in ticket.events
    )
    return TicketView(
        id=ticket.id,
        type=ticket.type,
        status=ticket.status,
        scenario=ticket.scenario,
        name=cipher.decrypt(ticket.name_enc),
        email=cipher.decrypt(ticket.email_enc),
        phone=cipher.decrypt_optional(ticket.phone_enc),
        details=cipher.decrypt(ticket.details_enc),
        channel=ticket.channel,
        language=ticket.language or "zh",
        conversation_id=ticket.conversation_id,
        verified_at=ticket.verified_at,
        created_at=ticket.created_at,
        due_at=due,
        closed_at=ticket.closed_at,
        days_left=left,
        overdue=left is not None and left < 0,
        requests_last_12_months=ticket.requests_last_12_months,
        history=history,
    )


def current_due(ticket: Ticket, rules: DeadlineRules, now: datetime) -> datetime:
    """Recompute due_at from verification and the pauses in the audit trail."""
    start = local_date(ticket.verified_at)
    return end_of_day(due_date(start, rules, pauses_of(list(ticket.events)), today=local_date(now)))


def live_view(ticket: Ticket, cipher: FieldCipher, rules: DeadlineRules, now: datetime) -> TicketView:
    """While paused, the due date moves every day; show the live value."""
    live = ticket.status == Status.AWAITING_REQUESTER.value
    return to_view(ticket, cipher, now, current_due(ticket, rules, now) if live else None)

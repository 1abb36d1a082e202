"""The request queue's query: filters, search by id or contact, sorted by due date."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

from bot.crypto import FieldCipher
from bot.tickets.ids import is_ticket_id, normalise_ticket_id
from bot.tickets.models import Ticket
from bot.tickets.states import OPEN_STATUSES, Scenario, Status, TicketType
from bot.tickets.views import TicketView, to_view

DUE_SOON_DAYS = 3


@dataclass(frozen=True)
class QueueFilters:
    status: str = "open"  # "open", "all" or one status
    type: str = ""
    scenario: str = ""
    due: str = ""  # "", "overdue" or "soon"
    q: str = ""

    @classmethod
    def from_query(cls, params: dict[str, str]) -> QueueFilters:
        """Unknown values are dropped rather than refused: a stale bookmark still opens."""
        status = params.get("status", "open")
        return cls(
            status=status if status in {"open", "all", *(s.value for s in Status)} else "open",
            type=params.get("type", "") if params.get("type", "") in {t.value for t in TicketType} else "",
            scenario=params.get("scenario", "")
            if params.get("scenario", "") in {s.value for s in Scenario}
            else "",
            due=params.get("due", "") if params.get("due", "") in {"overdue", "soon"} else "",
            q=params.get("q", "").strip()[:254],
        )


def _search_clause(query: Select, cipher: FieldCipher, text: str) -> Select:
    """A ticket id, an email (keyed hash) or a phone number (keyed hash); contact data is never scanned."""
    if is_ticket_id(normalise_ticket_id(text)):
        return query.where(Ticket.id == normalise_ticket_id(text))
    if "@" in text:
        return query.where(Ticket.email_hash == cipher.email_hash(text))
    if re.fullmatch(r"[+\d][\d\s-]{6,}", text):
        return query.where(Ticket.phone_hash == cipher.phone_hash(text))
    return query.where(Ticket.id == text)


def search_queue(
    *, session: Session, cipher: FieldCipher, now: datetime, filters: QueueFilters, limit: int = 200
) -> list[TicketView]:
    query = select(Ticket)
    if filters.status == "open" or filters.due:
        query = query.where(Ticket.status.in_([status.value for status in OPEN_STATUSES]))
    if filters.status not in ("open", "all"):
        query = query.where(Ticket.status == filters.status)
    if filters.type:
        query = query.where(Ticket.type == filters.type)
    if filters.scenario:
        query = query.where(Ticket.scenario == filters.scenario)
    if filters.due == "overdue":
        query = query.where(Ticket.due_at < now)
    elif filters.due == "soon":
        query = query.where(Ticket.due_at <= now + timedelta(days=DUE_SOON_DAYS))
    if filters.q:
        query = _search_clause(query, cipher, filters.q)
    rows = session.execute(query.order_by(Ticket.due_at.asc(), Ticket.id).limit(limit)).scalars().all()
    return [to_view(ticket, cipher, now) for ticket in rows]

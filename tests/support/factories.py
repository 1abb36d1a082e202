"""Build test data through the service layer, not through HTTP or raw SQL."""

from __future__ import annotations

from typing import Any

from bot.crypto import FieldCipher
from bot.db import SessionFactory, session_scope
from bot.tickets import filing, service
from bot.tickets.new_ticket import NewTicket
from bot.tickets.views import TicketView
from tests.support.clock import FrozenClock

SECRET_NAME = "张秘密"
SECRET_EMAIL = "zhang.secret@example.com"
SECRET_PHONE = "13812345678"
SECRET_DETAILS = "请删除我在售后工单里留下的所有记录-唯一标记XYZ"


def new_ticket(**overrides: Any) -> NewTicket:
    """A valid request; override any field."""
    values: dict[str, Any] = {
        "type": "deletion",
        "scenario": "after_sales",
        "name": SECRET_NAME,
        "email": SECRET_EMAIL,
        "phone": SECRET_PHONE,
        "details": SECRET_DETAILS,
        "channel": "rest",
        "conversation_id": "conv-1",
    }
    values.update(overrides)
    return NewTicket(**values)


def file_ticket(
    session_factory: SessionFactory,
    cipher: FieldCipher,
    clock: FrozenClock,
    key: str | None = None,
    **overrides: Any,
) -> TicketView:
    """File and commit one ticket verified 'now'."""
    with session_scope(session_factory) as session:
        view, _ = filing.file_ticket(
            session=session,
            cipher=cipher,
            new=new_ticket(**overrides),
            verified_at=clock(),
            now=clock(),
            idempotency_key=key,
        )
    return view


def move(
    session_factory: SessionFactory,
    cipher: FieldCipher,
    clock: FrozenClock,
    ticket_id: str,
    to: str,
    **kwargs: Any,
) -> TicketView:
    """Transition and commit."""
    with session_scope(session_factory) as session:
        return service.transition_ticket(
            session=session,
            cipher=cipher,
            ticket_id=ticket_id,
            to=to,
            actor=kwargs.pop("actor", "staff:li"),
            now=clock(),
            **kwargs,
        )

"""Transitions, the audit trail, the paused deadline and listings through the service layer."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from bot.db import session_scope
from bot.tickets import service
from bot.tickets.deadlines import local_date
from bot.tickets.errors import IllegalTransition, InvalidTicketField, TicketNotFound
from bot.tickets.models import AppendOnlyViolation, AuditEvent
from tests.bot.tickets.conftest import queued_mail
from tests.support.factories import file_ticket, move

PATHS = [
    ["in_progress", "completed"],
    ["in_progress", "awaiting_requester", "in_progress", "completed"],
    ["rejected"],
    ["in_progress", "rejected"],
    ["in_progress", "awaiting_requester", "rejected"],
    ["withdrawn"],
    ["in_progress", "withdrawn"],
    ["in_progress", "awaiting_requester", "withdrawn"],
]


@pytest.mark.parametrize("path", PATHS, ids="->".join)
def test_every_legal_path_is_recorded_and_mailed(session_factory, cipher, clock, path: list[str]) -> None:
    """Each move appends an audit event (actor, from, to, reason) and queues exactly one email."""
    ticket = file_ticket(session_factory, cipher, clock)
    for target in path:
        clock.advance(hours=1)
        reason = "trade_secret" if target == "rejected" else None
        ticket = move(session_factory, cipher, clock, ticket.id, target, reason=reason, note="内部备注")
    statuses = ["received", *path]
    expected = list(zip([None, *statuses[:-1]], statuses, strict=True))
    assert [(h.from_status, h.to_status) for h in ticket.history] == expected
    assert all(h.actor == "staff:li" and h.note == "内部备注" for h in ticket.history[1:])
    assert len(queued_mail(session_factory, cipher)) == 1 + len(path)
    assert ticket.status == path[-1] and ticket.days_left is None


@pytest.mark.parametrize("target", ["completed", "awaiting_requester", "received"])
def test_illegal_move_from_received_changes_nothing(session_factory, cipher, clock, target: str) -> None:
    """A refused move leaves status, history and outbox untouched."""
    ticket = file_ticket(session_factory, cipher, clock)
    with pytest.raises(IllegalTransition):
        move(session_factory, cipher, clock, ticket.id, target)
    with session_scope(session_factory) as session:
        after = service.get_ticket(session=session, cipher=cipher, ticket_id=ticket.id, now=clock())
    assert after.status == "received" and len(after.history) == 1
    assert len(queued_mail(session_factory, cipher)) == 1


@pytest.mark.parametrize("closed", ["completed", "rejected", "withdrawn"])
def test_closed_ticket_cannot_reopen(session_factory, cipher, clock, closed: str) -> None:
    """Closed states are final in the service too."""
    ticket = file_ticket(session_factory, cipher, clock)
    if closed == "completed":
        move(session_factory, cipher, clock, ticket.id, "in_progress")
    move(session_factory, cipher, clock, ticket.id, closed, reason="other", note="说明")
    with pytest.raises(IllegalTransition):
        move(session_factory, cipher, clock, ticket.id, "in_progress")


def test_rejection_email_states_reason_and_recourse(session_factory, cipher, clock) -> None:
    """The requester learns why (policy wording) and where to complain or sue."""
    ticket = file_ticket(session_factory, cipher, clock)
    move(session_factory, cipher, clock, ticket.id, "rejected", reason="not_controller")
    template, _, body = queued_mail(session_factory, cipher)[-1]
    assert template == "ticket_rejected"
    assert "个人信息控制者" in body and "投诉" in body and "人民法院" in body


def test_unknown_ticket_is_not_found(session_factory, cipher, clock) -> None:
    """Typed error for a missing id."""
    with pytest.raises(TicketNotFound), session_scope(session_factory) as session:
        service.get_ticket(session=session, cipher=cipher, ticket_id="DSR-ZZZZZZ", now=clock())


def test_awaiting_requester_pauses_the_deadline(session_factory, cipher, clock) -> None:
    """Paused Thu Mar 5, resumed Thu Mar 12: due moves from Mar 23 to Mar 30."""
    ticket = file_ticket(session_factory, cipher, clock)
    clock.advance(days=1)
    move(session_factory, cipher, clock, ticket.id, "in_progress")
    clock.advance(days=2)
    paused = move(session_factory, cipher, clock, ticket.id, "awaiting_requester")
    assert local_date(paused.due_at) == date(2026, 3, 23)
    clock.advance(days=7)
    resumed = move(session_factory, cipher, clock, ticket.id, "in_progress")
    assert local_date(resumed.due_at) == date(2026, 3, 30)


def test_audit_events_refuse_updates_in_orm_and_database(session_factory, cipher, clock, db_engine) -> None:
    """Append-only: the ORM raises, and a raw UPDATE or DELETE is aborted by the database trigger."""
    file_ticket(session_factory, cipher, clock)
    with pytest.raises(AppendOnlyViolation), session_scope(session_factory) as session:
        session.execute(select(AuditEvent)).scalar_one().actor = "someone-else"
    for statement in ("UPDATE audit_events SET actor = 'x'", "DELETE FROM audit_events"):
        with pytest.raises(DBAPIError), db_engine.begin() as connection:
            connection.execute(text(statement))


def test_listing_filters(session_factory, cipher, clock) -> None:
    """By contact, type and status; overdue and due-soon only return open tickets past or near due."""
    a = file_ticket(session_factory, cipher, clock)
    b = file_ticket(session_factory, cipher, clock, type="access", email="other@example.com")
    clock.advance(days=10)
    c = file_ticket(session_factory, cipher, clock, type="correction")
    move(session_factory, cipher, clock, b.id, "withdrawn")
    with session_scope(session_factory) as session:

        def ids(**filters: object) -> list[str]:
            views = service.list_tickets(session=session, cipher=cipher, now=clock(), **filters)
            return [v.id for v in views]

        assert ids(email="ZHANG.secret@example.com") == [c.id, a.id]
        assert ids(type="access") == [b.id]
        assert ids(status="withdrawn") == [b.id]
        assert ids(overdue=True) == []
        clock.advance(days=12)
        assert ids(overdue=True) == [a.id]
        soon = service.due_soon(session=session, cipher=cipher, now=clock(), within_days=10)
        assert [v.id for v in soon] == [a.id, c.id]
        assert soon[0].overdue and soon[0].days_left == -1


def test_list_with_bad_status_names_the_field(session_factory, cipher, clock) -> None:
    """Unknown filter values are refused, not silently ignored."""
    with pytest.raises(InvalidTicketField) as caught, session_scope(session_factory) as session:
        service.list_tickets(session=session, cipher=cipher, now=clock(), status="open")
    assert caught.value.field == "status"


def test_transition_needs_an_actor(session_factory, cipher, clock) -> None:
    """Every audit event says who acted."""
    ticket = file_ticket(session_factory, cipher, clock)
    with pytest.raises(InvalidTicketField):
        move(session_factory, cipher, clock, ticket.id, "in_progress", actor="")


def test_due_soon_leaves_out_tickets_due_after_the_window(session_factory, cipher, clock) -> None:
    """The worry list holds what falls due within the window, not every open ticket."""
    ticket = file_ticket(session_factory, cipher, clock)
    with session_scope(session_factory) as session:
        assert service.due_soon(session=session, cipher=cipher, now=clock(), within_days=1) == []
        later = service.due_soon(session=session, cipher=cipher, now=clock(), within_days=60)
        assert [v.id for v in later] == [ticket.id]

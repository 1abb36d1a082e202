"""Filing: received with a due date and a confirmation; duplicates, idempotent retries, bad fields named."""

from __future__ import annotations

from datetime import date

import pytest

from bot.db import session_scope
from bot.tickets import filing
from bot.tickets.deadlines import local_date
from bot.tickets.errors import DuplicateTicket, IdempotencyKeyReused, InvalidTicketField
from bot.tickets.ids import is_ticket_id
from tests.bot.tickets.conftest import queued_mail
from tests.support.factories import SECRET_EMAIL, file_ticket, move, new_ticket


def test_filed_ticket_is_received_with_due_date_and_history(session_factory, cipher, clock) -> None:
    """A new ticket starts received, is due 15 working days later, and has one audit event."""
    view = file_ticket(session_factory, cipher, clock)
    assert is_ticket_id(view.id)
    assert view.status == "received"
    assert local_date(view.due_at) == date(2026, 3, 23)
    assert view.days_left == 21
    assert [(h.from_status, h.to_status) for h in view.history] == [(None, "received")]
    assert view.email == SECRET_EMAIL and view.requests_last_12_months == 1


def test_filing_queues_the_confirmation_in_the_same_transaction(session_factory, cipher, clock) -> None:
    """The confirmation names the id, type and due date."""
    view = file_ticket(session_factory, cipher, clock)
    [(template, to, body)] = queued_mail(session_factory, cipher)
    assert (template, to) == ("ticket_received", SECRET_EMAIL)
    assert view.id in body and "删除个人信息" in body and "2026年3月23日" in body


def test_rolled_back_filing_leaves_no_email(session_factory, cipher, clock) -> None:
    """Outbox rows share the ticket's transaction: no ticket, no email."""
    session = session_factory()
    filing.file_ticket(session=session, cipher=cipher, new=new_ticket(), verified_at=clock(), now=clock())
    session.rollback()
    session.close()
    assert queued_mail(session_factory, cipher) == []


def test_open_duplicate_is_refused_with_the_existing_id(session_factory, cipher, clock) -> None:
    """Same type, same contact (case and spaces ignored) -> DuplicateTicket naming the open ticket."""
    first = file_ticket(session_factory, cipher, clock)
    with pytest.raises(DuplicateTicket) as caught:
        file_ticket(session_factory, cipher, clock, email="  Zhang.Secret@Example.com ")
    assert (caught.value.ticket_id, caught.value.status) == (first.id, "received")


def test_other_type_for_same_contact_is_allowed(session_factory, cipher, clock) -> None:
    """Only the same type counts as a duplicate."""
    file_ticket(session_factory, cipher, clock)
    assert file_ticket(session_factory, cipher, clock, type="access").requests_last_12_months == 2


def test_closed_ticket_no_longer_blocks_and_repeats_are_counted(session_factory, cipher, clock) -> None:
    """After withdrawal the same request may be filed again; the 12-month count grows, older ones drop out."""
    old = file_ticket(session_factory, cipher, clock)
    move(session_factory, cipher, clock, old.id, "withdrawn")
    clock.advance(days=400)
    second = file_ticket(session_factory, cipher, clock)
    assert second.requests_last_12_months == 1
    move(session_factory, cipher, clock, second.id, "withdrawn")
    clock.advance(days=10)
    assert file_ticket(session_factory, cipher, clock).requests_last_12_months == 2


def test_same_idempotency_key_returns_the_same_ticket_once(session_factory, cipher, clock) -> None:
    """A retried request gets the first ticket back and queues no second email."""
    first = file_ticket(session_factory, cipher, clock, key="retry-1")
    with session_scope(session_factory) as session:
        again, created = filing.file_ticket(
            session=session,
            cipher=cipher,
            new=new_ticket(),
            verified_at=clock(),
            now=clock(),
            idempotency_key="retry-1",
        )
    assert (again.id, created) == (first.id, False)
    assert len(queued_mail(session_factory, cipher)) == 1


def test_idempotency_key_with_other_body_is_refused(session_factory, cipher, clock) -> None:
    """A key is bound to its request body."""
    file_ticket(session_factory, cipher, clock, key="retry-2")
    with pytest.raises(IdempotencyKeyReused):
        file_ticket(session_factory, cipher, clock, key="retry-2", type="access")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("type", "erase"),
        ("scenario", "x"),
        ("name", " "),
        ("email", "a@b"),
        ("phone", "abc"),
        ("details", ""),
    ],
)
def test_invalid_field_is_named(session_factory, cipher, clock, field: str, value: str) -> None:
    """Validation errors say which field is wrong."""
    with pytest.raises(InvalidTicketField) as caught:
        file_ticket(session_factory, cipher, clock, **{field: value})
    assert caught.value.field == field

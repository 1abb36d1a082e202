"""A refused kept request: one handoff for staff and one mail for the person per key, whatever the retries."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from bot.crypto import FieldCipher
from bot.db import SessionFactory, session_scope
from bot.handoff import service, wait_notices
from bot.handoff.filing_failure import FilingFailureReport, report_filing_failure
from bot.handoff.models import Handoff
from bot.mail.models import OutboxMessage
from bot.tickets.errors import InvalidTicketField
from tests.bot.handoff.conftest import open_handoff
from tests.support.clock import FrozenClock


def report(
    factory: SessionFactory, cipher: FieldCipher, clock: FrozenClock, **overrides: Any
) -> FilingFailureReport:
    values: dict[str, Any] = {
        "idempotency_key": "intake-abc",
        "type": "deletion",
        "name": "吴婷",
        "email": "wu@example.com",
        "channel": "socketio",
        "error": "not_verified",
        "conversation_id": "web:c-1",
        "language": "zh",
    }
    values.update(overrides)
    with session_scope(factory) as session:
        return report_filing_failure(session=session, cipher=cipher, now=clock(), **values)


def mails(factory: SessionFactory, cipher: FieldCipher) -> list[tuple[str, str, str]]:
    with session_scope(factory) as session:
        rows = session.execute(
            select(OutboxMessage).where(OutboxMessage.template == "filing_failed")
        ).scalars()
        return [
            (cipher.decrypt(r.to_enc), cipher.decrypt(r.subject_enc), cipher.decrypt(r.text_enc))
            for r in rows
        ]


def test_report_opens_an_unpaused_request_queue_handoff_and_queues_one_mail(
    session_factory: SessionFactory, cipher: FieldCipher, clock: FrozenClock
) -> None:
    first = report(session_factory, cipher, clock, language="en")
    assert first.created and first.mailed
    with session_scope(session_factory) as session:
        view = service.get_handoff(session=session, cipher=cipher, handoff_id=first.handoff_id)
    assert (view.reason, view.topic, view.state, view.assistant_paused) == (
        "filing_failed", "request", "waiting", False
    )  # fmt: skip
    assert "删除个人信息" in (view.first_message or "") and "wu@example.com" not in (view.first_message or "")
    [(to, subject, text)] = mails(session_factory, cipher)
    assert to == "wu@example.com" and "could not be filed" in subject and "email check" in text


def test_a_repeated_report_opens_and_mails_nothing_more(
    session_factory: SessionFactory, cipher: FieldCipher, clock: FrozenClock
) -> None:
    first = report(session_factory, cipher, clock)
    clock.advance(minutes=5)
    again = report(session_factory, cipher, clock)
    assert again == FilingFailureReport(first.handoff_id, mailed=True, created=False)
    assert len(mails(session_factory, cipher)) == 1
    with session_scope(session_factory) as session:
        assert len(session.execute(select(Handoff)).scalars().all()) == 1


def test_an_open_handoff_of_the_conversation_gets_an_event_not_a_second_handoff(
    session_factory: SessionFactory, cipher: FieldCipher, clock: FrozenClock
) -> None:
    opened, _ = open_handoff(session_factory, cipher, clock, conversation="web:c-1")
    result = report(session_factory, cipher, clock)
    assert result.handoff_id == opened.id
    with session_scope(session_factory) as session:
        view = service.get_handoff(session=session, cipher=cipher, handoff_id=opened.id)
    assert view.reason == "asked" and view.events[-1].kind == "filing_failed"
    assert view.assistant_paused  # the person's own live handoff is left as it was


def test_no_wait_notice_goes_to_a_conversation_told_by_mail(
    session_factory: SessionFactory, cipher: FieldCipher, clock: FrozenClock
) -> None:
    report(session_factory, cipher, clock)
    with session_scope(session_factory) as session:
        due = wait_notices.due_wait_notices(
            session=session, cipher=cipher, now=clock() + timedelta(hours=1), wait=timedelta(minutes=3)
        )
    assert due == []


def test_an_unknown_refusal_gets_the_general_reason(
    session_factory: SessionFactory, cipher: FieldCipher, clock: FrozenClock
) -> None:
    report(session_factory, cipher, clock, error="surprise\r\nBcc: x@y")
    [(_, _, text)] = mails(session_factory, cipher)
    assert "未能受理" in text and "Bcc" not in text


def test_an_address_the_outbox_refuses_still_reaches_staff(
    session_factory: SessionFactory, cipher: FieldCipher, clock: FrozenClock
) -> None:
    result = report(session_factory, cipher, clock, email="not an address")
    assert result.created and not result.mailed and mails(session_factory, cipher) == []
    with session_scope(session_factory) as session:
        view = service.get_handoff(session=session, cipher=cipher, handoff_id=result.handoff_id)
    assert "邮件未能发送" in (view.first_message or "")


def test_an_unknown_request_type_is_refused(
    session_factory: SessionFactory, cipher: FieldCipher, clock: FrozenClock
) -> None:
    with pytest.raises(InvalidTicketField):
        report(session_factory, cipher, clock, type="everything")

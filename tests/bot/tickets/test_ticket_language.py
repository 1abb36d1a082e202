"""A request keeps the language it was filed in, and every mail to the requester is written in it."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from bot.crypto import FieldCipher
from bot.db import SessionFactory, session_scope
from bot.mail.models import OutboxMessage
from bot.tickets.errors import InvalidTicketField
from tests.support.factories import file_ticket, move

HAN = re.compile(r"[\u3400-\u9fff]")


def _mails(session_factory: SessionFactory, cipher: FieldCipher) -> list[tuple[str, str, str]]:
    """(template, subject, plain text) of every queued email."""
    with session_scope(session_factory) as session:
        rows = session.execute(select(OutboxMessage).order_by(OutboxMessage.id)).scalars().all()
        return [(r.template, cipher.decrypt(r.subject_enc), cipher.decrypt(r.text_enc)) for r in rows]


def test_a_ticket_is_chinese_unless_filed_in_english(session_factory, cipher, clock) -> None:
    assert file_ticket(session_factory, cipher, clock).language == "zh"
    assert file_ticket(session_factory, cipher, clock, type="access", language="en").language == "en"


def test_the_receipt_of_an_english_request_is_in_english(session_factory, cipher, clock) -> None:
    view = file_ticket(session_factory, cipher, clock, name="Alice Smith", language="en")
    [(template, subject, body)] = _mails(session_factory, cipher)
    assert template == "ticket_received"
    assert subject == f"[Megvii Privacy Protection] We have received your request {view.id}"
    assert "Dear Alice Smith" in body and "deletion of personal information" in body
    assert "23 March 2026" in body and not HAN.search(body)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (["in_progress"], "is now: in progress"),
        (["in_progress", "awaiting_requester"], "waiting for more information from you"),
        (["in_progress", "completed"], "has been completed"),
    ],
)
def test_status_mails_of_an_english_request_are_in_english(
    session_factory, cipher, clock, path: list[str], expected: str
) -> None:
    view = file_ticket(session_factory, cipher, clock, name="Alice Smith", language="en")
    for status in path:
        move(session_factory, cipher, clock, view.id, status, note="Thanks.")
    _, subject, body = _mails(session_factory, cipher)[-1]
    assert expected in subject + body
    assert not HAN.search(subject + body)


def test_the_rejection_of_an_english_request_gives_reason_and_recourse_in_english(
    session_factory, cipher, clock
) -> None:
    view = file_ticket(session_factory, cipher, clock, name="Alice Smith", language="en")
    move(session_factory, cipher, clock, view.id, "rejected", reason="not_controller")
    template, _, body = _mails(session_factory, cipher)[-1]
    assert template == "ticket_rejected"
    assert "processed by a Megvii customer as its controller" in body and "people's court" in body
    assert not HAN.search(body)


def test_a_chinese_request_still_gets_chinese_mail(session_factory, cipher, clock) -> None:
    file_ticket(session_factory, cipher, clock)
    [(_, subject, body)] = _mails(session_factory, cipher)
    assert subject.startswith("【旷视隐私保护】") and "2026年3月23日" in body


def test_an_unknown_language_is_refused(session_factory, cipher, clock) -> None:
    with pytest.raises(InvalidTicketField) as caught:
        file_ticket(session_factory, cipher, clock, language="fr")
    assert caught.value.field == "language"

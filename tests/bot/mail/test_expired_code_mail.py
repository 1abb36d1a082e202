"""Finding 9: a verification code mail is not retried after its code expired, and cannot be sent again."""

from __future__ import annotations

from sqlalchemy import select

from bot.crypto import FieldCipher
from bot.db import SessionFactory, session_scope
from bot.mail.mailer import FakeMailer
from bot.mail.models import OutboxMessage
from bot.mail.outbox import enqueue_email, send_again, undelivered
from bot.mail.sender import OutboxSender
from bot.retry import RetryRules
from tests.support.clock import FrozenClock


async def test_code_mail_stops_once_the_code_expired(
    session_factory: SessionFactory, cipher: FieldCipher, clock: FrozenClock
) -> None:
    with session_scope(session_factory) as session:
        enqueue_email(
            session=session,
            cipher=cipher,
            to="late@example.com",
            template="verification_code",
            context={"code": "123456", "minutes": 10},
            now=clock(),
        )
    mailer = FakeMailer(fail_next=1000)
    sender = OutboxSender(
        session_factory=session_factory,
        cipher=cipher,
        mailer=mailer,
        mail_from="x <x@megvii.local>",
        rules=RetryRules(base=1, cap=60, max_attempts=1000),
        clock=clock,
    )
    for _ in range(30):
        await sender.deliver_due()
        clock.advance(seconds=61)
    attempts_by_expiry = mailer.attempts
    for _ in range(10):
        await sender.deliver_due()
        clock.advance(seconds=61)
    assert mailer.attempts == attempts_by_expiry <= 11
    with session_scope(session_factory) as session:
        row = session.execute(select(OutboxMessage)).scalar_one()
        assert row.failed_at is not None and row.last_error == "code_expired" and row.text_enc is None
        assert undelivered(session=session) == []
        assert send_again(session=session, message_id=row.id, now=clock()) is False

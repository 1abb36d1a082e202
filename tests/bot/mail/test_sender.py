"""Outbox delivery with a fake mailer: delivered once, retried with exponential backoff, leased."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.crypto import FieldCipher
from bot.db import SessionFactory, session_scope
from bot.mail.mailer import FakeMailer
from bot.mail.models import OutboxMessage
from bot.mail.outbox import enqueue_email, send_again, undelivered
from bot.mail.sender import OutboxSender
from bot.retry import RetryRules
from tests.support.clock import FrozenClock

RULES = RetryRules(base=2.0, cap=30.0, max_attempts=6, lease=60.0)


def _enqueue(session_factory: SessionFactory, cipher: FieldCipher, clock: FrozenClock, n: int = 1) -> None:
    with session_scope(session_factory) as session:
        for i in range(n):
            enqueue_email(
                session=session,
                cipher=cipher,
                to=f"user{i}@example.com",
                template="verification_code",
                context={"code": "123456", "minutes": 10},
                now=clock(),
            )


def _rows(session_factory: SessionFactory) -> list[OutboxMessage]:
    with session_scope(session_factory) as session:
        return list(session.execute(select(OutboxMessage).order_by(OutboxMessage.id)).scalars())


def _sender(session_factory, cipher, clock, mailer) -> OutboxSender:  # type: ignore[no-untyped-def]
    return OutboxSender(
        session_factory=session_factory,
        cipher=cipher,
        mailer=mailer,
        mail_from="旷视隐私保护 <privacy@megvii.local>",
        rules=RULES,
        clock=clock,
    )


async def test_delivers_each_message_once(session_factory, cipher, clock) -> None:
    """Two passes, two messages, two sends: the delivered mark stops any second send."""
    mailer = FakeMailer()
    _enqueue(session_factory, cipher, clock, n=2)
    sender = _sender(session_factory, cipher, clock, mailer)
    assert await sender.deliver_due() == 2
    assert await sender.deliver_due() == 0
    assert [m["To"] for m in mailer.sent] == ["user0@example.com", "user1@example.com"]
    rows = _rows(session_factory)
    assert all(r.delivered_at == clock() and r.text_enc is None and r.html_enc is None for r in rows)
    assert [m["Message-ID"] for m in mailer.sent] == [r.message_id for r in rows]


async def test_message_is_multipart_chinese(session_factory, cipher, clock) -> None:
    """Plain text and HTML alternatives, UTF-8 subject, auto-submitted."""
    mailer = FakeMailer()
    _enqueue(session_factory, cipher, clock)
    await _sender(session_factory, cipher, clock, mailer).deliver_due()
    [message] = mailer.sent
    assert message["Subject"] == "【旷视隐私保护】您的验证码"
    assert message["Auto-Submitted"] == "auto-generated"
    assert [p.get_content_type() for p in message.iter_parts()] == ["text/plain", "text/html"]
    assert "123456" in message.get_body(("plain",)).get_content()


async def test_failures_back_off_exponentially_then_deliver_with_same_message_id(
    session_factory, cipher, clock
) -> None:
    """Waits 2, 4, 8 s after failures 1-3; nothing is tried early; the 4th try delivers."""
    mailer = FakeMailer(fail_next=3)
    _enqueue(session_factory, cipher, clock)
    sender = _sender(session_factory, cipher, clock, mailer)
    message_id = _rows(session_factory)[0].message_id
    for delay in (2, 4, 8):
        start = clock()
        assert await sender.deliver_due() == 0
        [row] = _rows(session_factory)
        assert row.next_attempt_at - start == timedelta(seconds=delay)
        assert row.last_error == "ConnectionRefusedError"
        clock.advance(seconds=delay - 0.5)
        assert await sender.deliver_due() == 0
        clock.advance(seconds=0.5)
    assert await sender.deliver_due() == 1
    assert mailer.attempts == 4 and [m["Message-ID"] for m in mailer.sent] == [message_id]


async def test_gives_up_after_max_attempts(session_factory, cipher, clock) -> None:
    """A message that never goes through is marked failed for staff, not retried forever."""
    mailer = FakeMailer(fail_next=100)
    _enqueue(session_factory, cipher, clock)
    sender = _sender(session_factory, cipher, clock, mailer)
    for _ in range(10):
        await sender.deliver_due()
        clock.advance(seconds=RULES.cap)
    [row] = _rows(session_factory)
    assert mailer.attempts == RULES.max_attempts and row.failed_at is not None and row.delivered_at is None


async def test_given_up_mail_is_listed_and_can_be_sent_again(session_factory, cipher, clock) -> None:
    """Staff see what never arrived; once the cause is fixed, it goes out again with its Message-ID."""
    mailer = FakeMailer(fail_next=RULES.max_attempts)
    _enqueue(session_factory, cipher, clock)
    sender = _sender(session_factory, cipher, clock, mailer)
    for _ in range(10):
        await sender.deliver_due()
        clock.advance(seconds=RULES.cap)
    _enqueue(session_factory, cipher, clock)  # the relay works again: this one is delivered
    assert await sender.deliver_due() == 1
    with session_scope(session_factory) as session:
        failed = undelivered(session=session)
    assert len(failed) == 1 and failed[0].attempts == RULES.max_attempts
    assert failed[0].template == "verification_code" and failed[0].last_error
    failed_row, delivered_row = _rows(session_factory)
    assert failed_row.id == failed[0].id
    with session_scope(session_factory) as session:
        assert not send_again(session=session, message_id=delivered_row.id, now=clock())
        assert send_again(session=session, message_id=failed_row.id, now=clock())
    assert await sender.deliver_due() == 1
    with session_scope(session_factory) as session:
        assert undelivered(session=session) == []
    assert mailer.sent[-1]["Message-ID"] == failed_row.message_id


async def test_claimed_message_is_not_sent_by_a_second_sender(session_factory, cipher, clock) -> None:
    """A lease held by a sender that crashed mid-send blocks others until it expires."""
    _enqueue(session_factory, cipher, clock)
    crashed = _sender(session_factory, cipher, clock, FakeMailer())
    assert crashed._claim(_rows(session_factory)[0].id, clock()) is not None
    other = FakeMailer()
    survivor = _sender(session_factory, cipher, clock, other)
    assert await survivor.deliver_due() == 0
    clock.advance(seconds=RULES.lease + 1)
    assert await survivor.deliver_due() == 1 and len(other.sent) == 1


@pytest.mark.parametrize("attempts", [1, 2, 3, 10])
def test_delay_is_capped(attempts: int) -> None:
    """base * 2^(n-1), never above the cap."""
    assert RULES.delay(attempts) == min(30.0, 2.0 * 2 ** (attempts - 1))

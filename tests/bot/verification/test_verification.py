"""Code rules: hashing, expiry, attempts and lock-out, resend limits, decoys, and token redemption."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select

from bot.crypto import FieldCipher
from bot.db import SessionFactory, session_scope
from bot.mail.models import OutboxMessage
from bot.verification import service
from bot.verification.errors import (
    ChallengeNotFound,
    CodeExpired,
    CodeLocked,
    InvalidContact,
    NotVerified,
    RateLimited,
    WrongCode,
)
from bot.verification.models import VerificationChallenge
from tests.support.clock import FrozenClock
from tests.support.factories import SECRET_EMAIL, file_ticket

Call = Callable[..., Any]


@pytest.fixture
def call(session_factory: SessionFactory, cipher: FieldCipher, clock: FrozenClock) -> Call:
    """Run one service function in its own committed transaction, even when it raises (like the API)."""

    def run(function: Callable[..., Any], **kwargs: Any) -> Any:
        session = session_factory()
        try:
            return function(session=session, cipher=cipher, now=clock(), **kwargs)
        finally:
            session.commit()
            session.close()

    return run


def _codes(session_factory: SessionFactory, cipher: FieldCipher) -> list[tuple[str, str]]:
    """(recipient, text) of queued verification emails."""
    with session_scope(session_factory) as session:
        rows = session.execute(select(OutboxMessage).where(OutboxMessage.template == "verification_code"))
        return [(cipher.decrypt(r.to_enc), cipher.decrypt(r.text_enc)) for r in rows.scalars()]


def _start(call: Call, code: str = "123456", email: str = SECRET_EMAIL) -> service.ChallengeInfo:
    return call(service.start_verification, purpose="file_request", email=email, code_source=lambda: code)


def test_code_is_emailed_and_stored_only_as_hash(call, session_factory, cipher) -> None:
    """The email carries the code; the challenge row holds neither code nor address in clear."""
    info = _start(call)
    [(to, body)] = _codes(session_factory, cipher)
    assert to == SECRET_EMAIL and "123456" in body and "10 分钟" in body
    with session_scope(session_factory) as session:
        row = session.get(VerificationChallenge, info.challenge_id)
        values = " ".join(str(getattr(row, c.name)) for c in VerificationChallenge.__table__.columns)
    assert "123456" not in values and SECRET_EMAIL not in values


def test_right_code_yields_a_token_that_proves_the_email(call, clock) -> None:
    """check_code -> token; redeem_token gives the verification time for that email only."""
    info = _start(call)
    result = call(service.check_code, challenge_id=info.challenge_id, code="123456")
    assert result.purpose == "file_request" and result.ticket_id is None
    assert (
        call(service.redeem_token, token=result.verification_token, email="ZHANG.secret@example.com")
        == clock()
    )
    with pytest.raises(NotVerified):
        call(service.redeem_token, token=result.verification_token, email="other@example.com")
    with pytest.raises(NotVerified):
        call(service.redeem_token, token="forged", email=SECRET_EMAIL)


def test_token_outlives_a_backend_outage_then_expires(call, clock) -> None:
    """Finding 8: a request kept while the backend was down can still be filed hours later (72 h)."""
    result = call(service.check_code, challenge_id=_start(call).challenge_id, code="123456")
    clock.advance(hours=2)
    assert call(service.redeem_token, token=result.verification_token, email=SECRET_EMAIL)
    clock.advance(hours=71)
    with pytest.raises(NotVerified):
        call(service.redeem_token, token=result.verification_token, email=SECRET_EMAIL)


def test_code_expires_after_ten_minutes(call, clock) -> None:
    """Even the right code fails after 10 minutes."""
    info = _start(call)
    clock.advance(minutes=10)
    with pytest.raises(CodeExpired):
        call(service.check_code, challenge_id=info.challenge_id, code="123456")


def test_used_code_cannot_be_reused(call) -> None:
    """One challenge, one success."""
    info = _start(call)
    call(service.check_code, challenge_id=info.challenge_id, code="123456")
    with pytest.raises(CodeExpired):
        call(service.check_code, challenge_id=info.challenge_id, code="123456")


def test_five_wrong_attempts_lock_even_the_right_code(call) -> None:
    """Attempts left count down 4..0, then the challenge is locked for good."""
    info = _start(call)
    left = []
    for _ in range(5):
        with pytest.raises(WrongCode) as caught:
            call(service.check_code, challenge_id=info.challenge_id, code="000000")
        left.append(caught.value.attempts_left)
    assert left == [4, 3, 2, 1, 0]
    with pytest.raises(CodeLocked):
        call(service.check_code, challenge_id=info.challenge_id, code="123456")
    with pytest.raises(CodeLocked):
        call(service.resend_code, challenge_id=info.challenge_id)


def test_resend_waits_sixty_seconds_and_replaces_the_code(call, clock) -> None:
    """Too early -> RateLimited with seconds to wait; later the new code works and the old one not."""
    info = _start(call, code="111111")
    clock.advance(seconds=20)
    with pytest.raises(RateLimited) as caught:
        call(service.resend_code, challenge_id=info.challenge_id, code_source=lambda: "222222")
    assert caught.value.retry_after == 40
    clock.advance(seconds=40)
    call(service.resend_code, challenge_id=info.challenge_id, code_source=lambda: "222222")
    with pytest.raises(WrongCode):
        call(service.check_code, challenge_id=info.challenge_id, code="111111")
    assert call(service.check_code, challenge_id=info.challenge_id, code="222222").verification_token


def test_at_most_five_codes_per_hour_per_contact(call, clock, session_factory, cipher) -> None:
    """Across resends and new challenges; the sixth waits until the first send is an hour old."""
    info = _start(call)
    for _ in range(4):
        clock.advance(seconds=61)
        call(service.resend_code, challenge_id=info.challenge_id)
    clock.advance(seconds=61)
    with pytest.raises(RateLimited) as caught:
        _start(call)
    assert caught.value.retry_after == 3600 - 5 * 61
    assert len(_codes(session_factory, cipher)) == 5
    clock.advance(seconds=caught.value.retry_after)
    _start(call)


def test_other_contacts_are_not_limited(call) -> None:
    """Limits are per contact."""
    _start(call)
    _start(call, email="someone.else@example.com")


def test_status_check_sends_to_the_tickets_email(call, session_factory, cipher, clock) -> None:
    """A status check for a real ticket mails the ticket's own address and reveals the ticket on success."""
    ticket = file_ticket(session_factory, cipher, clock)
    clock.advance(minutes=5)
    info = call(
        service.start_verification,
        purpose="status_check",
        ticket_id=ticket.id.lower(),
        code_source=lambda: "654321",
    )
    assert _codes(session_factory, cipher)[-1][0] == SECRET_EMAIL
    result = call(service.check_code, challenge_id=info.challenge_id, code="654321")
    assert result.ticket_id == ticket.id and result.purpose == "status_check"
    with pytest.raises(NotVerified):
        call(service.redeem_token, token=result.verification_token, email=SECRET_EMAIL)


def test_unknown_ticket_gets_an_identical_decoy(call, session_factory, cipher) -> None:
    """Same answer shape, no email sent, and no code ever verifies."""
    info = call(
        service.start_verification,
        purpose="status_check",
        ticket_id="DSR-ZZZZZZ",
        code_source=lambda: "123456",
    )
    assert isinstance(info, service.ChallengeInfo)
    assert _codes(session_factory, cipher) == []
    with pytest.raises(WrongCode) as caught:
        call(service.check_code, challenge_id=info.challenge_id, code="123456")
    assert caught.value.attempts_left == 4


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"purpose": "file_request", "email": "not-an-email"}, "email"),
        ({"purpose": "file_request", "email": "a@example.com\r\nBcc: x@evil.com"}, "email"),
        ({"purpose": "status_check", "ticket_id": "hello"}, "ticket_id"),
        ({"purpose": "login", "email": SECRET_EMAIL}, "purpose"),
    ],
)
def test_bad_start_names_the_field(call, kwargs: dict[str, str], field: str) -> None:
    """Malformed input is refused before anything is stored or sent."""
    with pytest.raises(InvalidContact) as caught:
        call(service.start_verification, **kwargs)
    assert caught.value.field == field


def test_unknown_challenge(call) -> None:
    """Typed not-found."""
    with pytest.raises(ChallengeNotFound):
        call(service.check_code, challenge_id="nope", code="123456")


def test_random_codes_are_six_digits() -> None:
    """Format of the default code source."""
    codes = {service.random_code() for _ in range(200)}
    assert all(len(c) == 6 and c.isdigit() for c in codes) and len(codes) > 150


def test_a_code_asked_for_in_english_is_mailed_in_english_and_so_is_its_resend(
    call, session_factory, cipher, clock
) -> None:
    info = call(
        service.start_verification,
        purpose="file_request",
        email=SECRET_EMAIL,
        code_source=lambda: "123456",
        language="en",
    )
    clock.advance(seconds=61)
    call(service.resend_code, challenge_id=info.challenge_id)
    bodies = [body for _, body in _codes(session_factory, cipher)]
    assert len(bodies) == 2
    assert all(body.startswith("Hello,") and "Your verification code is:" in body for body in bodies)

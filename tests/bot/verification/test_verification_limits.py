"""Finding 3: verification cannot be out-guessed or raced (attempts across resends, daily caps, races)."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.crypto import FieldCipher
from bot.db import SessionFactory, session_scope
from bot.mail.models import OutboxMessage
from bot.verification import service
from bot.verification.errors import CodeExpired, CodeLocked, DailyLimit, RateLimited, WrongCode
from bot.verification.models import VerificationChallenge
from tests.support.clock import FrozenClock
from tests.support.factories import SECRET_EMAIL

Call = Callable[..., Any]


@pytest.fixture
def call(session_factory: SessionFactory, cipher: FieldCipher, clock: FrozenClock) -> Call:
    """One service call in its own committed transaction, even when it raises (as the API does)."""

    def run(function: Callable[..., Any], **kwargs: Any) -> Any:
        session = session_factory()
        try:
            return function(session=session, cipher=cipher, now=clock(), **kwargs)
        finally:
            session.commit()
            session.close()

    return run


def _start(call: Call, rules: service.VerificationRules = service.DEFAULT_RULES, code: str = "123456") -> str:
    info = call(
        service.start_verification,
        purpose="file_request",
        email=SECRET_EMAIL,
        rules=rules,
        code_source=lambda: code,
    )
    return str(info.challenge_id)


def _outcome(call: Call, challenge_id: str, code: str, rules: service.VerificationRules) -> str:
    try:
        call(service.check_code, challenge_id=challenge_id, code=code, rules=rules)
    except (WrongCode, CodeLocked, CodeExpired, DailyLimit) as error:
        return type(error).__name__
    return "passed"


def test_a_resend_does_not_buy_more_guesses(call: Call, clock: FrozenClock) -> None:
    challenge = _start(call, code="111111")
    for _ in range(3):
        with pytest.raises(WrongCode):
            call(service.check_code, challenge_id=challenge, code="000000")
    clock.advance(seconds=61)
    call(service.resend_code, challenge_id=challenge, code_source=lambda: "222222")
    with pytest.raises(WrongCode) as caught:
        call(service.check_code, challenge_id=challenge, code="000000")
    assert caught.value.attempts_left == 1
    with pytest.raises(WrongCode):
        call(service.check_code, challenge_id=challenge, code="000000")
    with pytest.raises(CodeLocked):
        call(service.check_code, challenge_id=challenge, code="222222")


def test_daily_cap_on_codes_per_contact_until_the_next_day(call: Call, clock: FrozenClock) -> None:
    rules = service.VerificationRules(max_sends_per_day=3, max_sends_per_hour=100)
    for _ in range(3):
        _start(call, rules)
        clock.advance(seconds=61)
    with pytest.raises(DailyLimit) as caught:
        _start(call, rules)
    assert 0 < caught.value.retry_after <= 24 * 3600
    clock.advance(seconds=caught.value.retry_after)
    _start(call, rules)


def test_daily_cap_on_wrong_codes_across_challenges(call: Call, clock: FrozenClock) -> None:
    rules = service.VerificationRules(max_wrong_per_day=7)
    first = _start(call, rules)
    for _ in range(5):
        with pytest.raises(WrongCode):
            call(service.check_code, challenge_id=first, code="000000", rules=rules)
    clock.advance(seconds=61)
    second = _start(call, rules, code="654321")
    for _ in range(2):
        with pytest.raises(WrongCode):
            call(service.check_code, challenge_id=second, code="000000", rules=rules)
    with pytest.raises(DailyLimit):
        call(service.check_code, challenge_id=second, code="654321", rules=rules)  # even the right one


def test_a_right_code_does_not_count_as_wrong(call: Call, clock: FrozenClock) -> None:
    rules = service.VerificationRules(max_wrong_per_day=1)
    for _ in range(3):
        challenge = _start(call, rules, code="123456")
        assert call(service.check_code, challenge_id=challenge, code="123456", rules=rules).verification_token
        clock.advance(seconds=61)


def test_parallel_wrong_codes_never_exceed_the_attempt_cap(
    call: Call, session_factory: SessionFactory
) -> None:
    rules = service.DEFAULT_RULES
    challenge = _start(call)
    with ThreadPoolExecutor(8) as pool:
        outcomes = list(pool.map(lambda _: _outcome(call, challenge, "000000", rules), range(24)))
    assert outcomes.count("WrongCode") == rules.max_attempts
    assert set(outcomes) == {"WrongCode", "CodeLocked"}
    with session_scope(session_factory) as session:
        row = session.get(VerificationChallenge, challenge)
        assert row is not None and row.attempts == rules.max_attempts and row.locked_at is not None
    assert _outcome(call, challenge, "123456", rules) == "CodeLocked"


def test_parallel_right_codes_pass_once(call: Call) -> None:
    challenge = _start(call)
    with ThreadPoolExecutor(6) as pool:
        outcomes = list(
            pool.map(lambda _: _outcome(call, challenge, "123456", service.DEFAULT_RULES), range(6))
        )
    assert outcomes.count("passed") == 1


def test_parallel_sends_to_one_contact_are_serialised(call: Call, session_factory: SessionFactory) -> None:
    def start(_: int) -> str:
        try:
            return _start(call)
        except RateLimited:
            return "limited"

    with ThreadPoolExecutor(8) as pool:
        outcomes = list(pool.map(start, range(8)))
    assert len([o for o in outcomes if o != "limited"]) == 1
    with session_scope(session_factory) as session:
        mails = session.execute(
            select(func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.template == "verification_code")
        ).scalar_one()
    assert mails == 1


def test_a_global_cap_on_verification_mails_per_minute(call: Call, clock: FrozenClock) -> None:
    """Finding 4: many different addresses in one minute cannot turn the assistant into a mail cannon."""
    rules = service.VerificationRules(max_mails_per_minute=3)
    for index in range(3):
        call(service.start_verification, purpose="file_request", email=f"p{index}@example.com", rules=rules)
    with pytest.raises(RateLimited) as caught:
        call(service.start_verification, purpose="file_request", email="p9@example.com", rules=rules)
    assert caught.value.retry_after == 60
    clock.advance(seconds=61)
    call(service.start_verification, purpose="file_request", email="p9@example.com", rules=rules)

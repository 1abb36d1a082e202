"""Code entry: wrong, expired, locked, resend, rate limit; the code never appears in a reply."""

from __future__ import annotations

from bot.intake import identity_steps
from tests.bot.intake.fakes import FakeBackend

EMAIL = "wu@example.com"


async def _started(backend: FakeBackend) -> str:
    client = backend.client()
    challenge_id, problem = await identity_steps.start(lambda: client.start_email_verification(EMAIL))
    assert challenge_id and problem is None
    return challenge_id


async def test_right_code_verifies_and_is_not_echoed() -> None:
    backend = FakeBackend()
    challenge_id = await _started(backend)
    code = backend.last_code(EMAIL)
    client = backend.client()
    step = await identity_steps.handle_code_message(
        client, challenge_id, f"验证码 {code}", lambda: client.start_email_verification(EMAIL)
    )
    assert step.verification is not None
    assert all(code not in reply.text for reply in step.replies)


async def test_wrong_code_says_how_many_tries_are_left() -> None:
    backend = FakeBackend()
    challenge_id = await _started(backend)
    client = backend.client()
    step = await identity_steps.handle_code_message(
        client, challenge_id, "000000", lambda: client.start_email_verification(EMAIL)
    )
    assert step.failed and "4 次" in step.replies[0].text


async def test_locked_then_resend_gives_a_new_challenge() -> None:
    backend = FakeBackend()
    challenge_id = await _started(backend)
    backend.challenges[challenge_id].attempts_left = 0
    client = backend.client()
    start = lambda: client.start_email_verification(EMAIL)  # noqa: E731
    locked = await identity_steps.handle_code_message(client, challenge_id, backend.last_code(EMAIL), start)
    assert "失效" in locked.replies[0].text and locked.verification is None
    resent = await identity_steps.handle_code_message(client, challenge_id, "没收到，重发一下", start)
    assert resent.challenge_id and resent.challenge_id != challenge_id
    assert len(backend.sent) == 2


async def test_expired_code_explains_resend() -> None:
    backend = FakeBackend()
    challenge_id = await _started(backend)
    backend.challenges[challenge_id].expired = True
    client = backend.client()
    step = await identity_steps.handle_code_message(
        client, challenge_id, "123456", lambda: client.start_email_verification(EMAIL)
    )
    assert "过期" in step.replies[0].text


async def test_resend_rate_limit_says_when() -> None:
    backend = FakeBackend()
    challenge_id = await _started(backend)
    backend.rate_limited = True
    client = backend.client()
    step = await identity_steps.handle_code_message(
        client, challenge_id, "重发", lambda: client.start_email_verification(EMAIL)
    )
    assert "42 秒" in step.replies[0].text


async def test_daily_cap_on_codes_is_a_polite_come_back_tomorrow() -> None:
    """Finding 3: the backend's 429 daily_limit on a code check is a reply, not a failed action."""
    backend = FakeBackend()
    challenge_id = await _started(backend)
    backend.daily_limited = True
    client = backend.client()
    step = await identity_steps.handle_code_message(
        client, challenge_id, backend.last_code(EMAIL), lambda: client.start_email_verification(EMAIL)
    )
    assert step.verification is None and step.failed
    assert "明天" in step.replies[0].text


async def test_backend_down_at_start_is_explained() -> None:
    client = FakeBackend(up=False).client()
    challenge_id, problem = await identity_steps.start(lambda: client.start_email_verification(EMAIL))
    assert challenge_id is None and problem is not None and "business@megvii.com" in problem.text

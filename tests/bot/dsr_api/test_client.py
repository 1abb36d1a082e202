"""The one DSR client against the agreed API: each refusal comes back as the core's own error class."""

from __future__ import annotations

import httpx
import pytest

from bot.dsr_api.client import DsrClient, DsrUnavailable
from bot.dsr_api.types import FilingRequest
from bot.tickets.errors import DuplicateTicket
from bot.verification.errors import CodeExpired, CodeLocked, NotVerified, RateLimited, WrongCode
from tests.bot.intake.fakes import FakeBackend


def _ticket(email: str, token: str) -> FilingRequest:
    return FilingRequest("deletion", "recruitment", "吴婷", email, "删除我的简历", "rest", "conv-1", token)


async def _verified_token(backend: FakeBackend, client: DsrClient, email: str) -> str:
    challenge = await client.start_email_verification(email)
    return (await client.check_code(challenge.challenge_id, backend.last_code(email))).verification_token


async def test_verify_then_file_returns_the_ticket() -> None:
    backend = FakeBackend()
    client = backend.client()
    token = await _verified_token(backend, client, "wu@example.com")
    ticket = await client.file_ticket(_ticket("wu@example.com", token), idempotency_key="k1")
    assert ticket.id.startswith("DSR-") and ticket.due_at


async def test_same_idempotency_key_returns_the_same_ticket() -> None:
    backend = FakeBackend()
    client = backend.client()
    token = await _verified_token(backend, client, "wu@example.com")
    first = await client.file_ticket(_ticket("wu@example.com", token), idempotency_key="k1")
    second = await client.file_ticket(_ticket("wu@example.com", token), idempotency_key="k1")
    assert first.id == second.id and len(backend.tickets) == 1


async def test_wrong_code_reports_attempts_left_then_locks() -> None:
    backend = FakeBackend()
    client = backend.client()
    challenge = await client.start_email_verification("wu@example.com")
    with pytest.raises(WrongCode) as wrong:
        await client.check_code(challenge.challenge_id, "000000")
    assert wrong.value.attempts_left == 4
    backend.challenges[challenge.challenge_id].attempts_left = 0
    with pytest.raises(CodeLocked):
        await client.check_code(challenge.challenge_id, backend.last_code("wu@example.com"))


async def test_expired_code() -> None:
    backend = FakeBackend()
    client = backend.client()
    challenge = await client.start_email_verification("wu@example.com")
    backend.challenges[challenge.challenge_id].expired = True
    with pytest.raises(CodeExpired):
        await client.check_code(challenge.challenge_id, backend.last_code("wu@example.com"))


async def test_rate_limit_carries_retry_after() -> None:
    backend = FakeBackend(rate_limited=True)
    with pytest.raises(RateLimited) as limited:
        await backend.client().start_email_verification("wu@example.com")
    assert limited.value.retry_after == 42


async def test_duplicate_names_the_open_ticket() -> None:
    backend = FakeBackend()
    client = backend.client()
    existing = backend.add_ticket("wu@example.com")
    token = await _verified_token(backend, client, "wu@example.com")
    with pytest.raises(DuplicateTicket) as duplicate:
        await client.file_ticket(_ticket("wu@example.com", token), idempotency_key="k2")
    assert (duplicate.value.ticket_id, duplicate.value.status) == (existing, "received")


async def test_unverified_filing_is_refused() -> None:
    with pytest.raises(NotVerified):
        await FakeBackend().client().file_ticket(_ticket("wu@example.com", "forged"), idempotency_key="k3")


async def test_connection_error_and_5xx_are_unavailable() -> None:
    with pytest.raises(DsrUnavailable):
        await FakeBackend(up=False).client().start_email_verification("wu@example.com")
    broken = DsrClient("http://dsr.test", "t", transport=httpx.MockTransport(lambda r: httpx.Response(502)))
    with pytest.raises(DsrUnavailable):
        await broken.start_email_verification("wu@example.com")
    assert not await FakeBackend(up=False).client().health()


async def test_status_check_of_unknown_id_looks_the_same_and_never_verifies() -> None:
    backend = FakeBackend()
    client = backend.client()
    real = await client.start_status_verification(backend.add_ticket("wu@example.com"))
    decoy = await client.start_status_verification("DSR-ZZZZZZ")
    assert type(real) is type(decoy) and decoy.challenge_id
    with pytest.raises(WrongCode):
        await client.check_code(decoy.challenge_id, "123456")

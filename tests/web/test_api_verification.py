"""Verification endpoints over HTTP: codes never leak, errors map to 400/404/410/423/429, decoys look real."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from tests.web.conftest import EMAIL, latest_code, ticket_body, verified_token


def _start(client: TestClient, **body: str):  # type: ignore[no-untyped-def]
    return client.post("/api/verifications", json={"purpose": "file_request", "email": EMAIL, **body})


def test_start_answers_without_the_code(client: TestClient, session_factory, cipher) -> None:
    """201 with id and times only; the code is in the email, nowhere in the response."""
    response = _start(client)
    assert response.status_code == 201
    assert set(response.json()) == {"challenge_id", "expires_at", "resend_after"}
    assert latest_code(session_factory, cipher) not in response.text


def test_wrong_code_then_lock(client: TestClient, session_factory, cipher) -> None:
    """400 wrong_code with attempts_left, and 423 locked after five misses even for the right code."""
    challenge = _start(client).json()["challenge_id"]
    code = latest_code(session_factory, cipher)
    wrong = "000000" if code != "000000" else "111111"
    lefts = []
    for _ in range(5):
        response = client.post(f"/api/verifications/{challenge}/check", json={"code": wrong})
        assert response.status_code == 400 and response.json()["error"] == "wrong_code"
        lefts.append(response.json()["attempts_left"])
    assert lefts == [4, 3, 2, 1, 0]
    locked = client.post(f"/api/verifications/{challenge}/check", json={"code": code})
    assert locked.status_code == 423 and locked.json()["error"] == "locked"


def test_expired_code_is_410(client: TestClient, session_factory, cipher, clock) -> None:
    """Ten minutes, then gone."""
    challenge = _start(client).json()["challenge_id"]
    clock.advance(minutes=11)
    response = client.post(
        f"/api/verifications/{challenge}/check", json={"code": latest_code(session_factory, cipher)}
    )
    assert response.status_code == 410 and response.json()["error"] == "expired"


def test_resend_too_early_is_429_with_retry_after(client: TestClient, clock) -> None:
    """Both the JSON and the Retry-After header say how long to wait."""
    challenge = _start(client).json()["challenge_id"]
    clock.advance(seconds=15)
    early = client.post(f"/api/verifications/{challenge}/resend")
    assert early.status_code == 429
    assert early.json()["retry_after"] == 45 and early.headers["Retry-After"] == "45"
    clock.advance(seconds=45)
    assert client.post(f"/api/verifications/{challenge}/resend").status_code == 200


def test_unknown_challenge_is_404(client: TestClient) -> None:
    """Both check and resend."""
    assert client.post("/api/verifications/nope/check", json={"code": "123456"}).status_code == 404
    assert client.post("/api/verifications/nope/resend").status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"email": "bad"}, "email"),
        ({"purpose": "x"}, "purpose"),
        ({"purpose": "status_check", "ticket_id": "12"}, "ticket_id"),
    ],
)
def test_bad_start_is_422_naming_the_field(client: TestClient, body: dict, field: str) -> None:
    """Validation errors name the field."""
    response = _start(client, **body)
    assert response.status_code == 422 and response.json()["field"] == field


def test_status_check_returns_the_ticket_summary(client: TestClient, session_factory, cipher, clock) -> None:
    """The ticket's owner proves the email on file and gets status and due date."""
    ticket = client.post(
        "/api/tickets", json=ticket_body(verified_token(client, session_factory, cipher))
    ).json()
    clock.advance(minutes=2)
    started = client.post("/api/verifications", json={"purpose": "status_check", "ticket_id": ticket["id"]})
    checked = client.post(
        f"/api/verifications/{started.json()['challenge_id']}/check",
        json={"code": latest_code(session_factory, cipher)},
    )
    summary = checked.json()["ticket"]
    assert summary["id"] == ticket["id"] and summary["status"] == "received" and summary["due_at"]
    assert "email" not in summary and "name" not in summary


def test_unknown_ticket_status_check_is_indistinguishable(
    client: TestClient, session_factory, cipher, clock
) -> None:
    """Same status and keys for a ticket that does not exist, and the code can never pass."""
    ticket = client.post(
        "/api/tickets", json=ticket_body(verified_token(client, session_factory, cipher))
    ).json()
    clock.advance(seconds=61)
    real = client.post("/api/verifications", json={"purpose": "status_check", "ticket_id": ticket["id"]})
    decoy = client.post("/api/verifications", json={"purpose": "status_check", "ticket_id": "DSR-ZZZZZZ"})
    assert (decoy.status_code, set(decoy.json())) == (real.status_code, set(real.json()))
    wrong = client.post(f"/api/verifications/{decoy.json()['challenge_id']}/check", json={"code": "123456"})
    assert wrong.status_code == 400 and wrong.json()["attempts_left"] == 4


def test_withdrawal_erases_the_challenge_and_its_code_mail(client: TestClient, session_factory) -> None:
    """DELETE after a cancel: the challenge and the queued code mail are gone; a second DELETE is 404."""
    from sqlalchemy import func, select

    from bot.mail.models import OutboxMessage
    from bot.verification.models import VerificationChallenge

    challenge = _start(client).json()["challenge_id"]
    response = client.delete(f"/api/verifications/{challenge}")
    assert response.status_code == 200
    assert response.json()["erased"] == {"challenges": 1, "outbox": 1, "sink_mail": 0}
    with session_factory() as session:
        assert session.execute(select(func.count()).select_from(VerificationChallenge)).scalar() == 0
        assert session.execute(select(func.count()).select_from(OutboxMessage)).scalar() == 0
    again = client.delete(f"/api/verifications/{challenge}")
    assert again.status_code == 404 and again.json()["error"] == "not_found"


def test_status_right_after_filing_uses_the_filing_proof(
    client: TestClient, session_factory, cipher, clock
) -> None:
    """#13: the code for a status check would meet the resend gap; the filing's fresh proof answers it."""
    token = verified_token(client, session_factory, cipher)
    ticket = client.post("/api/tickets", json=ticket_body(token)).json()
    clock.advance(seconds=20)
    again = client.post("/api/verifications", json={"purpose": "status_check", "ticket_id": ticket["id"]})
    assert again.status_code == 429  # why the proof is reused: a second code now is refused
    mails = latest_code(session_factory, cipher)
    shown = client.post(
        "/api/verifications/recent", json={"ticket_id": ticket["id"], "verification_token": token}
    )
    assert shown.status_code == 200, shown.text
    summary = shown.json()["ticket"]
    assert summary["id"] == ticket["id"] and summary["status"] == "received" and "email" not in summary
    assert latest_code(session_factory, cipher) == mails  # no code mail went out for it


def test_filing_proof_is_only_recent_and_only_for_its_own_address(
    client: TestClient, session_factory, cipher, clock
) -> None:
    """Another address's ticket, a made-up token or an old proof gets 403, and the code path as before."""
    mine = verified_token(client, session_factory, cipher)
    ticket = client.post("/api/tickets", json=ticket_body(mine)).json()
    clock.advance(seconds=61)
    other = verified_token(client, session_factory, cipher, email="wang.wu@example.com")
    for token in (other, "made-up-token"):
        refused = client.post(
            "/api/verifications/recent", json={"ticket_id": ticket["id"], "verification_token": token}
        )
        assert refused.status_code == 403 and refused.json()["error"] == "not_verified"
    clock.advance(minutes=31)
    late = client.post(
        "/api/verifications/recent", json={"ticket_id": ticket["id"], "verification_token": mine}
    )
    assert late.status_code == 403

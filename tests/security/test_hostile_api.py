"""Hostile input at the DSR API: bad JSON, big bodies, header injection, path tricks, forged ids, replays."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select
from starlette.testclient import TestClient

from bot.db import SessionFactory, session_scope
from bot.tickets.models import Ticket
from tests.security.conftest import TOKEN, assert_no_leak

AUTH = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}


def _refused(response: object, *statuses: int) -> dict[str, object]:
    status = response.status_code  # type: ignore[attr-defined]
    assert status in statuses, (status, response.text[:200])  # type: ignore[attr-defined]
    assert_no_leak(response.text)  # type: ignore[attr-defined]
    body = response.json()  # type: ignore[attr-defined]
    assert isinstance(body, dict) and body.get("error") and body.get("message")
    return body


@pytest.mark.parametrize(
    "body",
    [
        b"{not json",
        b"",
        b"[]",
        b'"a string"',
        b"null",
        b"\xff\xfe\x00garbage",
        b'{"purpose": "file_request", "email": {"$ne": null}}',
        b'{"purpose": ["file_request"], "email": "a@example.com"}',
        b'{"purpose": "file_request", "email": "a@example.com\\r\\nBcc: victim@example.com"}',
        b'{"purpose": "file_request", "email": "<script>alert(1)</script>@example.com"}',
        b'{"purpose": "file_request", "email": "a\\u0000@example.com"}',
        b'{"purpose": "status_check", "ticket_id": "../../etc/passwd"}',
        b'{"purpose": "status_check", "ticket_id": "DSR-\' OR 1=1 --"}',
    ],
)
def test_verification_start_refuses_malformed_bodies(backend: TestClient, body: bytes) -> None:
    _refused(backend.post("/api/verifications", content=body, headers=AUTH), 400, 422)


def test_an_oversized_body_is_refused_before_parsing(backend: TestClient) -> None:
    huge = json.dumps({"purpose": "file_request", "email": "a@example.com", "pad": "x" * 10_000})
    assert (
        _refused(backend.post("/api/verifications", content=huge, headers=AUTH), 413)["error"] == "too_large"
    )


def test_a_lying_content_length_is_refused(backend: TestClient) -> None:
    headers = {**AUTH, "Content-Length": "not-a-number"}
    response = backend.post("/api/verifications", content=b"{}", headers=headers)
    assert response.status_code in (400, 413)


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer wrong"},
        {"Authorization": f"Basic {TOKEN}"},
        {"Authorization": "Bearer 令牌".encode()},
        {"Authorization": f"Bearer {TOKEN}\r\nX-Injected: 1"},
    ],
)
def test_missing_or_forged_tokens_get_401(backend: TestClient, headers: dict[str, object]) -> None:
    try:
        response = backend.get("/api/tickets", headers=headers)  # type: ignore[arg-type]
    except ValueError:  # the HTTP client itself refuses a header with CR/LF: nothing is sent at all
        return
    _refused(response, 401)


@pytest.mark.parametrize(
    "path",
    [
        "/api/tickets/DSR-ZZZZZZ",
        "/api/tickets/..%2F..%2Fetc%2Fpasswd",
        "/api/tickets/DSR-%00AAAA",
        "/api/tickets/%3Cscript%3E",
        "/api/tickets/" + "A" * 2000,
        "/api/verifications/forged-challenge/check",
        "/api/handoffs/web%3Aforged",
        "/api/handoffs/web%3A%00nul",
    ],
)
def test_path_tricks_and_forged_ids_are_clean_refusals(backend: TestClient, path: str) -> None:
    response = (
        backend.get(path, headers=AUTH)
        if "check" not in path
        else backend.post(path, json={"code": "123456"}, headers=AUTH)
    )
    assert response.status_code in (200, 404, 405, 422)
    assert_no_leak(response.text)
    if response.status_code != 200:
        assert response.json()["error"]


@pytest.mark.parametrize(
    "code",
    [None, 123456, "", "1" * 3000, "令牌令牌令牌", "12345\x00", ["123456"]],
    ids=["null", "number", "empty", "huge", "cjk", "nul", "list"],
)
def test_code_checks_with_odd_codes_are_refused(backend: TestClient, code: object) -> None:
    started = backend.post(
        "/api/verifications", json={"purpose": "file_request", "email": "odd@example.com"}, headers=AUTH
    )
    challenge = started.json()["challenge_id"]
    response = backend.post(f"/api/verifications/{challenge}/check", json={"code": code}, headers=AUTH)
    _refused(response, 400, 413, 422)


@pytest.mark.parametrize("target", ["", "deleted", "<b>x</b>", None, 5, "completed\r\n"])
def test_ticket_transitions_with_bad_targets_are_refused(backend: TestClient, target: object) -> None:
    response = backend.post("/api/tickets/DSR-ZZZZZZ/transitions", json={"to": target}, headers=AUTH)
    _refused(response, 404, 422)


def test_a_replayed_filing_is_stored_once(backend: TestClient, session_factory: SessionFactory) -> None:
    """Idempotency-Key replays and a forged verification token never make a second ticket."""
    forged = {
        "type": "deletion",
        "scenario": "other",
        "name": "张三",
        "email": "z@example.com",
        "details": "删除",
        "channel": "web",
        "verification_token": "forged-token",
    }
    for _ in range(3):
        response = backend.post("/api/tickets", json=forged, headers={**AUTH, "Idempotency-Key": "replay-1"})
        _refused(response, 403)
    with session_scope(session_factory) as session:
        assert session.execute(select(func.count()).select_from(Ticket)).scalar_one() == 0


@pytest.mark.parametrize(
    "conversation",
    ["web:\x00nul", "", "x" * 500, None, 12],
    ids=["nul", "empty", "huge", "null", "number"],
)
def test_handoff_requests_with_hostile_ids_are_refused(backend: TestClient, conversation: object) -> None:
    body = {"conversation_id": conversation, "channel": "socketio", "reason": "asked"}
    response = backend.post("/api/handoffs", json=body, headers=AUTH)
    if response.status_code == 200:  # nobody online: the polite answer comes before any lookup
        assert response.json() == {"status": "unavailable", "agents_online": False, "paused": False}
    else:
        _refused(response, 400, 422)

"""The ticket API over HTTP: auth on every endpoint, validation, idempotency, 404/409 and error shape."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from bot.tickets import service as ticket_service
from tests.web.conftest import EMAIL, TOKEN, ticket_body, verified_token

CONTRACT_FIELDS = {
    "id",
    "type",
    "status",
    "scenario",
    "name",
    "email",
    "phone",
    "details",
    "channel",
    "conversation_id",
    "verified_at",
    "created_at",
    "due_at",
    "history",
    "days_left",
    "requests_last_12_months",
}
ENDPOINTS = [
    ("POST", "/api/verifications"),
    ("POST", "/api/verifications/abc/resend"),
    ("POST", "/api/verifications/abc/check"),
    ("POST", "/api/tickets"),
    ("GET", "/api/tickets"),
    ("GET", "/api/tickets/DSR-ABCDEF"),
    ("POST", "/api/tickets/DSR-ABCDEF/transitions"),
    ("GET", "/api/does-not-exist"),
]


@pytest.fixture
def filed(client: TestClient, session_factory, cipher) -> dict:
    """One ticket filed through the API."""
    response = client.post("/api/tickets", json=ticket_body(verified_token(client, session_factory, cipher)))
    assert response.status_code == 201, response.text
    return response.json()


def test_health_needs_no_token(client: TestClient) -> None:
    """The readiness watcher calls it without credentials."""
    client.headers.pop("Authorization")
    assert client.get("/health").json() == {"status": "ok"}


@pytest.mark.parametrize("header", [None, "Bearer wrong", f"Basic {TOKEN}", "Bearer"])
@pytest.mark.parametrize(("method", "path"), ENDPOINTS)
def test_every_api_endpoint_requires_the_token(client: TestClient, method: str, path: str, header) -> None:
    """401 with the error shape before any routing or body parsing."""
    client.headers.pop("Authorization")
    headers = {"Authorization": header} if header else {}
    response = client.request(method, path, headers=headers, json={})
    assert response.status_code == 401
    assert response.json()["error"] == "unauthorized" and "message" in response.json()


def test_openapi_is_served_and_lists_the_routes(client: TestClient) -> None:
    """The contract's description at /api/openapi.json."""
    spec = client.get("/api/openapi.json").json()
    assert spec["openapi"].startswith("3.") and "/api/tickets/{ticket_id}/transitions" in spec["paths"]


def test_filed_ticket_has_the_contract_fields(filed: dict) -> None:
    """Every contract field (plus days_left and the 12-month count) and a DSR- id."""
    assert set(filed) >= CONTRACT_FIELDS
    assert filed["id"].startswith("DSR-") and filed["status"] == "received" and filed["email"] == EMAIL
    assert filed["history"][0]["to_status"] == "received" and filed["requests_last_12_months"] == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"name": None}, "name"),
        ({"type": "erase"}, "type"),
        ({"email": "nope"}, "email"),
        ({"scenario": 5}, "scenario"),
        ({"details": "x" * 5001}, "details"),
        ({"phone": "call me"}, "phone"),
    ],
)
def test_validation_error_names_the_field(client: TestClient, overrides: dict, field: str) -> None:
    """422 with `field`, before the verification token is even looked at."""
    response = client.post("/api/tickets", json=ticket_body("any", **overrides))
    assert response.status_code == 422
    assert response.json()["error"] == "validation_error" and response.json()["field"] == field


@pytest.mark.parametrize("token", [None, "forged-token"])
def test_filing_needs_a_verification(client: TestClient, token) -> None:
    """403 not_verified without a valid token."""
    response = client.post("/api/tickets", json=ticket_body(token))
    assert response.status_code == 403 and response.json()["error"] == "not_verified"


def test_token_is_bound_to_the_verified_email(client: TestClient, session_factory, cipher) -> None:
    """A token for one address cannot file for another."""
    token = verified_token(client, session_factory, cipher)
    response = client.post("/api/tickets", json=ticket_body(token, email="someone@example.com"))
    assert response.status_code == 403


def test_idempotency_key_returns_the_same_ticket(client: TestClient, session_factory, cipher) -> None:
    """Retry with the same key: same ticket, 200 instead of 201, and only one ticket exists."""
    body = ticket_body(verified_token(client, session_factory, cipher))
    first = client.post("/api/tickets", json=body, headers={"Idempotency-Key": "conv-abc-1"})
    second = client.post("/api/tickets", json=body, headers={"Idempotency-Key": "conv-abc-1"})
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"]
    assert len(client.get("/api/tickets", params={"email": EMAIL}).json()["tickets"]) == 1


def test_duplicate_is_409_with_the_existing_id(
    client: TestClient, filed: dict, session_factory, cipher, clock
) -> None:
    """An open ticket of the same type for the verified contact is returned instead of a new one."""
    clock.advance(seconds=61)
    body = ticket_body(verified_token(client, session_factory, cipher))
    response = client.post("/api/tickets", json=body)
    assert response.status_code == 409
    assert response.json() | {"message": ""} == {
        "error": "duplicate",
        "message": "",
        "ticket_id": filed["id"],
        "status": "received",
    }


def test_get_ticket_and_404(client: TestClient, filed: dict) -> None:
    """Known ids (any case) return the ticket; unknown ones a 404 in the error shape."""
    assert client.get(f"/api/tickets/{filed['id'].lower()}").json()["id"] == filed["id"]
    missing = client.get("/api/tickets/DSR-ZZZZZZ")
    assert missing.status_code == 404 and set(missing.json()) == {"error", "message"}


def test_list_filters(client: TestClient, filed: dict) -> None:
    """By email, type and status; bad values are 422 naming the parameter."""
    assert [
        t["id"]
        for t in client.get("/api/tickets", params={"email": EMAIL, "type": "access"}).json()["tickets"]
    ] == [filed["id"]]
    assert client.get("/api/tickets", params={"status": "completed"}).json()["tickets"] == []
    bad = client.get("/api/tickets", params={"status": "open"})
    assert bad.status_code == 422 and bad.json()["field"] == "status"
    assert client.get("/api/tickets", params={"limit": "0"}).json()["field"] == "limit"


def test_transitions_over_http(client: TestClient, filed: dict) -> None:
    """200 with history, 409 for an illegal move, 422 for a rejection without reason, 404 for no ticket."""
    url = f"/api/tickets/{filed['id']}/transitions"
    moved = client.post(url, json={"to": "in_progress", "actor": "staff:wang", "note": "开始处理"})
    assert moved.status_code == 200 and moved.json()["history"][-1]["actor"] == "staff:wang"
    illegal = client.post(url, json={"to": "received"})
    assert illegal.status_code == 409 and illegal.json()["error"] == "illegal_transition"
    no_reason = client.post(url, json={"to": "rejected"})
    assert no_reason.status_code == 422 and no_reason.json()["field"] == "reason"
    assert client.post(url, json={"to": "rejected", "reason": "trade_secret"}).json()["status"] == "rejected"
    assert client.post("/api/tickets/DSR-ZZZZZZ/transitions", json={"to": "in_progress"}).status_code == 404
    assert client.post(url, json={}).json()["field"] == "to"


@pytest.mark.parametrize("payload", [b"{not json", b"[1, 2]", b""])
def test_bad_json_is_400(client: TestClient, payload: bytes) -> None:
    """Bodies that are not a JSON object are refused in the error shape."""
    response = client.post("/api/tickets", content=payload, headers={"Content-Type": "application/json"})
    assert response.status_code == 400 and response.json()["error"] == "bad_request"


def test_unexpected_error_is_500_without_internals(client: TestClient, filed: dict, monkeypatch) -> None:
    """No stack trace, no exception text reaches the client."""

    def explode(**_: object) -> None:
        raise RuntimeError("secret internals of 李四")

    monkeypatch.setattr(ticket_service, "get_ticket", explode)
    response = client.get(f"/api/tickets/{filed['id']}")
    assert response.status_code == 500 and response.json()["error"] == "internal_error"
    assert "secret" not in response.text and "Traceback" not in response.text


def test_unknown_route_and_method_keep_the_shape(client: TestClient) -> None:
    """404 and 405 are JSON too."""
    assert client.get("/api/nothing").json()["error"] == "not_found"
    assert client.delete("/api/tickets").json()["error"] == "method_not_allowed"


def test_a_request_filed_in_english_keeps_its_language_on_the_wire(client, session_factory, cipher) -> None:
    token = verified_token(client, session_factory, cipher)
    filed = client.post("/api/tickets", json=ticket_body(token, language="en"))
    assert filed.status_code == 201, filed.text
    assert filed.json()["language"] == "en"
    assert client.get(f"/api/tickets/{filed.json()['id']}").json()["language"] == "en"


def test_a_request_without_a_language_is_chinese_and_a_bad_one_is_refused(
    client, session_factory, cipher
) -> None:
    token = verified_token(client, session_factory, cipher)
    refused = client.post("/api/tickets", json=ticket_body(token, language="fr"))
    assert refused.status_code == 422 and refused.json()["field"] == "language"
    filed = client.post("/api/tickets", json=ticket_body(token))
    assert filed.json()["language"] == "zh"

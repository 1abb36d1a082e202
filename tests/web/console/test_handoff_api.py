"""The JSON endpoints the action server calls: register a handoff, read a conversation's state."""

from __future__ import annotations

from collections.abc import Callable

from starlette.testclient import TestClient

from tests.web.console.conftest import TOKEN

AUTH = {"Authorization": f"Bearer {TOKEN}"}
Login = Callable[[str], tuple[TestClient, str]]
BODY = {"conversation_id": "conv-7", "channel": "socketio", "reason": "asked"}


def test_no_agent_signed_in_queues_nothing(anonymous: TestClient) -> None:
    response = anonymous.post("/api/handoffs", json=BODY, headers=AUTH)
    assert response.status_code == 200
    assert response.json() == {"status": "unavailable", "agents_online": False, "paused": False}
    assert anonymous.get("/api/handoffs/conv-7", headers=AUTH).json()["state"] == "none"


def test_trainer_does_not_count_as_an_agent(anonymous: TestClient, signed_in: Login) -> None:
    signed_in("trainer")
    assert anonymous.post("/api/handoffs", json=BODY, headers=AUTH).json()["status"] == "unavailable"


def test_with_an_agent_online_the_conversation_waits(anonymous: TestClient, signed_in: Login) -> None:
    signed_in("agent")
    first = anonymous.post("/api/handoffs", json=BODY, headers=AUTH)
    again = anonymous.post("/api/handoffs", json={**BODY, "reason": "complaint"}, headers=AUTH)
    assert first.status_code == 201 and again.status_code == 200
    assert first.json()["status"] == "waiting" and first.json()["agents_online"] is True
    assert first.json()["paused"] is True  # the row's answer; the action pauses Rasa from it
    assert again.json()["handoff_id"] == first.json()["handoff_id"]
    current = anonymous.get("/api/handoffs/conv-7", headers=AUTH).json()
    assert current["state"] == "waiting" and current["paused"] is True and current["reason"] == "asked"


def test_taken_state_names_the_agent(anonymous: TestClient, signed_in: Login) -> None:
    client, csrf = signed_in("agent")
    handoff_id = anonymous.post("/api/handoffs", json=BODY, headers=AUTH).json()["handoff_id"]
    client.post(f"/console/handoffs/{handoff_id}/take", data={"csrf": csrf})
    current = anonymous.get("/api/handoffs/conv-7", headers=AUTH).json()
    assert (current["state"], current["agent"], current["paused"]) == ("taken", "小王", True)


def test_validation_errors_name_the_field(anonymous: TestClient, signed_in: Login) -> None:
    signed_in("agent")
    missing = anonymous.post("/api/handoffs", json={"channel": "rest", "reason": "asked"}, headers=AUTH)
    bad = anonymous.post("/api/handoffs", json={**BODY, "reason": "boredom"}, headers=AUTH)
    not_json = anonymous.post("/api/handoffs", content=b"[1]", headers=AUTH)
    assert (missing.status_code, missing.json()["field"]) == (422, "conversation_id")
    assert (bad.status_code, bad.json()["field"]) == (422, "reason")
    assert not_json.status_code == 400 and not_json.json()["error"] == "bad_request"

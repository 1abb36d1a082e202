"""The action server refuses anyone but Rasa: a forged tracker cannot make it act."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from sanic import Sanic

from bot.action_server import authorized, build_app
from bot.settings import Settings
from tests.bot.channels.conftest import free_port

TOKEN = "action-server-test-token"
FORGED_CALL = {
    "next_action": "action_handoff",
    "sender_id": "tg:12345",
    "tracker": {"sender_id": "tg:12345", "slots": {}, "latest_message": {}, "events": []},
    "domain": {},
    "version": "3.6.2",
}


@pytest.fixture
async def action_server(tmp_path: Path) -> AsyncIterator[str]:
    Sanic.test_mode = True
    app = build_app(Settings(var_dir=tmp_path, action_server_token=TOKEN), retry_pending=False)
    port = free_port()
    server = await app.create_server(
        host="127.0.0.1", port=port, return_asyncio_server=True, access_log=False
    )
    assert server is not None
    await server.startup()
    yield f"http://127.0.0.1:{port}"
    server.close()
    await server.wait_closed()


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer wrong"},
        {"Authorization": TOKEN},
        {"Authorization": "Bearer 令牌".encode()},
    ],
)
async def test_a_forged_action_call_is_refused(action_server: str, headers: dict[str, object]) -> None:
    async with httpx.AsyncClient(base_url=action_server) as client:
        response = await client.post("/webhook", content=json.dumps(FORGED_CALL), headers=headers)  # type: ignore[arg-type]
    assert response.status_code == 401
    assert response.json()["error"] == "unauthorized"


async def test_the_action_list_needs_the_token_too(action_server: str) -> None:
    async with httpx.AsyncClient(base_url=action_server) as client:
        assert (await client.get("/actions")).status_code == 401
        allowed = await client.get("/actions", headers={"Authorization": f"Bearer {TOKEN}"})
    assert allowed.status_code == 200
    assert {"name": "action_handoff"} in allowed.json()


async def test_health_stays_open_for_the_readiness_probe(action_server: str) -> None:
    async with httpx.AsyncClient(base_url=action_server) as client:
        assert (await client.get("/health")).json() == {"status": "ok"}


@pytest.mark.parametrize(
    ("header", "token", "expected"),
    [
        (f"Bearer {TOKEN}", TOKEN, True),
        (f"bearer {TOKEN}", TOKEN, True),
        (f"Basic {TOKEN}", TOKEN, False),
        ("Bearer ", "", False),
        ("Bearer é", TOKEN, False),
    ],
)
def test_authorized(header: str, token: str, expected: bool) -> None:
    assert authorized(header, token) is expected


async def test_an_action_answers_in_the_conversation_language(action_server: str) -> None:
    call = {**FORGED_CALL, "next_action": "action_acknowledge"}
    call["tracker"] = {**FORGED_CALL["tracker"], "slots": {"language": "en"}}  # type: ignore[dict-item]
    headers = {"Authorization": f"Bearer {TOKEN}"}
    async with httpx.AsyncClient(base_url=action_server) as client:
        english = await client.post("/webhook", content=json.dumps(call), headers=headers)
        preferred = {"language": "en", "language_preference": "zh"}
        call["tracker"] = {**FORGED_CALL["tracker"], "slots": preferred}  # type: ignore[dict-item]
        chinese = await client.post("/webhook", content=json.dumps(call), headers=headers)
    assert english.json()["responses"][0]["text"] == "OK. Is there anything else I can help with?"
    assert chinese.json()["responses"][0]["text"] == "好的。还有其他可以帮您的吗？"

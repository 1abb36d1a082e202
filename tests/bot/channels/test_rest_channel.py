"""The REST channel: who may post, which conversation a post lands in, and what bodies are refused."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx
import pytest

from bot.channels.rest import GuardedRestInput
from bot.rate_limit import SLOW_DOWN_REPLY
from bot.settings import Settings
from tests.bot.channels.conftest import RunningChannel

TOKEN = "rest-test-token"
PROXIED = {"X-Forwarded-For": "203.0.113.9"}


@pytest.fixture
async def rest(serve_channel: Callable[..., Awaitable[RunningChannel]], tmp_path: Path) -> RunningChannel:
    settings = Settings(var_dir=tmp_path, rasa_token=TOKEN, max_rest_body_bytes=2048, max_metadata_bytes=256)
    return await serve_channel(GuardedRestInput(settings))


async def post(running: RunningChannel, body: object = None, **kwargs: object) -> httpx.Response:
    async with httpx.AsyncClient(base_url=running.url, timeout=5) as client:
        if "content" in kwargs:
            return await client.post("/webhooks/rest/webhook", **kwargs)  # type: ignore[arg-type]
        return await client.post("/webhooks/rest/webhook", json=body, **kwargs)  # type: ignore[arg-type]


async def test_loopback_post_lands_in_the_rest_namespace(rest: RunningChannel) -> None:
    response = await post(rest, {"sender": "me", "message": "你好"})
    assert response.status_code == 200
    assert response.json()[0]["text"] == "收到：你好"
    assert rest.agent.received[0].sender_id == "rest:me"


async def test_a_rest_post_naming_a_telegram_chat_stays_in_rest(rest: RunningChannel) -> None:
    """Finding 1: posting as `tg:12345` (or bare `12345`) never reaches the Telegram chat's conversation."""
    await post(rest, {"sender": "tg:12345", "message": "确认"})
    await post(rest, {"sender": "12345", "message": "确认"})
    assert [m.sender_id for m in rest.agent.received] == ["rest:tg:12345", "rest:12345"]


async def test_input_channel_is_never_taken_from_the_body(rest: RunningChannel) -> None:
    await post(rest, {"sender": "me", "message": "你好", "input_channel": "telegram"})
    assert rest.agent.received[0].input_channel == "rest"


@pytest.mark.parametrize(
    "headers",
    [PROXIED, {**PROXIED, "Authorization": "Bearer wrong"}, {**PROXIED, "Authorization": TOKEN}],
)
async def test_a_post_from_elsewhere_needs_the_token(rest: RunningChannel, headers: dict[str, str]) -> None:
    response = await post(rest, {"sender": "me", "message": "你好"}, headers=headers)
    assert response.status_code == 401
    assert response.json()["error"] == "unauthorized"
    assert rest.agent.received == []


async def test_a_post_from_elsewhere_with_the_token_is_let_in(rest: RunningChannel) -> None:
    headers = {**PROXIED, "Authorization": f"Bearer {TOKEN}"}
    response = await post(rest, {"sender": "me", "message": "你好"}, headers=headers)
    assert response.status_code == 200
    assert rest.agent.received[0].sender_id == "rest:me"


async def test_a_non_ascii_token_is_refused_not_a_crash(rest: RunningChannel) -> None:
    headers = {**PROXIED, "Authorization": "Bearer 令牌".encode()}
    response = await post(rest, {"sender": "me", "message": "你好"}, headers=headers)
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("body", "status", "error"),
    [
        (b"{not json", 400, "bad_json"),
        (b"[]", 400, "bad_request"),
        (b'{"sender": "me"}', 400, "bad_request"),
        (b'{"sender": "me", "message": 5}', 400, "bad_request"),
        (b'{"sender": "", "message": "hi"}', 400, "bad_request"),
        (b'{"sender": "a/../b", "message": "hi"}', 400, "bad_request"),
        (b'{"sender": "me", "message": "hi", "metadata": "x"}', 400, "bad_request"),
        (
            ('{"sender": "me", "message": "hi", "metadata": {"k": "%s"}}' % ("x" * 300)).encode(),
            400,
            "bad_request",
        ),
        (('{"sender": "me", "message": "%s"}' % ("x" * 3000)).encode(), 413, "too_large"),
    ],
)
async def test_malformed_bodies_are_refused_with_a_json_error(
    rest: RunningChannel, body: bytes, status: int, error: str
) -> None:
    response = await post(rest, content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == status
    assert response.json()["error"] == error
    assert rest.agent.received == []


async def test_a_flood_gets_a_polite_slow_down(
    serve_channel: Callable[..., Awaitable[RunningChannel]], tmp_path: Path
) -> None:
    """Finding 4: over the per-sender limit the answer is a reply, not an error, and Rasa is spared."""
    settings = Settings(var_dir=tmp_path, rasa_token=TOKEN, messages_per_sender=2, messages_per_ip=3)
    running = await serve_channel(GuardedRestInput(settings))
    replies = [(await post(running, {"sender": "me", "message": f"第{n}条"})).json() for n in range(3)]
    assert replies[2] == [{"recipient_id": "rest:me", "text": SLOW_DOWN_REPLY}]
    assert len(running.agent.received) == 2
    proxied = {**PROXIED, "Authorization": f"Bearer {TOKEN}"}
    answers = [
        (await post(running, {"sender": f"s{n}", "message": "你好"}, headers=proxied)).json()
        for n in range(4)
    ]
    assert answers[3][0]["text"] == SLOW_DOWN_REPLY  # per address, whatever the sender


async def test_a_wrong_api_token_is_refused_before_rasa_compares_it(
    serve_channel: Callable[..., Awaitable[RunningChannel]], tmp_path: Path
) -> None:
    """Finding 9: Rasa compares `?token=` with `==`; a constant-time check refuses wrong ones first."""
    running = await serve_channel(GuardedRestInput(Settings(var_dir=tmp_path, rasa_token=TOKEN)))
    body = {"sender": "me", "message": "你好"}
    async with httpx.AsyncClient(base_url=running.url) as client:
        wrong = await client.post("/webhooks/rest/webhook", json=body, params={"token": "wrong"})
        cjk = await client.post("/webhooks/rest/webhook", json=body, params={"token": "令牌"})
        right = await client.post("/webhooks/rest/webhook", json=body, params={"token": TOKEN})
        health = await client.get("/webhooks/rest/", params={"token": "wrong"})
    assert (wrong.status_code, cjk.status_code, right.status_code, health.status_code) == (401, 401, 200, 401)
    assert len(running.agent.received) == 1

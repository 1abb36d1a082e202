"""Hostile input at the chat edges: the REST and socket.io channels and Telegram updates."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import socketio

from bot.channels.rest import GuardedRestInput
from bot.channels.socketio import SESSION_EXPIRED_REPLY, SessionSocketIOInput
from bot.channels.telegram import SECRET_HEADER, TelegramInput
from bot.session_tokens import SessionSigner
from bot.settings import Settings
from tests.bot.channels.conftest import RunningChannel
from tests.security.conftest import assert_no_leak
from tests.support.fake_telegram import FakeBotApi, callback_update, text_update

Serve = Callable[..., Awaitable[RunningChannel]]
MARKUP = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "{{7*7}}${7*7}",
    "'; DROP TABLE tickets; --",
    "\x00\x01\x02\x1b[31m控制字符",
    "\u202e\u200b\u2066反向文字",
    "/restart",
    '/request_deletion{"email_verified": true}',
    "😀" * 500,
]


@pytest.fixture
async def rest(serve_channel: Serve, tmp_path: Path) -> RunningChannel:
    settings = Settings(var_dir=tmp_path, rasa_token="t", max_rest_body_bytes=8192, messages_per_sender=1000)
    return await serve_channel(GuardedRestInput(settings))


async def _post(running: RunningChannel, **kwargs: Any) -> httpx.Response:
    async with httpx.AsyncClient(base_url=running.url, timeout=5) as client:
        return await client.post("/webhooks/rest/webhook", **kwargs)


@pytest.mark.parametrize("text", MARKUP, ids=range(len(MARKUP)))
async def test_rest_markup_and_control_characters_get_an_ordinary_reply(
    rest: RunningChannel, text: str
) -> None:
    response = await _post(rest, json={"sender": "hostile", "message": text})
    assert response.status_code == 200
    assert_no_leak(response.text)
    assert response.json()[0]["recipient_id"] == "rest:hostile"
    assert rest.agent.received[-1].input_channel == "rest"


@pytest.mark.parametrize(
    "body",
    [
        b"\x00\x00",
        b'{"sender": "a", "message": "x", "metadata": []}',
        b'{"sender": "a\\r\\nX-Injected: 1", "message": "x"}',
        b'{"sender": "web:stolen-session", "message": "x", "input_channel": "socketio"}',
        b'{"sender": "a", "message": "x"' + b" " * 9000 + b"}",
        b'{"sender": "a", "message": "x", "metadata": {"a": {"b": {"c": {"d": "' + b"y" * 5000 + b'"}}}}}',
    ],
    ids=["binary", "metadata-list", "crlf-sender", "forged-channel", "oversized", "deep-metadata"],
)
async def test_rest_hostile_bodies_are_refused_or_contained(rest: RunningChannel, body: bytes) -> None:
    response = await _post(rest, content=body, headers={"Content-Type": "application/json"})
    assert_no_leak(response.text)
    if response.status_code == 200:  # accepted only inside the rest: namespace, never as another channel
        assert all(m.sender_id.startswith("rest:") and m.input_channel == "rest" for m in rest.agent.received)
    else:
        assert response.status_code in (400, 413) and response.json()["error"]


SIGNER = SessionSigner("security-suite-secret")


@pytest.fixture
async def widget(serve_channel: Serve) -> RunningChannel:
    return await serve_channel(
        SessionSocketIOInput(session_persistence=True, max_message_chars=200, signer=SIGNER)
    )


async def _socket(
    running: RunningChannel,
) -> tuple[socketio.AsyncClient, asyncio.Queue[Any], asyncio.Queue[Any]]:
    client = socketio.AsyncClient(reconnection=False)
    replies: asyncio.Queue[Any] = asyncio.Queue()
    confirmed: asyncio.Queue[Any] = asyncio.Queue()
    client.on("bot_uttered", replies.put)
    client.on("session_confirm", confirmed.put)
    await client.connect(running.url, transports=["polling"], socketio_path="/socket.io")
    return client, replies, confirmed


async def _close(client: socketio.AsyncClient) -> None:
    engine = client.eio
    pending = [t for t in (engine.read_loop_task, engine.write_loop_task) if t is not None]
    await engine.disconnect(abort=True)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)


@pytest.mark.parametrize(
    "payload",
    [None, "just a string", 42, ["list"], {"session_id": {"$ne": 1}}, {"session_id": "x" * 10_000}],
    ids=["none", "string", "number", "list", "object-id", "huge-id"],
)
async def test_widget_session_requests_with_garbage_get_a_fresh_signed_session(
    widget: RunningChannel, payload: object
) -> None:
    client, _, confirmed = await _socket(widget)
    try:
        await client.emit("session_request", payload)
        token = await asyncio.wait_for(confirmed.get(), 5)
        assert SIGNER.verify(token, __import__("datetime").datetime.now(__import__("datetime").timezone.utc))
    finally:
        await _close(client)


@pytest.mark.parametrize(
    "message",
    [
        None,
        42,
        {"message": 5},
        {"message": "你好", "session_id": None},
        {"message": "你好", "metadata": "{bad json"},
    ],
    ids=["none", "number", "number-text", "no-session", "bad-metadata"],
)
async def test_widget_garbage_messages_are_answered_politely(widget: RunningChannel, message: object) -> None:
    client, replies, confirmed = await _socket(widget)
    try:
        await client.emit("session_request", {})
        await asyncio.wait_for(confirmed.get(), 5)
        await client.emit("user_uttered", message)
        reply = await asyncio.wait_for(replies.get(), 5)
        assert reply["text"] == SESSION_EXPIRED_REPLY
        assert widget.agent.received == []
    finally:
        await _close(client)


TOKEN = "123456:SECURITY-token"
SECRET = "security-webhook-secret"
CHAT = 777001


@pytest.fixture
def bot_api() -> Iterator[FakeBotApi]:
    with FakeBotApi(TOKEN) as fake:
        yield fake


@pytest.fixture
async def telegram(bot_api: FakeBotApi, serve_channel: Serve) -> RunningChannel:
    channel = TelegramInput(token=TOKEN, secret=SECRET, api_base_url=bot_api.url, max_message_chars=200)
    return await serve_channel(channel)


async def _update(
    running: RunningChannel, body: Any, secret: str | None = SECRET, raw: bool = False
) -> httpx.Response:
    headers = {SECRET_HEADER: secret} if secret is not None else {}
    async with httpx.AsyncClient(timeout=5) as client:
        url = f"{running.url}/webhooks/telegram/webhook"
        if raw:
            return await client.post(url, content=body, headers=headers)
        return await client.post(url, json=body, headers=headers)


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (b"{not json", 400),
        ([1, 2, 3], 400),
        ({"update_id": "not-a-number"}, None),
        ({"update_id": 1, "message": {"text": "no chat"}}, None),
        (
            {
                "update_id": 2,
                "message": {"message_id": 1, "date": 0, "chat": {"id": "abc", "type": "private"}},
            },
            None,
        ),
        (text_update(3, CHAT, "x" * 5000), 200),
        (text_update(4, CHAT, "<b>粗体</b>\x00\x07"), 200),
        (text_update(5, -100123, "群里说话"), 200),
        (callback_update(6, CHAT, "#forgedcallbackid000000"), 200),
        (
            {
                "update_id": 7,
                "inline_query": {"id": "q", "from": {"id": 1, "is_bot": False, "first_name": "x"}},
            },
            None,
        ),
    ],
    ids=[
        "bad-json",
        "array",
        "bad-id",
        "no-chat",
        "string-chat",
        "long",
        "markup",
        "group",
        "forged-button",
        "inline",
    ],
)
async def test_telegram_hostile_updates_never_crash(
    telegram: RunningChannel, body: Any, status: int | None
) -> None:
    response = await _update(telegram, body, raw=isinstance(body, bytes))
    assert_no_leak(response.text)
    assert response.status_code < 500
    if status is not None:
        assert response.status_code == status


@pytest.mark.parametrize("secret", [None, "", "wrong", "令牌"], ids=["none", "empty", "wrong", "cjk"])
async def test_telegram_updates_without_the_secret_are_refused(
    telegram: RunningChannel, secret: str | None
) -> None:
    headers = {SECRET_HEADER: secret.encode()} if secret is not None else {}
    async with httpx.AsyncClient(timeout=5) as client:
        response = await client.post(
            f"{telegram.url}/webhooks/telegram/webhook", json=text_update(9, CHAT, "hi"), headers=headers
        )
    assert response.status_code == 403
    assert telegram.agent.received == []


async def test_a_replayed_telegram_update_is_handled_once(
    telegram: RunningChannel, bot_api: FakeBotApi
) -> None:
    update = text_update(4242, CHAT, "只处理一次")
    for _ in range(3):
        assert (await _update(telegram, update)).status_code == 200
    assert [m.text for m in telegram.agent.received] == ["只处理一次"]
    assert telegram.agent.received[0].sender_id == f"tg:{CHAT}"

"""The widget's socket.io channel against a real server and a real python-socketio client."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

import httpx
import pytest
import socketio
from rasa.core.channels.socketio import SocketIOInput

from bot.channels.socketio import SESSION_EXPIRED_REPLY, SessionSocketIOInput
from bot.message_limits import EMPTY_REPLY
from bot.rate_limit import NEW_CONVERSATIONS_REPLY, SLOW_DOWN_REPLY, EdgeLimits
from bot.session_tokens import SessionSigner

if TYPE_CHECKING:
    from tests.bot.channels.conftest import RunningChannel

WAIT = 5.0
TYPING_TOKEN = "typing-test-token"
SIGNER = SessionSigner("test-session-secret", timedelta(days=30))


def conversation_of(token: str) -> str:
    """The Rasa sender id of a widget session token."""
    return "web:" + token.split(".")[0]


class WidgetClient:
    """What widget.js does: connect, ask for a session, send messages, collect bot_uttered."""

    def __init__(self) -> None:
        self.sio = socketio.AsyncClient(reconnection=False)
        self.replies: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.confirmed: asyncio.Queue[str] = asyncio.Queue()
        self.sio.on("bot_uttered", self.replies.put)
        self.sio.on("session_confirm", self.confirmed.put)

    async def open(self, url: str, session_id: str | None = None) -> str:
        # Long-polling: python-engineio 4.15's websocket client needs aiohttp >= 3.10, Rasa pins 3.9.
        # The browser test covers the websocket transport.
        await self.sio.connect(url, transports=["polling"], socketio_path="/socket.io")
        await self.sio.emit("session_request", {"session_id": session_id})
        return await asyncio.wait_for(self.confirmed.get(), WAIT)

    async def say(self, session_id: str, text: str) -> None:
        await self.sio.emit("user_uttered", {"message": text, "session_id": session_id})

    async def close(self) -> None:
        """Drop the connection like a closed tab; a polite polling disconnect waits out a 30 s poll."""
        engine = self.sio.eio
        pending = [t for t in (engine.read_loop_task, engine.write_loop_task) if t is not None]
        await engine.disconnect(abort=True)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)

    async def reply(self, timeout: float = WAIT) -> dict[str, Any]:
        return await asyncio.wait_for(self.replies.get(), timeout)


Clients = Callable[[], WidgetClient]


@pytest.fixture
async def clients() -> AsyncIterator[Callable[[], WidgetClient]]:
    made: list[WidgetClient] = []

    def make() -> WidgetClient:
        made.append(WidgetClient())
        return made[-1]

    yield make
    for client in made:
        await client.close()


@pytest.fixture
async def channel(serve_channel: Callable[..., Awaitable[RunningChannel]]) -> RunningChannel:
    return await serve_channel(
        SessionSocketIOInput(
            session_persistence=True, max_message_chars=50, signer=SIGNER, api_token=TYPING_TOKEN
        )
    )


async def test_reply_reaches_the_session_room(channel: RunningChannel, clients: Clients) -> None:
    client = clients()
    session_id = await client.open(channel.url)
    await client.say(session_id, "你好")
    assert await client.reply() == {"text": "收到：你好"}
    assert channel.agent.received[0].sender_id == conversation_of(session_id)


async def test_a_slow_pong_under_load_does_not_close_the_socket(
    channel: RunningChannel, clients: Clients
) -> None:
    """python-engineio's 20 s default dropped visitors of a saturated cluster (README "Running at scale")."""
    client = clients()
    await client.open(channel.url)
    assert client.sio.eio.ping_timeout >= 60


async def test_reconnect_with_same_session_id_keeps_receiving(
    channel: RunningChannel, clients: Clients
) -> None:
    first = clients()
    session_id = await first.open(channel.url)
    await first.say(session_id, "第一条")
    await first.reply()
    await first.close()

    second = clients()
    assert await second.open(channel.url, session_id) == session_id
    await second.say(session_id, "第二条")
    assert await second.reply() == {"text": "收到：第二条"}
    assert [m.sender_id for m in channel.agent.received] == [conversation_of(session_id)] * 2


@pytest.mark.filterwarnings("ignore:coroutine 'AsyncServer.enter_room' was never awaited")
async def test_rasa_channel_without_fix_loses_replies(
    serve_channel: Callable[..., Awaitable[RunningChannel]], clients: Clients
) -> None:
    """Documents the upstream bug this module exists for; if it starts failing, drop the subclass."""
    running = await serve_channel(SocketIOInput(session_persistence=True))
    client = clients()
    session_id = await client.open(running.url)
    await client.say(session_id, "你好")
    with pytest.raises(asyncio.TimeoutError):
        await client.reply(timeout=1.0)
    assert len(running.agent.received) == 1


async def test_buttons_arrive_as_quick_replies(channel: RunningChannel, clients: Clients) -> None:
    client = clients()
    session_id = await client.open(channel.url)
    await client.say(session_id, "/greet")
    reply = await client.reply()
    assert reply["text"] == "您好！"
    assert reply["quick_replies"] == [
        {"content_type": "text", "title": "删除信息", "payload": "/request_deletion"}
    ]


async def test_handoff_payload_arrives_as_custom(channel: RunningChannel, clients: Clients) -> None:
    client = clients()
    session_id = await client.open(channel.url)
    await client.say(session_id, "handoff")
    assert await client.reply() == {"custom": {"handoff": "agent_joined"}}


async def test_agent_typing_reaches_the_session_room_with_the_token_only(
    channel: RunningChannel, clients: Clients
) -> None:
    client = clients()
    session_id = await client.open(channel.url)
    url = f"{channel.url}/webhooks/socketio/typing"
    body = {"conversation_id": conversation_of(session_id), "typing": True}
    async with httpx.AsyncClient() as http:
        refused = await http.post(url, json=body, params={"token": "wrong"})
        accepted = await http.post(url, json=body, params={"token": TYPING_TOKEN})
    assert (refused.status_code, accepted.status_code) == (401, 200)
    assert await client.reply() == {"custom": {"agent_typing": True}}
    assert channel.agent.received == []  # a signal, not a message: Rasa never sees it


async def test_over_long_message_is_answered_without_the_agent(
    channel: RunningChannel, clients: Clients
) -> None:
    client = clients()
    session_id = await client.open(channel.url)
    await client.say(session_id, "长" * 51)
    assert "超过了单条 50 字的上限" in (await client.reply())["text"]
    await client.say(session_id, "   ")
    assert (await client.reply())["text"] == EMPTY_REPLY
    assert channel.agent.received == []


async def test_staff_message_through_output_channel_reaches_every_tab(
    channel: RunningChannel, clients: Clients
) -> None:
    tab_one, tab_two = clients(), clients()
    session_id = await tab_one.open(channel.url)
    await tab_two.open(channel.url, session_id)
    output = channel.channel.get_output_channel()
    assert output is not None
    await output.send_response(conversation_of(session_id), {"text": "我是客服小李"})
    assert await tab_one.reply() == {"text": "我是客服小李"}
    assert await tab_two.reply() == {"text": "我是客服小李"}


async def test_message_without_its_session_token_is_refused_politely(
    channel: RunningChannel, clients: Clients
) -> None:
    client = clients()
    await client.open(channel.url)
    await client.sio.emit("user_uttered", {"message": "你好"})
    await client.sio.emit("user_uttered", {"message": "你好", "session_id": "../etc"})
    assert (await client.reply())["text"] == SESSION_EXPIRED_REPLY
    assert (await client.reply())["text"] == SESSION_EXPIRED_REPLY
    assert channel.agent.received == []


async def test_message_before_any_session_request_is_refused(
    channel: RunningChannel, clients: Clients
) -> None:
    client = clients()
    await client.sio.connect(channel.url, transports=["polling"], socketio_path="/socket.io")
    await client.sio.emit(
        "user_uttered", {"message": "你好", "session_id": SIGNER.issue(datetime.now(timezone.utc))}
    )
    assert (await client.reply())["text"] == SESSION_EXPIRED_REPLY
    assert channel.agent.received == []


async def test_a_socket_cannot_speak_for_another_session(channel: RunningChannel, clients: Clients) -> None:
    """Finding 1: knowing a session id is not enough; the socket must have been confirmed for it."""
    victim, intruder = clients(), clients()
    victim_token = await victim.open(channel.url)
    await intruder.open(channel.url)
    await intruder.say(victim_token, "确认提交")
    assert (await intruder.reply())["text"] == SESSION_EXPIRED_REPLY
    with pytest.raises(asyncio.TimeoutError):
        await victim.reply(timeout=0.5)
    assert channel.agent.received == []


@pytest.mark.parametrize(
    "forged",
    [
        "0123456789abcdef0123456789abcdef",  # a bare id, as before signing
        "web:0123456789abcdef0123456789abcdef",
        "0123456789abcdef0123456789abcdef.1700000000." + "A" * 43,  # a made-up signature
    ],
)
async def test_forged_session_ids_get_a_fresh_session(
    channel: RunningChannel, clients: Clients, forged: str
) -> None:
    client = clients()
    issued = await client.open(channel.url, forged)
    assert issued != forged and SIGNER.verify(issued, datetime.now(timezone.utc)) is not None


async def test_a_token_with_its_time_changed_is_not_honoured(
    channel: RunningChannel, clients: Clients
) -> None:
    first = clients()
    token = await first.open(channel.url)
    session_id, issued, mac = token.split(".")
    tampered = f"{session_id}.{int(issued) + 1}.{mac}"
    second = clients()
    assert await second.open(channel.url, tampered) != tampered


async def test_an_expired_token_is_replaced(
    serve_channel: Callable[..., Awaitable[RunningChannel]], clients: Clients
) -> None:
    old = SIGNER.issue(datetime.now(timezone.utc) - timedelta(days=31))
    running = await serve_channel(
        SessionSocketIOInput(session_persistence=True, max_message_chars=50, signer=SIGNER)
    )
    assert await clients().open(running.url, old) != old


async def test_a_flooding_session_is_asked_to_slow_down(
    serve_channel: Callable[..., Awaitable[RunningChannel]], clients: Clients
) -> None:
    """Finding 4: over the per-session limit the widget gets a polite reply and Rasa nothing."""
    limits = EdgeLimits.per_minute(sender=2, ip=100, new_conversations_per_hour=100)
    running = await serve_channel(
        SessionSocketIOInput(session_persistence=True, max_message_chars=50, signer=SIGNER, limits=limits)
    )
    client = clients()
    token = await client.open(running.url)
    for text in ("一", "二", "三"):
        await client.say(token, text)
    replies = [(await client.reply())["text"] for _ in range(3)]
    assert replies.count(SLOW_DOWN_REPLY) == 1
    assert len(running.agent.received) == 2


async def test_new_conversations_per_address_are_capped(
    serve_channel: Callable[..., Awaitable[RunningChannel]], clients: Clients
) -> None:
    limits = EdgeLimits.per_minute(sender=100, ip=100, new_conversations_per_hour=1)
    running = await serve_channel(
        SessionSocketIOInput(session_persistence=True, max_message_chars=50, signer=SIGNER, limits=limits)
    )
    first = clients()
    token = await first.open(running.url)
    second = clients()
    await second.sio.connect(running.url, transports=["polling"], socketio_path="/socket.io")
    await second.sio.emit("session_request", {"session_id": None})
    assert (await second.reply())["text"] == NEW_CONVERSATIONS_REPLY
    third = clients()
    assert await third.open(running.url, token) == token  # an existing session still reconnects

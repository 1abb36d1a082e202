"""Fixtures for channel tests: a real Sanic server on a free port with a scripted stand-in for the agent."""

from __future__ import annotations

import socket
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Sanic

import bot.process_settings as process_settings_module

Reply = Callable[[UserMessage], Awaitable[None]]


@pytest.fixture(autouse=True)
def fresh_process_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """Channels read bot.process_settings once per process; each test starts from its own environment."""
    monkeypatch.setattr(process_settings_module, "_settings", None)


def free_port() -> int:
    """Ask the kernel for a port nobody listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class ScriptedAgent:
    """Plays Rasa's `handle_message`: records each message and answers through its output channel."""

    received: list[UserMessage] = field(default_factory=list)

    async def __call__(self, message: UserMessage) -> None:
        self.received.append(message)
        text = message.text or ""
        out = message.output_channel
        if text.split("{", 1)[0] == "/greet":  # Rasa reads /greet{"language": …} as greet + entity
            await out.send_text_with_buttons(
                message.sender_id, "您好！", [{"title": "删除信息", "payload": "/request_deletion"}]
            )
        elif text == "handoff":
            await out.send_response(message.sender_id, {"custom": {"handoff": "agent_joined"}})
        elif text in ("waiting", "joined", "left"):  # what action_handoff and the console's desk send
            custom = {
                "waiting": {"handoff": "waiting"},
                "joined": {"handoff": "agent_joined", "agent": "客服 小李"},
                "left": {"handoff": "agent_left"},
            }[text]
            await out.send_response(message.sender_id, {"text": f"（{text}）", "custom": custom})
        elif text == "long":
            await out.send_text_message(message.sender_id, "长" * 5000)
        else:
            await out.send_text_message(message.sender_id, f"收到：{text}")


@dataclass
class RunningChannel:
    url: str
    agent: ScriptedAgent
    channel: InputChannel
    server: Any = None

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1])

    async def stop(self) -> None:
        """Stop listening and cut every open connection, as a crashed or restarted server would."""
        server, self.server = self.server, None
        if server is None:
            return
        await server.before_stop()
        server.close()
        for connection in list(server.connections):
            connection.close_if_idle() or connection.transport.close()
        await server.wait_closed()
        await server.after_stop()


@pytest.fixture
async def serve_channel() -> AsyncIterator[Callable[[InputChannel], Awaitable[RunningChannel]]]:
    """Start a Sanic app serving the channel's blueprint under /webhooks/<name>, as Rasa does."""
    started: list[RunningChannel] = []

    async def start(channel: InputChannel, port: int | None = None) -> RunningChannel:
        # Lets Sanic 21.12 start more than one app per process (its TouchUp rewrites methods once).
        Sanic.test_mode = True
        agent = ScriptedAgent()
        app = Sanic(f"channel_test_{uuid.uuid4().hex[:8]}")
        app.blueprint(channel.blueprint(agent), url_prefix=f"/webhooks/{channel.url_prefix()}")
        port = port or free_port()
        server = await app.create_server(
            host="127.0.0.1", port=port, return_asyncio_server=True, access_log=False
        )
        assert server is not None
        await server.startup()
        await server.before_start()
        await server.after_start()
        running = RunningChannel(url=f"http://127.0.0.1:{port}", agent=agent, channel=channel, server=server)
        started.append(running)
        return running

    yield start
    for running in started:
        await running.stop()

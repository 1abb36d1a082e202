"""The socket.io servers' Redis message queue rides out a Redis restart instead of dropping emits."""

from __future__ import annotations

import asyncio
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator

import pytest

from bot.channels.socketio import client_manager

pytestmark = pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server is not installed")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PrivateRedis:
    """A redis-server of this test's own, so stopping it disturbs nobody."""

    def __init__(self) -> None:
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


@pytest.fixture
def redis() -> Iterator[PrivateRedis]:
    server = PrivateRedis()
    server.start()
    yield server
    server.stop()


async def test_an_emit_during_a_redis_restart_is_published_once_redis_is_back(redis: PrivateRedis) -> None:
    manager = client_manager(f"redis://127.0.0.1:{redis.port}/0")
    assert manager is not None
    assert await manager._publish({"method": "emit", "event": "warm-up"}) == 0  # connected, no listener
    redis.stop()
    restart = asyncio.get_running_loop().call_later(0.6, redis.start)
    try:
        # python-socketio returns None when it gave up (the emit is lost); Redis answers a subscriber count.
        assert await manager._publish({"method": "emit", "event": "during-restart"}) == 0
    finally:
        restart.cancel()
        await manager.redis.close()

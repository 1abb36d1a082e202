"""Visitors of the cluster: one REST or socket.io conversation each, from its own loopback address.

Each visitor comes from its own 127.x.y.z address (all of 127.0.0.0/8 is loopback), as real visitors
come from their own addresses, so the per-address limits count each of them and nginx's
X-Forwarded-For carries a distinct address to Rasa.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import aiohttp
import httpx
import socketio

# A socket.io turn is done when this long passes without another message after the first one.
SOCKET_SETTLE_S = 0.8
TURN_TIMEOUT_S = 120


def visitor_address(n: int) -> str:
    """A distinct loopback address for visitor `n` (127.1.0.1, 127.1.0.2, ...)."""
    return f"127.{1 + n // 65000}.{(n % 65000) // 250}.{1 + n % 250}"


class Turn:
    """One turn's outcome: the replies' text and the time to the last reply."""

    def __init__(self, text: str, seconds: float) -> None:
        self.text = text
        self.seconds = seconds


class RestVisitor:
    """Rasa's REST channel through nginx: one request per turn, all replies in the answer."""

    kind = "rest"

    def __init__(self, base_url: str, token: str, sender: str, address: str) -> None:
        transport = httpx.AsyncHTTPTransport(local_address=address, retries=0)
        self._client = httpx.AsyncClient(
            base_url=base_url,
            transport=transport,
            timeout=TURN_TIMEOUT_S,
            headers={"Authorization": f"Bearer {token}"},
        )
        self.sender = sender

    @property
    def conversation_id(self) -> str:
        return f"rest:{self.sender}"

    async def open(self) -> None:
        return None

    async def say(self, text: str, expect: str = "") -> Turn:
        started = time.perf_counter()
        response = await self._client.post(
            "/webhooks/rest/webhook", json={"sender": self.sender, "message": text}
        )
        response.raise_for_status()
        replies = "\n".join(str(m.get("text") or "") for m in response.json())
        return Turn(replies, time.perf_counter() - started)

    async def close(self) -> None:
        await self._client.aclose()


class SocketVisitor:
    """The widget's socket.io channel through nginx (long-polling: sticky by nginx's cookie)."""

    kind = "socketio"

    def __init__(self, base_url: str, address: str) -> None:
        self._base_url = base_url
        self._address = address
        self._replies: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self._confirmed: asyncio.Queue[str] = asyncio.Queue()
        self.token = ""
        self._http: aiohttp.ClientSession | None = None
        self._sio: socketio.AsyncClient | None = None

    @property
    def conversation_id(self) -> str:
        return "web:" + self.token.split(".")[0]

    async def open(self) -> None:
        # unsafe=True: aiohttp keeps no cookies for IP hosts otherwise, and stickiness is a cookie.
        connector = aiohttp.TCPConnector(local_addr=(self._address, 0))
        self._http = aiohttp.ClientSession(connector=connector, cookie_jar=aiohttp.CookieJar(unsafe=True))
        # python-engineio's websocket client needs a newer aiohttp than Rasa pins: long-polling it is.
        self._sio = socketio.AsyncClient(reconnection=True, http_session=self._http)
        self._sio.on("bot_uttered", self._replies.put)
        self._sio.on("session_confirm", self._confirmed.put)
        # wait_timeout: python-socketio gives the namespace 1 s by default, far less than a busy server needs.
        await self._sio.connect(
            self._base_url, transports=["polling"], socketio_path="/socket.io", wait_timeout=TURN_TIMEOUT_S
        )
        await self._sio.emit("session_request", {"session_id": None})
        self.token = await asyncio.wait_for(self._confirmed.get(), TURN_TIMEOUT_S)

    async def say(self, text: str, expect: str = "") -> Turn:
        """Replies until `expect` was seen (if given) and then none for SOCKET_SETTLE_S."""
        assert self._sio is not None
        started = time.perf_counter()
        await self._sio.emit("user_uttered", {"message": text, "session_id": self.token})
        first = await asyncio.wait_for(self._replies.get(), TURN_TIMEOUT_S)
        texts, last = [str(first.get("text") or "")], time.perf_counter()
        while True:
            waiting = expect and expect not in "\n".join(texts)
            try:
                more = await asyncio.wait_for(
                    self._replies.get(), TURN_TIMEOUT_S if waiting else SOCKET_SETTLE_S
                )
            except asyncio.TimeoutError:
                break
            texts.append(str(more.get("text") or ""))
            last = time.perf_counter()
        return Turn("\n".join(texts), last - started)

    async def close(self) -> None:
        try:
            if self._sio is not None:
                engine = self._sio.eio
                await engine.disconnect(abort=True)
                for task in (engine.read_loop_task, engine.write_loop_task):
                    if task is not None:
                        task.cancel()
        finally:
            if self._http is not None:
                await self._http.close()

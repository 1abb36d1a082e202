"""Visitors of the cluster: one REST or socket.io conversation each, from its own loopback address.

A server that dies mid-turn takes that turn with it (a SIGKILL answers nothing); the visitor then does
what a person does, types it once more (REST: the gateway's 502; socket.io: the socket dropped before the
first reply, and after the reconnect the widget's `session_request` binds the new socket to the session).
Such turns are counted as retyped; a turn that fails again is lost.

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


# Gateway answers that mean the server holding the turn went away (not a slow one: 504 waited 120 s).
RETYPE_STATUSES = (502, 503)
RETYPE_PAUSE_S = 1.0


class Turn:
    """One turn's outcome: the replies' text, the time to the last reply, whether it was typed twice."""

    def __init__(self, text: str, seconds: float, retyped: bool = False) -> None:
        self.text = text
        self.seconds = seconds
        self.retyped = retyped


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

    async def say(self, text: str, expect: tuple[str, ...] = ()) -> Turn:
        started = time.perf_counter()
        body = {"sender": self.sender, "message": text}
        response = await self._client.post("/webhooks/rest/webhook", json=body)
        retyped = response.status_code in RETYPE_STATUSES
        if retyped:
            await asyncio.sleep(RETYPE_PAUSE_S)
            response = await self._client.post("/webhooks/rest/webhook", json=body)
        response.raise_for_status()
        replies = "\n".join(str(m.get("text") or "") for m in response.json())
        return Turn(replies, time.perf_counter() - started, retyped)

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
        self._bound = asyncio.Event()  # the current socket is confirmed for the session
        self._dropped = asyncio.Event()  # the socket went away since the last message was sent
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
        # request_timeout: python-engineio gives each polling request 5 s and drops the socket after that; a
        # saturated server's event loop answers a POST later than that, and a browser waits longer.
        self._sio = socketio.AsyncClient(
            reconnection=True, http_session=self._http, request_timeout=TURN_TIMEOUT_S
        )
        self._sio.on("bot_uttered", self._replies.put)
        self._sio.on("session_confirm", self._on_confirm)
        self._sio.on("connect", self._on_connect)
        self._sio.on("disconnect", self._on_disconnect)
        # wait_timeout: python-socketio gives the namespace 1 s by default, far less than a busy server needs.
        await self._sio.connect(
            self._base_url, transports=["polling"], socketio_path="/socket.io", wait_timeout=TURN_TIMEOUT_S
        )
        self.token = await asyncio.wait_for(self._confirmed.get(), TURN_TIMEOUT_S)

    async def _on_connect(self) -> None:
        """As the widget does on every (re)connect: ask for the session, naming it once there is one."""
        assert self._sio is not None
        await self._sio.emit("session_request", {"session_id": self.token or None})

    async def _on_confirm(self, token: str) -> None:
        self._bound.set()
        await self._confirmed.put(token)

    async def _on_disconnect(self, *_: Any) -> None:
        self._bound.clear()
        self._dropped.set()

    async def _first_reply(self, text: str) -> dict[str, Any] | None:
        """The first reply to `text`, or None when the socket dropped before it came."""
        assert self._sio is not None
        await asyncio.wait_for(self._bound.wait(), TURN_TIMEOUT_S)
        self._dropped.clear()
        try:
            await self._sio.emit("user_uttered", {"message": text, "session_id": self.token})
        except socketio.exceptions.BadNamespaceError:
            # The socket died between the session check and the send, before its disconnect event ran. The
            # widget's socket.io client buffers such a message and sends it on reconnect; here it is retyped.
            return None
        reply = asyncio.ensure_future(self._replies.get())
        dropped = asyncio.ensure_future(self._dropped.wait())
        done, _ = await asyncio.wait({reply, dropped}, timeout=TURN_TIMEOUT_S, return_when="FIRST_COMPLETED")
        dropped.cancel()
        if reply in done:
            return reply.result()
        reply.cancel()
        if dropped in done:
            return None
        raise asyncio.TimeoutError

    async def say(self, text: str, expect: tuple[str, ...] = ()) -> Turn:
        """Replies until one of `expect` was seen (if given) and then none for SOCKET_SETTLE_S."""
        started = time.perf_counter()
        first = await self._first_reply(text)
        retyped = first is None
        if first is None:
            await asyncio.sleep(RETYPE_PAUSE_S)
            first = await self._first_reply(text)
            if first is None:
                raise ConnectionError("the socket dropped twice before a reply")
        texts, last = [str(first.get("text") or "")], time.perf_counter()
        while True:
            waiting = expect and not any(wanted in "\n".join(texts) for wanted in expect)
            try:
                more = await asyncio.wait_for(
                    self._replies.get(), TURN_TIMEOUT_S if waiting else SOCKET_SETTLE_S
                )
            except asyncio.TimeoutError:
                break
            texts.append(str(more.get("text") or ""))
            last = time.perf_counter()
        return Turn("\n".join(texts), last - started, retyped)

    async def close(self) -> None:
        try:
            if self._sio is not None:
                self._sio.reconnection = False
                if self._sio._reconnect_task is not None:  # a reconnect under way would outlive the visitor
                    self._sio._reconnect_task.cancel()
                engine = self._sio.eio
                await engine.disconnect(abort=True)
                for task in (engine.read_loop_task, engine.write_loop_task):
                    if task is not None:
                        task.cancel()
        finally:
            if self._http is not None:
                await self._http.close()

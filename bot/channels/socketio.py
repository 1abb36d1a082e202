"""Socket.IO channel for the website widget: signed sessions, rooms that work, the message guard.

Session ids are issued by this server and signed (bot/session_tokens.py); a socket is bound to the one
session it was confirmed, and every message is checked against that binding. The conversation id is
`web:<id>` (bot/conversations.py), which is also the room a session's sockets join.

Rasa 3.6's `SocketIOInput` calls `sio.enter_room(...)` without `await`. Since python-socketio 5.10
`AsyncServer.enter_room` is a coroutine, so the socket never joins the session room and, with
session persistence on, no reply reaches the browser. This subclass re-declares the handlers
(they are closures inside Rasa's `blueprint`, so they cannot be patched one by one) and awaits it.
"""

from __future__ import annotations

import inspect
import json
import logging
import re
import secrets
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta, timezone
from typing import Any

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage, decode_bearer_token
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput
from redis.asyncio.retry import Retry
from redis.backoff import ExponentialBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncRedisManager, AsyncServer

from bot.channels.peers import socket_address
from bot.conversations import WEB, conversation_id, namespace_of
from bot.handoff.signals import typing_payload
from bot.message_limits import check_message
from bot.process_settings import process_settings
from bot.rate_limit import NEW_CONVERSATIONS_REPLY, SLOW_DOWN_REPLY, EdgeLimits
from bot.secrets_compare import bearer_token, same_secret
from bot.session_tokens import SessionSigner

logger = logging.getLogger(__name__)

_SESSION_TOKEN = re.compile(r"[A-Za-z0-9_.-]{1,160}")
SESSION_EXPIRED_REPLY = "会话已失效，请刷新页面后重新开始。"
# The Redis pub/sub channel of the socket.io servers (pub/sub ignores Redis database numbers).
SOCKETIO_CHANNEL = "dsr-socketio"
# Every emit is a Redis publish; python-socketio tries one twice at once and then drops it. A Redis restart
# takes a moment, so each command is tried again with backoff (0.1 s doubling to 1 s, 8 times: about 5 s).
REDIS_RETRIES = 8
# engine.io closes a socket whose PONG is later than this after its PING (python-engineio: 20 s). A saturated
# server answers the POST carrying it later than that and the visitor's socket drops mid-conversation; a gone
# visitor is noticed a little later instead (socket.io's clients size their own timeouts from the handshake).
PING_TIMEOUT_S = 60
Clock = Callable[[], datetime]


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


class SessionSocketIOOutput(SocketIOOutput):
    """Rasa's output, except that custom payloads reach the widget as `{"custom": {...}}`."""

    async def send_custom_json(self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any) -> None:
        """Rasa spreads the custom dict into `emit(**json_message)`, which breaks on any unknown key."""
        await self._send_message(recipient_id, {"custom": json_message})

    async def send_agent_typing(self, recipient_id: str, typing: bool) -> None:
        """The colleague's typing state, on the same path as every message (never stored in the tracker)."""
        await self.send_custom_json(recipient_id, typing_payload(typing))


class SessionSocketIOInput(SocketIOInput):
    """Socket.IO input whose session rooms are really joined and whose messages pass the guard."""

    def __init__(
        self,
        *args: Any,
        max_message_chars: int | None = None,
        signer: SessionSigner | None = None,
        clock: Clock = _utcnow,
        limits: EdgeLimits | None = None,
        api_token: str | None = None,
        redis_url: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if max_message_chars is None or signer is None:
            settings = process_settings()
            max_message_chars = max_message_chars or settings.max_message_chars
            secret = settings.session_secret
            if not secret:
                # `make run` always has one (var/secrets); without it sessions cannot outlive this process.
                logger.warning("SESSION_SECRET unset: widget sessions are signed with a per-process key")
                secret = secrets.token_urlsafe(32)
            signer = signer or SessionSigner(secret, timedelta(days=settings.widget_session_days))
        self.max_message_chars = max_message_chars
        self.signer = signer
        self.clock = clock
        self.limits = limits or process_settings().edge_limits()
        self._api_token = api_token
        self._redis_url = redis_url

    @property
    def api_token(self) -> str:
        """RASA_TOKEN, read on first use: the typing route is called by the backend with it."""
        if self._api_token is None:
            self._api_token = process_settings().rasa_token
        return self._api_token

    @property
    def redis_url(self) -> str:
        """REDIS_URL, read on first use: set, the sockets of several Rasa servers share one message queue."""
        if self._redis_url is None:
            self._redis_url = process_settings().redis_url
        return self._redis_url

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        credentials = credentials or {}
        return cls(
            credentials.get("user_message_evt", "user_uttered"),
            credentials.get("bot_message_evt", "bot_uttered"),
            credentials.get("namespace"),
            credentials.get("session_persistence", False),
            credentials.get("socketio_path", "/socket.io"),
            credentials.get("jwt_key"),
            credentials.get("jwt_method", "HS256"),
            credentials.get("metadata_key", "metadata"),
            max_message_chars=credentials.get("max_message_chars"),
        )

    def get_output_channel(self) -> OutputChannel | None:
        """Lets staff messages sent through Rasa's HTTP API reach the widget."""
        if self.sio is None:
            return None
        return SessionSocketIOOutput(self.sio, self.bot_message_evt)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """Same routes and events as Rasa's channel, with the room fix and the guard."""
        # cors_allowed_origins=[] turns engine.io's own origin check off, as Rasa does; the widget
        # is served from the backend's port and connects over websocket.
        manager = client_manager(self.redis_url)
        sio = AsyncServer(
            async_mode="sanic",
            cors_allowed_origins=[],
            client_manager=manager,
            ping_timeout=PING_TIMEOUT_S,
        )
        socketio_webhook = SocketBlueprint(sio, self.socketio_path, "socketio_webhook", __name__)
        self.sio = sio

        @socketio_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @socketio_webhook.route("/typing", methods=["POST"])
        async def agent_typing(request: Request) -> HTTPResponse:
            """The console's typing signal (through the backend, with RASA_TOKEN) to the visitor's widget."""
            if not same_secret(_token_of(request), self.api_token):
                return response.json({"error": "unauthorized", "message": "token required"}, status=401)
            try:
                body = request.json if isinstance(request.json, dict) else {}
            except Exception:  # noqa: BLE001 - Sanic raises its own error for a body that is not JSON
                body = {}
            conversation = body.get("conversation_id")
            if not isinstance(conversation, str) or namespace_of(conversation) != WEB:
                conversation = None
            if conversation is None or not isinstance(body.get("typing"), bool):
                return response.json(
                    {
                        "error": "validation_error",
                        "message": "a web: conversation_id and typing are required",
                    },
                    status=422,
                )
            await SessionSocketIOOutput(sio, self.bot_message_evt).send_agent_typing(
                conversation, body["typing"]
            )
            return response.json({"status": "sent"})

        @sio.on("connect", namespace=self.namespace)
        async def connect(sid: str, environ: dict, auth: dict | None) -> bool:
            if not self.jwt_key:
                return True
            token = (auth or {}).get("token")
            return bool(token and decode_bearer_token(token, self.jwt_key, self.jwt_algorithm))

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: str, data: Any = None) -> None:
            """Confirm the session a genuine token names, else issue a new one; bind this socket to it."""
            given = (data or {}).get("session_id") if isinstance(data, dict) else None
            now = self.clock()
            token = given if self.session_persistence and self.signer.verify(given, now) else None
            address = socket_address(sio.get_environ(sid, namespace=self.namespace) or {})
            if token is None and not self.limits.new_conversations.allow(address):
                await sio.emit(
                    self.bot_message_evt,
                    {"text": NEW_CONVERSATIONS_REPLY},
                    room=sid,
                    namespace=self.namespace,
                )
                return
            token = token or self.signer.issue(now)
            conversation = conversation_id(WEB, str(self.signer.verify(token, now)))
            async with sio.session(sid, namespace=self.namespace) as bound:
                previous = bound.get("conversation")
                if previous is not None and previous != conversation:
                    await _maybe_await(sio.leave_room(sid, previous, namespace=self.namespace))
                bound.update(token=token, conversation=conversation, address=address)
            await _maybe_await(sio.enter_room(sid, conversation, namespace=self.namespace))
            await sio.emit("session_confirm", token, room=sid, namespace=self.namespace)

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: str, data: Any = None) -> None:
            data = data if isinstance(data, dict) else {}
            bound = await sio.get_session(sid, namespace=self.namespace)
            token = _valid_token(data.get("session_id"))
            if not bound.get("conversation") or token != bound.get("token"):
                # A socket speaks only for the session it was confirmed: no naming another one.
                logger.warning("socket.io message for an unbound or foreign session refused (sid %s)", sid)
                await sio.emit(
                    self.bot_message_evt, {"text": SESSION_EXPIRED_REPLY}, room=sid, namespace=self.namespace
                )
                return
            if self.signer.verify(bound["token"], self.clock()) is None:
                await sio.emit(
                    self.bot_message_evt, {"text": SESSION_EXPIRED_REPLY}, room=sid, namespace=self.namespace
                )
                return
            sender_id = str(bound["conversation"])
            output_channel = SessionSocketIOOutput(sio, self.bot_message_evt)
            if not self.limits.message_allowed(sender_id, str(bound.get("address", "unknown"))):
                await sio.emit(
                    self.bot_message_evt, {"text": SLOW_DOWN_REPLY}, room=sid, namespace=self.namespace
                )
                return
            text = data.get("message")
            text = text if isinstance(text, str) else None
            verdict = check_message(text, max_chars=self.max_message_chars)
            if verdict.reply is not None:
                # Answered here without Rasa: empty or over-long input is never featurized.
                await output_channel.send_text_message(sender_id, verdict.reply)
                return
            await on_new_message(
                UserMessage(
                    text,
                    output_channel,
                    sender_id,
                    input_channel=self.name(),
                    metadata=_metadata(data.get(self.metadata_key)),
                )
            )

        return socketio_webhook


def client_manager(redis_url: str) -> AsyncRedisManager | None:
    """With Redis, an emit on any Rasa server reaches a socket held by another (make run-cluster)."""
    if not redis_url:
        return None
    options = {
        "retry": Retry(ExponentialBackoff(cap=1.0, base=0.1), REDIS_RETRIES),
        "retry_on_error": [RedisConnectionError, RedisTimeoutError],
    }
    return AsyncRedisManager(redis_url, channel=SOCKETIO_CHANNEL, redis_options=options)


def _token_of(request: Request) -> str | bytes | None:
    """`?token=` as on Rasa's HTTP API, or a bearer header."""
    return request.args.get("token") or bearer_token(request.headers.get("Authorization"))


def _valid_token(value: Any) -> str | None:
    """A session token as the browser sent it, if it is shaped like one at all."""
    if not isinstance(value, str):
        return None
    return value if _SESSION_TOKEN.fullmatch(value) else None


def _metadata(raw: Any) -> dict[str, Any]:
    """The widget sends a dict; older clients a JSON string. Anything else is dropped."""
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            return {}
    return raw if isinstance(raw, dict) else {}


async def _maybe_await(result: Any) -> None:
    """python-socketio < 5.10 returns None from enter_room, newer versions a coroutine."""
    if inspect.isawaitable(result):
        await result

"""Socket.IO channel for the website widget: session rooms that work, the message guard, handoff events.

Rasa 3.6's `SocketIOInput` calls `sio.enter_room(...)` without `await`. Since python-socketio 5.10
`AsyncServer.enter_room` is a coroutine, so the socket never joins the session room and, with
session persistence on, no reply reaches the browser. This subclass re-declares the handlers
(they are closures inside Rasa's `blueprint`, so they cannot be patched one by one) and awaits it.
"""

from __future__ import annotations

import hmac
import inspect
import json
import logging
import re
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage, decode_bearer_token
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncServer

from bot.handoff.signals import typing_payload
from bot.message_limits import check_message
from bot.process_settings import process_settings

logger = logging.getLogger(__name__)

_SESSION_ID = re.compile(r"[A-Za-z0-9_-]{1,128}")
_CONVERSATION_ID = re.compile(r"[A-Za-z0-9_:.-]{1,160}")  # a session id, possibly namespaced ("web:…")


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
        self, *args: Any, max_message_chars: int | None = None, api_token: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if max_message_chars is None:
            max_message_chars = process_settings().max_message_chars
        self.max_message_chars = max_message_chars
        self._api_token = api_token

    @property
    def api_token(self) -> str:
        """RASA_TOKEN, read on first use: the typing route is called by the backend with it."""
        if self._api_token is None:
            self._api_token = process_settings().rasa_token
        return self._api_token

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
        sio = AsyncServer(async_mode="sanic", cors_allowed_origins=[])
        socketio_webhook = SocketBlueprint(sio, self.socketio_path, "socketio_webhook", __name__)
        self.sio = sio

        @socketio_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @socketio_webhook.route("/typing", methods=["POST"])
        async def agent_typing(request: Request) -> HTTPResponse:
            """The console's typing signal (through the backend, with RASA_TOKEN) to the visitor's widget."""
            if not self.api_token or not hmac.compare_digest(_token_of(request), self.api_token):
                return response.json({"error": "unauthorized", "message": "token required"}, status=401)
            body = request.json if isinstance(request.json, dict) else {}
            raw = body.get("conversation_id")
            conversation_id = raw if isinstance(raw, str) and _CONVERSATION_ID.fullmatch(raw) else None
            if conversation_id is None or not isinstance(body.get("typing"), bool):
                return response.json(
                    {"error": "validation_error", "message": "conversation_id and typing are required"},
                    status=422,
                )
            await SessionSocketIOOutput(sio, self.bot_message_evt).send_agent_typing(
                conversation_id, body["typing"]
            )
            return response.json({"status": "sent"})

        @sio.on("connect", namespace=self.namespace)
        async def connect(sid: str, environ: dict, auth: dict | None) -> bool:
            if not self.jwt_key:
                return True
            token = (auth or {}).get("token")
            return bool(token and decode_bearer_token(token, self.jwt_key, self.jwt_algorithm))

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: str, data: dict | None) -> None:
            session_id = _valid_session_id((data or {}).get("session_id")) or uuid.uuid4().hex
            if self.session_persistence:
                await _maybe_await(sio.enter_room(sid, session_id, namespace=self.namespace))
            await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: str, data: dict | None) -> None:
            data = data if isinstance(data, dict) else {}
            if self.session_persistence:
                sender_id = _valid_session_id(data.get("session_id"))
                if not sender_id:
                    logger.warning("socket.io message without a session_id ignored (sid %s)", sid)
                    return
            else:
                sender_id = sid
            output_channel = SessionSocketIOOutput(sio, self.bot_message_evt)
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


def _token_of(request: Request) -> str:
    """`?token=` as on Rasa's HTTP API, or a bearer header."""
    header = request.headers.get("Authorization", "")
    return str(request.args.get("token") or (header[7:] if header.startswith("Bearer ") else ""))


def _valid_session_id(value: Any) -> str | None:
    """Session ids come from the browser: accept short printable tokens only."""
    if not isinstance(value, str):
        return None
    return value if _SESSION_ID.fullmatch(value) else None


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

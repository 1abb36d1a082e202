"""Rasa's REST channel for operators and test tools: authenticated, namespaced, size-checked.

A request is let in when it comes straight from a loopback peer (an operator's curl or `rasa shell`
on the machine, no proxy headers) or carries `Authorization: Bearer <RASA_TOKEN>`. The sender S of
the body becomes the conversation `rest:S` (bot/conversations.py), so REST can never act in a widget
or Telegram conversation; `input_channel` is always `rest`, whatever the body says.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels import api_token
from bot.channels.guarded import OnNewMessage, guarded
from bot.channels.peers import client_address, is_loopback_peer
from bot.conversations import REST, InvalidConversationId, conversation_id
from bot.process_settings import process_settings
from bot.rate_limit import SLOW_DOWN_REPLY
from bot.secrets_compare import bearer_token, same_secret
from bot.settings import Settings

logger = logging.getLogger(__name__)


def bearer_matches(request: Request, token: str) -> bool:
    """Constant-time check of `Authorization: Bearer <token>` (non-ASCII input is just wrong)."""
    return same_secret(bearer_token(request.headers.get("authorization")), token)


def _error(status: int, code: str, message: str) -> HTTPResponse:
    return response.json({"error": code, "message": message}, status=status)


def check_body(body: Any, *, max_metadata_bytes: int) -> str | None:
    """Why a parsed body is refused, or None; the wire shape is `{"sender", "message", "metadata"?}`."""
    if not isinstance(body, dict):
        return "the body must be a JSON object"
    if not isinstance(body.get("message"), str):
        return "message must be a string"
    metadata = body.get("metadata")
    if metadata is not None:
        if not isinstance(metadata, dict):
            return "metadata must be an object"
        if len(json.dumps(metadata, ensure_ascii=False).encode()) > max_metadata_bytes:
            return f"metadata is limited to {max_metadata_bytes} bytes"
    return None


class GuardedRestInput(RestInput):
    """Same URL and payloads as Rasa's `rest` channel (`/webhooks/rest/webhook`)."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or process_settings()

    @classmethod
    def name(cls) -> str:
        return "rest"

    async def _extract_sender(self, req: Request) -> str | None:
        """`rest:S`: checked in the request middleware, so this cannot fail here."""
        return conversation_id(REST, req.json["sender"])

    def _extract_input_channel(self, req: Request) -> str:
        return self.name()

    def get_metadata(self, request: Request) -> dict[str, Any] | None:
        metadata = request.json.get("metadata")
        return metadata if isinstance(metadata, dict) else None

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        settings, limits = self.settings, self.settings.edge_limits()
        blueprint = super().blueprint(guarded(on_new_message, max_chars=settings.max_message_chars))
        api_token.install(blueprint, settings.rasa_token)  # Rasa's own check uses `==` (finding 9)

        @blueprint.middleware("request")
        async def admit(request: Request) -> HTTPResponse | None:
            if request.method != "POST":
                return None
            if not (is_loopback_peer(request) or bearer_matches(request, settings.rasa_token)):
                return _error(
                    401, "unauthorized", "The REST channel needs Authorization: Bearer <RASA_TOKEN>."
                )
            if len(request.body or b"") > settings.max_rest_body_bytes:
                return _error(
                    413, "too_large", f"Bodies are limited to {settings.max_rest_body_bytes} bytes."
                )
            try:
                body = json.loads(request.body or b"")
            except (ValueError, UnicodeDecodeError):
                return _error(400, "bad_json", "The body is not valid JSON.")
            problem = check_body(body, max_metadata_bytes=settings.max_metadata_bytes)
            if problem is None:
                try:
                    conversation_id(REST, body.get("sender"))
                except InvalidConversationId as error:
                    problem = f"sender: {error}"
            if problem is not None:
                return _error(400, "bad_request", problem)
            sender = conversation_id(REST, body["sender"])
            # Operators on this machine are limited per sender only; anyone else per address too.
            address = None if is_loopback_peer(request) else client_address(request)
            if not limits.message_allowed(sender, address):
                return response.json([{"recipient_id": sender, "text": SLOW_DOWN_REPLY}])
            return None

        return blueprint

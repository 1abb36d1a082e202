"""Rasa's REST channel with the message guard in front of NLU."""

from __future__ import annotations

from rasa.core.channels.rest import RestInput
from sanic import Blueprint

from bot.channels.guarded import OnNewMessage, guarded
from bot.process_settings import process_settings


class GuardedRestInput(RestInput):
    """Same URL and payloads as Rasa's `rest` channel (`/webhooks/rest/webhook`)."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        max_chars = process_settings().max_message_chars
        return super().blueprint(guarded(on_new_message, max_chars=max_chars))

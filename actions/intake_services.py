"""What the request actions share: the backend client and pending store, and small tracker helpers.

The services are built on first use (never at import) from the process settings; tests pass their own.
The first use also starts the background task that files requests kept while the backend was down.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.crypto import FieldCipher
from bot.dsr_api.client import DsrClient
from bot.intake import speech
from bot.intake.pending import PendingStore, retry_forever
from bot.intake.speech import Reply
from bot.process_settings import process_settings
from bot.settings import Settings

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class IntakeServices:
    client: DsrClient
    store: PendingStore
    retry_seconds: float = 30.0


_services: IntakeServices | None = None
_retry_task: asyncio.Task[None] | None = None


def services_from_settings(settings: Settings) -> IntakeServices:
    return IntakeServices(
        client=DsrClient(settings.dsr_api_url or settings.dsr_url, settings.dsr_api_token),
        store=PendingStore(settings.pending_store_path, FieldCipher(settings.encryption_key)),
        retry_seconds=float(settings.pending_retry_seconds),
    )


def get_services() -> IntakeServices:
    """The process-wide services; starts the retry loop inside the action server's event loop."""
    global _services, _retry_task
    if _services is None:
        _services = services_from_settings(process_settings())
    if _retry_task is None or _retry_task.done():
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return _services
        _retry_task = loop.create_task(
            retry_forever(_services.store, _services.client, interval=_services.retry_seconds)
        )
    return _services


def say(dispatcher: CollectingDispatcher, replies: list[Reply]) -> None:
    for reply in replies:
        buttons = [{"title": title, "payload": payload} for title, payload in reply.buttons]
        dispatcher.utter_message(text=speech.localised(reply.text), buttons=buttons or None)


def slot_values(tracker: Tracker, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: tracker.get_slot(name) for name in names}


def latest_intent(tracker: Tracker) -> tuple[str | None, float]:
    intent = tracker.latest_message.get("intent") or {}
    return intent.get("name"), float(intent.get("confidence") or 0.0)


def latest_text(tracker: Tracker) -> str:
    return str(tracker.latest_message.get("text") or "")


def previous_user_text(tracker: Tracker) -> str:
    """What the person said the turn before the latest one ("" when this is the first)."""
    said = [str(e.get("text") or "") for e in tracker.events if e.get("event") == "user"]
    return said[-2] if len(said) >= 2 else ""


def _events_since_user(tracker: Tracker) -> list[dict[str, Any]]:
    since: list[dict[str, Any]] = []
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            break
        since.append(event)
    return since


def is_activation(tracker: Tracker, form: str) -> bool:
    """The form was activated by the latest user message (its ActiveLoop came after it)."""
    return any(e.get("event") == "active_loop" and e.get("name") == form for e in _events_since_user(tracker))


def is_fresh_input(tracker: Tracker) -> bool:
    """The form runs right after the user spoke, not on resuming after a digression answer."""
    actions = [e for e in _events_since_user(tracker) if e.get("event") == "action"]
    return len(actions) <= 1


def slot_events(updates: dict[str, Any]) -> list[EventType]:
    return [SlotSet(name, value) for name, value in updates.items()]


def channel_of(tracker: Tracker) -> str:
    return tracker.get_latest_input_channel() or "chat"


async def start_pending_retries(*_: object) -> None:
    """Sanic `after_server_start` listener: retry kept requests even before anyone chats again."""
    get_services()

"""`action_handoff`: hand the conversation to a colleague, or say how to reach one when nobody is in.

Reasons: the `handoff_reason` slot when another action escalated (the policy fallback), validation
when a form field failed three times, a complaint when the message says so, else the person asked.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, ConversationPaused, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.intake_services import get_services
from actions.language import language_of
from bot.dsr_api.client import DsrClient, DsrUnavailable
from bot.dsr_api.types import Registration
from bot.handoff import signals, texts
from bot.handoff.reasons import CONVERSATION_REASONS
from bot.handoff.topics import topic_for
from bot.slots import FAILURE_SLOTS, FORMS, HANDOFF_REASON, REQUESTED_SLOT

logger = logging.getLogger(__name__)
COMPLAINT = re.compile(r"投诉|投訴|举报|舉報|不满意|差评")


def row_pause_events(paused: bool) -> list[EventType]:
    """Rasa's pause from the handoff row's answer (bot/handoff/pause.py): the action server's one place."""
    return [ConversationPaused()] if paused else []


def get_backend() -> DsrClient:
    """The action server's one DSR client (actions/intake_services.py builds it on first use)."""
    return get_services().client


def _failed_validation(tracker: Tracker) -> bool:
    """Inside a form whose field failed three times (the intake then offers the /human_handoff button)."""
    if (tracker.active_loop or {}).get("name") not in FORMS:
        return False
    for name in FAILURE_SLOTS:
        counts = tracker.get_slot(name)
        if isinstance(counts, dict) and any(isinstance(n, int) and n >= 3 for n in counts.values()):
            return True
    return False


def handoff_reason(tracker: Tracker) -> str:
    preset = tracker.get_slot(HANDOFF_REASON)
    if preset in CONVERSATION_REASONS:
        return str(preset)
    if _failed_validation(tracker):
        return "validation"
    if COMPLAINT.search(str(tracker.latest_message.get("text") or "")):
        return "complaint"
    return "asked"


def recent_intents(tracker: Tracker, turns: int = 5) -> list[str]:
    """The intents of the last few user turns (a retrieval intent counts as `faq/<topic>`)."""
    found: list[str] = []
    for event in reversed(tracker.events):
        if event.get("event") != "user":
            continue
        parse = event.get("parse_data") or {}
        name = str((parse.get("intent") or {}).get("name") or "")
        if name == "faq":  # the selector predicts a faq key for every message: only read it for faq
            retrieval = (parse.get("response_selector") or {}).get("faq", {}).get("response", {})
            name = str(retrieval.get("intent_response_key") or name)
        found.append(name)
        if len(found) >= turns:
            break
    return found


def first_message(tracker: Tracker) -> str | None:
    """The visitor's first typed message (button payloads like /greet skipped), for the console."""
    for event in tracker.events:
        text = event.get("text") if event.get("event") == "user" else None
        if isinstance(text, str) and text.strip() and not text.startswith("/"):
            return text.strip()
    return None


class ActionHandoff(Action):
    def __init__(self, backend: DsrClient | None = None) -> None:
        self._backend = backend

    def name(self) -> str:
        return "action_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        backend = self._backend or get_backend()
        reason = handoff_reason(tracker)
        english = language_of(tracker) == "en"
        channel = tracker.get_latest_input_channel() or "rest"
        topic = topic_for(
            reason=reason,
            recent_intents=recent_intents(tracker),
            in_form=bool((tracker.active_loop or {}).get("name")),
        )
        registration: Registration | None
        try:
            registration = await backend.register_handoff(
                tracker.sender_id, channel, reason, topic=topic.value, first_message=first_message(tracker)
            )
        except DsrUnavailable:
            registration = None
        # Any form stops here: the colleague (or the person, by email) takes it from where it was.
        events: list[EventType] = [
            ActiveLoop(None),
            SlotSet(REQUESTED_SLOT, None),
            SlotSet(HANDOFF_REASON, None),
        ]
        if registration is not None and registration.queued:
            logger.info(
                "conversation handed over (reason=%s, topic=%s, channel=%s)", reason, topic.value, channel
            )
            # The custom payload turns the widget's header to "waiting" (Telegram ignores it).
            waiting = texts.ENGLISH["WAITING"] if english else texts.WAITING
            dispatcher.utter_message(text=waiting, json_message=signals.WAITING_PAYLOAD)
            return [*events, *row_pause_events(registration.paused)]
        pairs = texts.ENGLISH_UNAVAILABLE_BUTTONS if english else texts.UNAVAILABLE_BUTTONS
        buttons = [{"title": title, "payload": payload} for title, payload in pairs]
        dispatcher.utter_message(
            text=texts.ENGLISH["UNAVAILABLE"] if english else texts.UNAVAILABLE, buttons=buttons
        )
        return events

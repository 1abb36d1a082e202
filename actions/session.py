"""`action_session_start`: Rasa's default, plus one rule: a paused session is re-paused from the row.

A session expiry starts a new session, and a new session is unpaused (the tracker resets). Without
this, a person who writes after the expiry while an agent has the conversation would get the
assistant's answers in the middle of the agent's. Rasa's pause only ever follows the handoff row
(bot/handoff/pause.py), so a session that was not paused has no open paused row: the backend is
asked only when the old session was paused, not on every new session. For the same reason the Rasa
server calls this action only for a paused tracker and builds the fixed answer itself otherwise
(bot/rasa_patches.py; a test holds both answers equal): no round trip on a conversation's first message.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.handoff import get_backend, row_pause_events
from bot.dsr_api.client import DsrClient, DsrUnavailable

logger = logging.getLogger(__name__)


def carried_over_slots(tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
    """What Rasa's own action does with carry_over_slots_to_new_session."""
    config = domain.get("session_config") or {}
    if not config.get("carry_over_slots_to_new_session", True):
        return []
    return [SlotSet(name, value) for name, value in tracker.slots.items() if value is not None]


class ActionSessionStart(Action):
    def __init__(self, backend: DsrClient | None = None) -> None:
        self._backend = backend

    def name(self) -> str:
        return "action_session_start"

    async def _row_says_paused(self, tracker: Tracker) -> bool:
        """The handoff row's answer, asked only for a session that ended paused."""
        if not tracker.is_paused():
            return False
        try:
            return await (self._backend or get_backend()).should_stay_paused(tracker.sender_id)
        except DsrUnavailable:
            return False  # the backend is down: better the assistant answers than nobody

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        events: list[EventType] = [SessionStarted(), *carried_over_slots(tracker, domain)]
        events.append(ActionExecuted("action_listen"))
        paused = await self._row_says_paused(tracker)
        if paused:
            logger.info("new session of a handed-over conversation stays paused")
        return [*events, *row_pause_events(paused)]

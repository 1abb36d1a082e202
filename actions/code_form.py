"""What the two forms share (request intake, status check): begin, collect the asked slot, check a code.

Subclasses say which slots they own and how each step goes; the order of a turn lives here once.
"""

from __future__ import annotations

from abc import abstractmethod
from typing import Any

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.intake_services import (
    IntakeServices,
    get_services,
    is_activation,
    is_fresh_input,
    latest_intent,
    latest_text,
    say,
    slot_events,
    slot_values,
)
from bot.chinese_script import TYPED_TEXT, as_typed
from bot.intake import flow, texts_fields
from bot.intake.identity_steps import CodeStep
from bot.intake.speech import Reply
from bot.slots import REQUESTED_SLOT

FAILURES_BEFORE_HINT = 3  # every third wrong code, say how to get a new one


class UsesServices:
    """Rasa builds actions without arguments; tests hand in fakes."""

    def __init__(self, services: IntakeServices | None = None) -> None:
        self._services = services

    @property
    def services(self) -> IntakeServices:
        return self._services or get_services()


class CodeCheckingForm(UsesServices, FormValidationAction):
    """One turn of a form whose last step is a code sent by email (abstract: Rasa SDK skips it)."""

    form: str
    all_slots: tuple[str, ...]
    code_slot: str
    failures_slot: str
    # Slots filed in the person's own characters when the message was read in others (bot/chinese_script.py).
    typed_slots: tuple[str, ...] = ()

    @abstractmethod
    def next_slots(self, slots: dict[str, Any]) -> list[str]:
        """The slots this form still needs, in order."""

    def begin_from(self, tracker: Tracker, text: str, intent: str | None, confidence: float) -> flow.Step:
        """The opening step; a form that reads the turn before overrides this."""
        return self.begin(text, intent, confidence)

    @abstractmethod
    def begin(self, text: str, intent: str | None, confidence: float) -> flow.Step:
        """The first turn: take what the activating message already says."""

    @abstractmethod
    def collect(
        self, slots: dict[str, Any], requested: str, text: str, intent: str | None, confidence: float
    ) -> flow.Step:
        """A turn answering the slot the form asked for (the code excepted)."""

    @abstractmethod
    async def code_step(self, slots: dict[str, Any], text: str, intent: str | None) -> flow.Step:
        """A turn answering the code question."""

    async def settle(self, tracker: Tracker, slots: dict[str, Any], step: flow.Step) -> flow.Step:
        """A last look at the turn with what it filled (`slots`); the status check may skip its code here."""
        return step

    async def required_slots(
        self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[str]:
        return self.next_slots(slot_values(tracker, self.all_slots))

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        slots = slot_values(tracker, self.all_slots)
        text = latest_text(tracker)
        intent, confidence = latest_intent(tracker)
        requested = tracker.get_slot(REQUESTED_SLOT)
        if is_activation(tracker, self.form):
            step = self.begin_from(tracker, text, intent, confidence)
        elif not is_fresh_input(tracker) or not requested:
            step = flow.Step(updates={self.failures_slot: slots.get(self.failures_slot) or {}})
        elif requested == self.code_slot:
            step = await self.code_step(slots, text, intent)
        else:
            step = self.collect(slots, requested, text, intent, confidence)
        if step.reject:
            return []  # nothing filled: Rasa rejects the form and a rule answers (cancel, FAQ, handoff)
        typed = str(tracker.latest_message.get(TYPED_TEXT) or text)
        for slot in self.typed_slots:
            if isinstance(step.updates.get(slot), str):
                step.updates[slot] = as_typed(step.updates[slot], text, typed)
        step = await self.settle(tracker, {**slots, **step.updates}, step)
        say(dispatcher, step.replies)
        merged = {**slots, **step.updates}
        next_slot = next((s for s in self.next_slots(merged) if merged.get(s) is None), None)
        return [*slot_events(step.updates), SlotSet(REQUESTED_SLOT, next_slot)]

    def count_failure(self, slots: dict[str, Any], outcome: CodeStep, replies: list[Reply]) -> dict[str, int]:
        """The failures slot after this code turn; adds the hint to `replies` every third failure."""
        failures = dict(slots.get(self.failures_slot) or {})
        if outcome.verification:
            failures.pop(self.code_slot, None)
        if outcome.failed:
            failures[self.code_slot] = failures.get(self.code_slot, 0) + 1
            if failures[self.code_slot] % FAILURES_BEFORE_HINT == 0:
                replies.append(texts_fields.THREE_FAILURES)
        return failures

"""Thin Rasa adapters for the status check: ticket id, then a code to the ticket's email, then status."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.intake import _UsesServices
from actions.intake_services import (
    is_activation,
    is_fresh_input,
    latest_intent,
    latest_text,
    say,
    slot_events,
    slot_values,
)
from bot.intake import extraction, flow, texts, verify
from bot.intake import status as status_flow
from bot.intake.texts import Reply

FORM = "status_form"


class ValidateStatusForm(_UsesServices, FormValidationAction):
    def name(self) -> str:
        return "validate_status_form"

    async def required_slots(
        self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[str]:
        return status_flow.required_slots(slot_values(tracker, status_flow.ALL_SLOTS))

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        slots = slot_values(tracker, status_flow.ALL_SLOTS)
        text = latest_text(tracker)
        intent, _ = latest_intent(tracker)
        requested = tracker.get_slot("requested_slot")
        if is_activation(tracker, FORM):
            step = status_flow.begin(text)
        elif not is_fresh_input(tracker) or not requested:
            step = flow.Step(updates={status_flow.FAILURES: slots.get(status_flow.FAILURES) or {}})
        elif requested == status_flow.CODE:
            step = await self._code_step(slots, text, intent)
        else:
            step = status_flow.collect_ticket_id(slots, text, intent)
        if step.reject:
            return []
        say(dispatcher, step.replies)
        merged = {**slots, **step.updates}
        next_slot = next((s for s in status_flow.required_slots(merged) if merged.get(s) is None), None)
        return [*slot_events(step.updates), SlotSet("requested_slot", next_slot)]

    async def _code_step(self, slots: dict[str, Any], text: str, intent: str | None) -> flow.Step:
        if intent in flow.REJECTING_INTENTS and not any(char.isdigit() for char in text):
            return flow.Step(reject=True)
        if extraction.is_cancel(text):
            return status_flow.cancel_here()
        client = self.services.client
        ticket_id = str(slots.get(status_flow.TICKET_ID))

        async def start() -> Any:
            return await client.start_status_verification(ticket_id)

        outcome = await verify.handle_code_message(client, slots.get(status_flow.CHALLENGE), text, start)
        failures = dict(slots.get(status_flow.FAILURES) or {})
        updates: dict[str, Any] = {}
        if outcome.challenge_id:
            updates[status_flow.CHALLENGE] = outcome.challenge_id
        replies = list(outcome.replies)
        if outcome.verification:
            ticket = outcome.verification.ticket
            updates[status_flow.RESULT] = asdict(ticket) if ticket else {}
            updates[status_flow.CODE] = "verified"
        if outcome.failed:
            failures[status_flow.CODE] = failures.get(status_flow.CODE, 0) + 1
            if failures[status_flow.CODE] % 3 == 0:
                replies.append(texts.THREE_FAILURES)
        updates[status_flow.FAILURES] = failures
        return flow.Step(updates=updates, replies=replies)


class AskStatusCode(_UsesServices, Action):
    """Sends a code to the ticket's email; the reply is the same whether or not the id exists."""

    def name(self) -> str:
        return "action_ask_status_code"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if tracker.get_slot(status_flow.CHALLENGE):
            say(dispatcher, [Reply("请输入邮件中的 6 位验证码（没收到可以回复“重发”）。")])
            return []
        client = self.services.client
        ticket_id = str(tracker.get_slot(status_flow.TICKET_ID))
        challenge_id, problem = await verify.start(lambda: client.start_status_verification(ticket_id))
        if challenge_id is None:
            say(dispatcher, [problem] if problem else [])
            return []
        say(dispatcher, [Reply(texts.STATUS_CODE_SENT)])
        return [SlotSet(status_flow.CHALLENGE, challenge_id)]


class ShowRequestStatus(Action):
    """Runs when the status form ends: shows the proven ticket's status, then forgets it."""

    def name(self) -> str:
        return "action_show_request_status"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        result = tracker.get_slot(status_flow.RESULT)
        if tracker.get_slot(status_flow.CODE) == "verified" and result:
            say(dispatcher, [status_flow.result_reply(result)])
        return [SlotSet(name, None) for name in (*status_flow.ALL_SLOTS, "requested_slot")]

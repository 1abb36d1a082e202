"""Thin Rasa adapters for the status check: ticket id, then a code to the ticket's email, then status."""

from __future__ import annotations

import logging
from dataclasses import asdict
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.code_form import CodeCheckingForm, UsesServices
from actions.intake_services import is_activation, say
from actions.language import language_of
from bot.dsr_api.client import REFUSALS, DsrUnavailable
from bot.intake import extraction, flow, identity_steps, speech, texts_identity, texts_status
from bot.intake import status as status_flow
from bot.intake.speech import Reply
from bot.slots import RECENT_FILING, REQUESTED_SLOT, STATUS_FORM

FORM = STATUS_FORM
logger = logging.getLogger(__name__)


class ValidateStatusForm(CodeCheckingForm):
    form = FORM
    all_slots = status_flow.ALL_SLOTS
    code_slot = status_flow.CODE
    failures_slot = status_flow.FAILURES

    def name(self) -> str:
        return "validate_status_form"

    def next_slots(self, slots: dict[str, Any]) -> list[str]:
        return status_flow.required_slots(slots)

    def begin(self, text: str, intent: str | None, confidence: float) -> flow.Step:
        return status_flow.begin(text)

    def collect(
        self, slots: dict[str, Any], requested: str, text: str, intent: str | None, confidence: float
    ) -> flow.Step:
        return status_flow.collect_ticket_id(slots, text, intent)

    async def settle(self, tracker: Tracker, slots: dict[str, Any], step: flow.Step) -> flow.Step:
        """Right after a filing here, its proof shows that ticket's status: no second code (#13)."""
        proof = status_flow.recent_proof(
            slots, tracker.get_slot(RECENT_FILING), opening=is_activation(tracker, self.form)
        )
        if proof is None:
            return step
        # Whatever the backend says, the check is about the ticket just filed; a stale proof means a code.
        updates = {**step.updates, status_flow.TICKET_ID: proof[0]}
        try:
            verification = await self.services.client.status_by_recent_proof(*proof)
        except (DsrUnavailable, *REFUSALS) as error:
            logger.info("recent filing proof not used (%s): a code is sent", type(error).__name__)
            verification = None
        if verification is not None and verification.ticket is not None:
            updates.update(status_flow.proven(asdict(verification.ticket)))
        return flow.Step(updates=updates, replies=step.replies)

    async def code_step(self, slots: dict[str, Any], text: str, intent: str | None) -> flow.Step:
        if intent in flow.REJECTING_INTENTS and not any(char.isdigit() for char in text):
            return flow.Step(reject=True)
        if extraction.is_cancel(text):
            return status_flow.cancel_here()
        client = self.services.client
        ticket_id = str(slots.get(status_flow.TICKET_ID))

        async def start() -> Any:
            return await client.start_status_verification(ticket_id, speech.current_language())

        challenge = slots.get(status_flow.CHALLENGE)
        outcome = await identity_steps.handle_code_message(client, challenge, text, start)
        updates: dict[str, Any] = {}
        if outcome.challenge_id:
            updates[status_flow.CHALLENGE] = outcome.challenge_id
        if outcome.verification:
            ticket = outcome.verification.ticket
            updates[status_flow.RESULT] = asdict(ticket) if ticket else {}
            updates[status_flow.CODE] = "verified"
        replies = list(outcome.replies)
        updates[status_flow.FAILURES] = self.count_failure(slots, outcome, replies)
        return flow.Step(updates=updates, replies=replies)


class AskStatusCode(UsesServices, Action):
    """Sends a code to the ticket's email; the reply is the same whether or not the id exists."""

    def name(self) -> str:
        return "action_ask_status_code"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if tracker.get_slot(status_flow.CHALLENGE):
            say(dispatcher, [Reply(texts_identity.CODE_AGAIN)])
            return []
        client = self.services.client
        ticket_id = str(tracker.get_slot(status_flow.TICKET_ID))
        challenge_id, problem = await identity_steps.start(
            lambda: client.start_status_verification(ticket_id, language_of(tracker))
        )
        if challenge_id is None:
            say(dispatcher, [problem] if problem else [])
            return []
        say(dispatcher, [Reply(texts_status.STATUS_CODE_SENT)])
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
        return [SlotSet(name, None) for name in (*status_flow.ALL_SLOTS, REQUESTED_SLOT)]

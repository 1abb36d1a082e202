"""Thin Rasa adapters for the request form: read slots, call `bot.intake`, return events and messages."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.code_form import CodeCheckingForm, UsesServices
from actions.intake_services import (
    channel_of,
    latest_text,
    previous_user_text,
    say,
    slot_values,
)
from actions.language import language_of
from bot.dsr_api.client import REFUSALS, DsrUnavailable
from bot.intake import (
    field_reading,
    filing,
    flow,
    identity_steps,
    speech,
    texts_declines,
    texts_fields,
    texts_identity,
)
from bot.intake import status as status_flow
from bot.intake.answers import mask_email
from bot.intake.right_question import starts_own_request
from bot.intake.speech import Reply
from bot.intake.third_party import is_third_party
from bot.language import SWITCHED, only_asks_to_switch
from bot.slots import INTAKE_FORM, RECENT_FILING, REQUESTED_SLOT, STATUS_TICKET_ID

FORM = INTAKE_FORM
logger = logging.getLogger(__name__)


class ValidateIntakeForm(CodeCheckingForm):
    form = FORM
    all_slots = flow.ALL_SLOTS
    code_slot = flow.CODE
    failures_slot = flow.FAILURES
    typed_slots = (flow.NAME, flow.DETAILS)

    def name(self) -> str:
        return "validate_intake_form"

    def next_slots(self, slots: dict[str, Any]) -> list[str]:
        return flow.required_slots(slots)

    def begin(self, text: str, intent: str | None, confidence: float) -> flow.Step:
        return flow.begin(text, intent, confidence)

    def begin_from(self, tracker: Tracker, text: str, intent: str | None, confidence: float) -> flow.Step:
        earlier = previous_user_text(tracker)
        going_ahead = field_reading.goes_ahead_with_earlier(text, earlier)
        if going_ahead or field_reading.continues_request(text, earlier):
            return flow.begin(text, intent, confidence, earlier=earlier)
        return flow.begin(text, intent, confidence)

    def collect(
        self, slots: dict[str, Any], requested: str, text: str, intent: str | None, confidence: float
    ) -> flow.Step:
        return flow.collect(slots, requested, text, intent, confidence)

    async def code_step(self, slots: dict[str, Any], text: str, intent: str | None) -> flow.Step:
        first = flow.before_code(slots, text, intent)
        if first:
            return first
        client = self.services.client
        email = str(slots.get(flow.EMAIL))

        async def start() -> Any:
            return await client.start_email_verification(email, speech.current_language())

        outcome = await identity_steps.handle_code_message(client, slots.get(flow.CHALLENGE), text, start)
        updates: dict[str, Any] = {}
        if outcome.challenge_id:
            updates[flow.CHALLENGE] = outcome.challenge_id
        if outcome.verification:
            updates.update({flow.TOKEN: outcome.verification.verification_token, flow.CODE: "verified"})
        replies = list(outcome.replies)
        updates[flow.PENDING] = None
        updates[flow.FAILURES] = self.count_failure(slots, outcome, replies)
        return flow.Step(updates=updates, replies=replies)


class _AskPrompt(Action):
    """Asks for one slot with its prompt from bot/intake/texts_fields.py (kept out of domain responses)."""

    slot = ""

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if tracker.get_slot(flow.PENDING):
            return []  # our own question ("cancel the whole request?") was just asked instead
        if self.slot == flow.DETAILS:
            prompt = Reply(
                texts_fields.DETAILS_PROMPTS.get(
                    str(tracker.get_slot(flow.TYPE)), texts_fields.DETAILS_PROMPTS["access"]
                )
            )
        else:
            prompt = texts_fields.PROMPTS[self.slot]
        say(dispatcher, [prompt])
        return []


class AskIntakeType(_AskPrompt):
    slot = flow.TYPE


class AskIntakeScenario(_AskPrompt):
    slot = flow.SCENARIO


class AskIntakeName(_AskPrompt):
    slot = flow.NAME


class AskIntakeEmail(_AskPrompt):
    slot = flow.EMAIL


class AskIntakePhone(_AskPrompt):
    slot = flow.PHONE


class AskIntakeDetails(_AskPrompt):
    slot = flow.DETAILS


class AskStatusTicketId(_AskPrompt):
    slot = STATUS_TICKET_ID


class AskIntakeProceed(Action):
    def name(self) -> str:
        return "action_ask_intake_proceed"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if tracker.get_slot(flow.PENDING):
            return []
        say(dispatcher, [flow.notice(slot_values(tracker, flow.ALL_SLOTS))])
        return []


class AskIntakeCode(UsesServices, Action):
    """Starts the email verification the first time the code is asked for."""

    def name(self) -> str:
        return "action_ask_intake_code"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        email = str(tracker.get_slot(flow.EMAIL))
        if tracker.get_slot(flow.PENDING):
            return []
        if tracker.get_slot(flow.CHALLENGE):
            say(dispatcher, [Reply(texts_identity.CODE_AGAIN)])
            return []
        client = self.services.client
        challenge_id, problem = await identity_steps.start(
            lambda: client.start_email_verification(email, language_of(tracker))
        )
        if challenge_id is None:
            say(dispatcher, [problem] if problem else [])
            return []
        say(
            dispatcher,
            [Reply(texts_identity.CODE_SENT.format(email=mask_email(email)))],
        )
        return [SlotSet(flow.CHALLENGE, challenge_id)]


class AskIntakeConfirmed(Action):
    def name(self) -> str:
        return "action_ask_intake_confirmed"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if tracker.get_slot(flow.PENDING):
            return []
        say(dispatcher, [filing.summary(slot_values(tracker, flow.ALL_SLOTS))])
        return []


async def _withdraw(action: UsesServices, slots: dict[str, Any]) -> None:
    """Nothing was filed: the backend erases the challenge and code mails (else retention does, in a day)."""
    challenge = slots.get(flow.CHALLENGE)
    if not challenge:
        return
    try:
        await action.services.client.withdraw(str(challenge))
    except (DsrUnavailable, *REFUSALS) as error:
        logger.warning("withdrawn challenge not erased now: %s", type(error).__name__)


def _reset_all() -> list[EventType]:
    names = (*flow.ALL_SLOTS, *status_flow.ALL_SLOTS, REQUESTED_SLOT)
    return [SlotSet(name, None) for name in names]


class SubmitIntake(UsesServices, Action):
    """Runs when the form ends: files a confirmed request, or does nothing after a decline."""

    def name(self) -> str:
        return "action_submit_intake"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        slots = slot_values(tracker, flow.ALL_SLOTS)
        if not filing.is_ready(slots):
            await _withdraw(self, slots)
            return _reset_all()
        services = self.services
        submission = await filing.file_request(
            slots,
            conversation_id=tracker.sender_id,
            channel=channel_of(tracker),
            client=services.client,
            store=services.store,
            language=language_of(tracker),
        )
        say(dispatcher, submission.replies)
        recent = filing.recent_filing(slots, submission)
        return [*_reset_all(), *([SlotSet(RECENT_FILING, recent)] if recent else [])]


class CancelIntake(UsesServices, Action):
    """After a cancel: say that nothing was filed, and erase what was collected."""

    def name(self) -> str:
        return "action_cancel_intake"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        await _withdraw(self, slot_values(tracker, flow.ALL_SLOTS))
        say(dispatcher, [texts_declines.CANCELLED])
        return _reset_all()


class Acknowledge(Action):
    """A "好的" / "不用了" with nothing under way still gets an answer (no message goes unanswered)."""

    def name(self) -> str:
        return "action_acknowledge"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        say(dispatcher, [texts_declines.ANYTHING_ELSE])
        return []


class DeclineOutOfScope(Action):
    """Out of scope; but a request about someone else's data is told who can ask, and how."""

    def name(self) -> str:
        return "action_decline_out_of_scope"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        text = latest_text(tracker)
        switched = only_asks_to_switch(text)
        if switched is not None:
            dispatcher.utter_message(text=SWITCHED[switched])  # "please answer in English" is in scope
            return []
        if is_third_party(text):
            say(dispatcher, [texts_declines.THIRD_PARTY])
        elif starts_own_request(text, previous_user_text(tracker)):
            return [FollowupAction(FORM)]  # a request the classifier missed: the form takes it from here
        else:
            dispatcher.utter_message(response="utter_out_of_scope")
        return []

"""What one user message means for the request form: which slots it fills, clears or refuses.

Pure rules over plain dicts, so the whole conversation logic is unit-tested without Rasa; the
form-validation action only turns a `Step` into SlotSet events and messages.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from bot.intake import decisions, extraction, texts_declines, texts_fields, understanding
from bot.intake.answers import (
    FieldResult,
    Invalid,
    Valid,
)
from bot.intake.decisions import cancel_here, change_field, decline_third_party
from bot.intake.details_reading import carries_details
from bot.intake.field_reading import (
    INTENT_TYPES,
    REJECTING_INTENTS,
    VALIDATORS,
    is_statement,
    prefill,
    take_bare_name,
    type_from,
    value_for,
)
from bot.intake.opening import SELF_SERVICE_TYPES, opening_note
from bot.intake.speech import Reply
from bot.intake.third_party import is_third_party
from bot.intake.turn import (
    ALL_SLOTS,
    CHALLENGE,
    CODE,
    CONFIRMED,
    DETAILS,
    EMAIL,
    FAILURES,
    NAME,
    OUTCOME,
    PENDING,
    PHONE,
    PROCEED,
    RUN_ID,
    SCENARIO,
    TOKEN,
    TYPE,
    Step,
    failure,
    keep_asking,
    success,
)

__all__ = [
    "ALL_SLOTS",
    "CHALLENGE",
    "CODE",
    "CONFIRMED",
    "DETAILS",
    "EMAIL",
    "FAILURES",
    "NAME",
    "OUTCOME",
    "PENDING",
    "PHONE",
    "PROCEED",
    "RUN_ID",
    "SCENARIO",
    "TOKEN",
    "TYPE",
    "Step",
    "begin",
    "collect",
    "before_code",
    "cancel_here",
    "change_field",
    "decline_third_party",
    "needs_notice",
    "notice",
    "required_slots",
    "REJECTING_INTENTS",
    "INTENT_TYPES",
]


def needs_notice(slots: dict[str, Any]) -> bool:
    """Product data belongs to the customer; after-sales and recruitment data has self-service pages."""
    scenario, request_type = slots.get(SCENARIO), slots.get(TYPE)
    return scenario == "product" or (
        scenario in texts_declines.SELF_SERVICE_NOTICE and request_type in SELF_SERVICE_TYPES
    )


def required_slots(slots: dict[str, Any]) -> list[str]:
    """The form's questions, in order; none once the run has an outcome (declined, not wanted)."""
    if slots.get(OUTCOME):
        return []
    notice_slot = [PROCEED] if needs_notice(slots) else []
    return [TYPE, SCENARIO, *notice_slot, NAME, EMAIL, PHONE, DETAILS, CODE, CONFIRMED]


def notice(slots: dict[str, Any]) -> Reply:
    """The policy note shown before asking whether to file anyway."""
    if slots.get(SCENARIO) == "product":
        body = texts_declines.PRODUCT_NOTICE
    else:
        body = texts_declines.SELF_SERVICE_NOTICE[str(slots.get(SCENARIO))]
    return Reply(f"{body}\n{texts_declines.PROCEED_QUESTION}", texts_declines.PROCEED_BUTTONS)


def begin(text: str, intent: str | None, confidence: float, earlier: str = "") -> Step:
    """A new run: forget any earlier run, then take everything the opening message already says.

    `earlier` is the person's previous message when this one only carries a contact or a vague "查一下"
    (they go ahead with the request stated just before): its request type and source are kept.
    """
    step = Step(updates={slot: None for slot in ALL_SLOTS})
    step.updates[RUN_ID] = uuid.uuid4().hex
    step.updates[FAILURES] = {}
    if is_third_party(text):
        step.updates[OUTCOME] = "third_party"
        step.replies.append(texts_declines.THIRD_PARTY)
        return step
    stated_before = extraction.detect_request_type(earlier)
    vague = stated_before and extraction.vaguely_typed(text)
    step.updates[TYPE] = (None if vague else type_from(text, intent, confidence)) or stated_before
    found = Step()
    prefill(text, {}, found, with_details=True)
    for clause in re.split(r"[，,。；;]", text):  # "王磊，wang@x.com，电话不留": one message with everything
        take_bare_name(clause, found.updates, found)
        if understanding.is_skip(clause) and re.search(r"手机|电话|phone|mobile", clause, re.I):
            found.updates.setdefault(PHONE, "")
    if earlier and not found.updates.get(SCENARIO):
        found.updates[SCENARIO] = extraction.detect_scenario(earlier)
    step.updates.update(found.updates)
    note = opening_note(text, step.updates[TYPE], step.updates.get(SCENARIO))
    step.replies.extend([note] if note else [])
    return step


def _change_of_mind(slots: dict[str, Any], requested: str, text: str) -> Step | None:
    """A correction of something already given, or a new request type, at any step."""
    target = understanding.correction_target(text, requested, slots.get(TYPE))
    if requested != TYPE:
        switched = understanding.type_switch(text, slots.get(TYPE))
        # "名字错了，不是李静，是黎静" corrects the name given here; it does not ask for a correction request.
        fixes_field = switched == "correction" and target and target != requested and slots.get(target)
        if switched and not fixes_field:
            return decisions.change_type(slots, switched)
    if target and target != requested and slots.get(target) is not None:
        return change_field(slots, target, text)
    new_email = extraction.find_email(text)
    after_email = requested in (CODE, CONFIRMED) or understanding.changes_contact(text)
    if requested == DETAILS and slots.get(TYPE) == "correction":
        after_email = understanding.correction_target(text, requested, "correction") == EMAIL
    if slots.get(EMAIL) and new_email and new_email != slots.get(EMAIL) and after_email:
        return change_field(slots, EMAIL, text)
    return None


def _first_reading(slots: dict[str, Any], requested: str, text: str, intent: str | None) -> Step | None:
    """What any prompt understands the same way: pending cancel, why-questions, corrections, cancel."""
    if slots.get(PENDING) == "cancel":
        answered = decisions.cancel_answer(slots, text)
        if answered:
            return answered
    if text.startswith("/"):
        if text.startswith(("/stop", "/human_handoff")):
            return Step(reject=True)
        if text == "/deny" and requested not in (PROCEED, PHONE):
            return decisions.ask_cancel(slots)
        payload_type = INTENT_TYPES.get((intent or "") if intent in INTENT_TYPES else text[1:].split("{")[0])
        if payload_type and requested != TYPE and payload_type != slots.get(TYPE):
            return decisions.change_type(slots, payload_type)
        return None
    asked = understanding.field_questioned(text, requested)
    wants_phone_only = extraction.find_phone(text) or understanding.has_no_email(text)
    if asked == EMAIL and wants_phone_only and not slots.get(EMAIL):
        return decisions.no_email(slots, text)  # why the email, from someone who would rather leave a phone
    if asked:
        return keep_asking(slots, texts_fields.FIELD_PURPOSES[asked])
    if is_third_party(text):
        return decline_third_party()
    changed = _change_of_mind(slots, requested, text)
    if changed:
        return changed
    if understanding.is_explicit_cancel(text):
        return cancel_here()
    # The classifier's "stop" on an address or a sentence is not a cancel; on a short message it may be.
    stop_read = intent == "stop" and len(text.strip()) <= 12 and not extraction.find_email(text)
    if requested not in (PROCEED, PHONE) and (understanding.is_no(text) or stop_read):
        return decisions.ask_cancel(slots)
    if intent == "human_handoff":
        return Step(reject=True)
    return None


def before_code(slots: dict[str, Any], text: str, intent: str | None) -> Step | None:
    """At the code prompt, everything but the code itself; None means: check it as a code."""
    first = _first_reading(slots, CODE, text, intent)
    if first:
        return first
    if understanding.is_yes(text):
        return keep_asking(slots)
    if not re.search(r"\d{4,}", text):
        added = keep_asking(slots)
        prefill(text, slots, added, with_details=True)
        if added.updates.get(DETAILS):
            # More about the request, at the code prompt.
            added.replies.append(Reply(texts_fields.DETAILS_ADDED))
            return added
    if intent in REJECTING_INTENTS and not any(char.isdigit() for char in text):
        return Step(reject=True)
    return None


def _digression(slots: dict[str, Any], requested: str, text: str, intent: str | None) -> Step:
    """Neither an answer nor a known change: answer it (or hand it to a rule), then ask again."""
    question = extraction.is_question(text)
    if intent in REJECTING_INTENTS or (intent == "nlu_fallback" and question):
        return Step(reject=True)
    if intent in texts_fields.SMALL_TALK:
        return keep_asking(slots, texts_fields.SMALL_TALK[intent])
    if question:
        return keep_asking(slots, texts_fields.QUESTION_NOT_STORED)
    if understanding.is_yes(text):
        return keep_asking(slots)
    return failure(
        slots, requested, texts_fields.NOT_UNDERSTOOD.get(requested, texts_fields.NOT_UNDERSTOOD_DEFAULT)
    )


def collect(
    slots: dict[str, Any], requested: str, text: str, intent: str | None, confidence: float = 1.0
) -> Step:
    """A fresh message while the form asks `requested` (any slot except the code)."""
    first = _first_reading(slots, requested, text, intent)
    if first:
        return first
    if requested == CONFIRMED:
        return decisions.summary_answer(slots, text, intent) or _digression(slots, requested, text, intent)
    if requested == PROCEED:
        step = decisions.proceed_answer(slots, text, intent) or Step()
        if step.updates.get(PROCEED) and is_statement(text):
            prefill(text, slots, step, with_details=True)  # "帮我改成158…": go on, and that is what to do
        if not step.updates:
            prefill(text, slots, step, with_details=is_statement(text))
            take_bare_name(text, slots, step)
            if not step.updates:
                if intent in REJECTING_INTENTS or extraction.is_question(text):
                    return _digression(slots, requested, text, intent)
                return keep_asking(slots, texts_declines.PROCEED_AGAIN)
            step.updates[PROCEED] = True
        return step
    if requested != EMAIL and understanding.has_no_email(text) and not slots.get(EMAIL):
        return decisions.no_email(slots, text)

    value = value_for(slots, requested, text, intent, confidence)
    if value is None:
        if requested == EMAIL and (understanding.has_no_email(text) or extraction.find_phone(text)):
            return decisions.no_email(slots, text)
        step = keep_asking(slots)
        prefill(text, slots, step, with_details=requested != DETAILS and is_statement(text))
        take_bare_name(text, slots, step)
        if len(step.updates) > 2:
            return step
        return _digression(slots, requested, text, intent)

    checked = requested in VALIDATORS and value
    result: FieldResult = VALIDATORS[requested](value) if checked else Valid(value)
    if isinstance(result, Invalid):
        return failure(slots, requested, result.reason)
    step = success(slots, requested, result.value)
    step.updates[PENDING] = None
    if requested != DETAILS:
        with_details = requested in (TYPE, SCENARIO) and is_statement(text)
        prefill(text, {**slots, requested: result.value}, step, with_details=with_details)
    if requested == SCENARIO and result.value == "other":
        _keep_source(slots, text, step)
    return step


_OTHER_WORDS = re.compile(r"^(都不是|都不对|其他|其它|别的|other|none of (these|them))[的，,。\s]*", re.I)


def _keep_source(slots: dict[str, Any], text: str, step: Step) -> None:
    """ "都不是，我是在公众号抽奖活动登记的": no listed source fits, so where the data came from is kept in
    the details, or the privacy team would not know where to look."""
    source = carries_details(_OTHER_WORDS.sub("", text.strip()))
    if not source or len(source) < 6:
        return
    earlier = step.updates.get(DETAILS) or slots.get(DETAILS)
    if not earlier:
        step.updates[DETAILS] = source
    elif source not in earlier:
        step.updates[DETAILS] = f"{earlier}；{source}"

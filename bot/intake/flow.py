"""What one user message means for the request form: which slots it fills, clears or refuses.

Pure rules over plain dicts, so the whole conversation logic is unit-tested without Rasa; the
form-validation action only turns a `Step` into SlotSet events and messages.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from bot.intake import decisions, extraction, texts, understanding
from bot.intake.answers import (
    FieldResult,
    Invalid,
    Valid,
    validate_details,
    validate_email,
    validate_name,
    validate_phone,
)
from bot.intake.decisions import cancel_here, change_field, decline_third_party
from bot.intake.texts import Reply
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
    "ALL_SLOTS", "CHALLENGE", "CODE", "CONFIRMED", "DETAILS", "EMAIL", "FAILURES", "NAME", "OUTCOME",
    "PENDING", "PHONE", "PROCEED", "RUN_ID", "SCENARIO", "TOKEN", "TYPE", "Step", "begin", "collect",
    "before_code", "cancel_here", "change_field", "decline_third_party", "needs_notice", "notice",
    "required_slots",
]

INTENT_TYPES = {
    "request_access": "access",
    "request_correction": "correction",
    "request_deletion": "deletion",
    "request_account_closure": "account_closure",
}
# Intents that hand the turn to a rule (policy answer, decline, handoff) instead of filling a field.
REJECTING_INTENTS = {"human_handoff", "faq", "out_of_scope", "bot_challenge", "goodbye"}
NON_FIELD_INTENTS = REJECTING_INTENTS | {"greet", "thank", "stop"}
_CONFIDENT = 0.8
FIELDS = (NAME, EMAIL, PHONE, DETAILS)


def needs_notice(slots: dict[str, Any]) -> bool:
    """Product data belongs to the customer; after-sales and recruitment data has self-service pages."""
    scenario, request_type = slots.get(SCENARIO), slots.get(TYPE)
    return scenario == "product" or (
        scenario in ("after_sales", "recruitment") and request_type in ("access", "correction")
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
        body = texts.PRODUCT_NOTICE
    else:
        body = texts.SELF_SERVICE_NOTICE[str(slots.get(SCENARIO))]
    return Reply(f"{body}\n{texts.PROCEED_QUESTION}", texts.PROCEED_BUTTONS)


def _type_from(text: str, intent: str | None, confidence: float) -> str | None:
    detected = extraction.detect_request_type(text)
    if detected:
        return detected
    if intent in INTENT_TYPES and (text.startswith("/") or confidence >= 0.85):
        return INTENT_TYPES[intent]
    return None


_VALIDATORS = {NAME: validate_name, EMAIL: validate_email, PHONE: validate_phone, DETAILS: validate_details}


def _is_statement(text: str) -> bool:
    """A sentence that acts on the data ("我投的简历，想删掉"): usable as details; "简历那个" is not."""
    return not extraction.is_question(text) and bool(extraction.detect_request_type(text))


def _prefill(text: str, slots: dict[str, Any], step: Step, *, with_details: bool = False) -> None:
    """Fill every still-empty field the message mentions; invalid values are simply asked for later."""
    if text.startswith("/"):
        return  # a button payload names an intent; it is never a name or the request's details
    found = extraction.extract(text)
    candidates = {
        SCENARIO: found.scenario,
        NAME: found.name,
        EMAIL: found.email,
        PHONE: found.phone,
        DETAILS: understanding.carries_details(text) if with_details else None,
    }
    for slot, value in candidates.items():
        if value is None or slots.get(slot) is not None or step.updates.get(slot) is not None:
            continue
        if slot in _VALIDATORS:
            result = _VALIDATORS[slot](value)
            if isinstance(result, Valid):
                step.updates[slot] = result.value
        else:
            step.updates[slot] = value


def begin(text: str, intent: str | None, confidence: float) -> Step:
    """A new run: forget any earlier run, then take everything the opening message already says."""
    step = Step(updates={slot: None for slot in ALL_SLOTS})
    step.updates[RUN_ID] = uuid.uuid4().hex
    step.updates[FAILURES] = {}
    if extraction.is_third_party(text):
        step.updates[OUTCOME] = "third_party"
        step.replies.append(texts.THIRD_PARTY)
        return step
    step.updates[TYPE] = _type_from(text, intent, confidence)
    found = Step()
    _prefill(text, {}, found, with_details=True)
    step.updates.update(found.updates)
    return step


_EMAIL_INTRO = re.compile(r"^(我的)?(电子)?(邮箱|邮件|电邮|email|e-mail)(地址)?(是|为)?[:：\s]*", re.I)


def _email_candidate(text: str) -> str | None:
    """The whole answer when it is only an address, so "wu ting@x.com" is refused, not half-read."""
    remainder = _EMAIL_INTRO.sub("", text.strip())
    if "@" in remainder and not re.search(r"[\u4e00-\u9fff]", remainder):
        return remainder
    return extraction.find_email(text)


def _name_candidate(text: str, free_text: bool) -> str | None:
    """An introduced name, or the whole short answer; never an address, a number or a yes."""
    found = extraction.find_name(text)
    if found:
        return found
    if not free_text:
        return None
    rest = text
    for contact in (extraction.find_email(text), extraction.find_phone(text)):
        rest = rest.replace(contact, " ") if contact else rest
    value = re.sub(r"^(姓名|名字)[:：\s]*", "", rest.strip(" ，,。.!！:："))
    if not value or understanding.is_yes(value) or understanding.is_no(value) or _is_statement(value):
        return None
    return value if len(value) <= 30 and not re.search(r"[，,。；;]", value) else None


def _value(
    slots: dict[str, Any], requested: str, text: str, intent: str | None, confidence: float
) -> str | None:
    """The answer to the asked field in this message, if it holds one."""
    question = extraction.is_question(text)
    chatter = intent in NON_FIELD_INTENTS and confidence >= _CONFIDENT and len(text.strip()) <= 10
    if requested == TYPE:
        return _type_from(text, intent, confidence) or understanding.choice(text, extraction.REQUEST_TYPES)
    if requested == SCENARIO:
        return extraction.detect_scenario(text) or understanding.choice(text, extraction.SCENARIOS)
    if requested == NAME:
        return _name_candidate(text, free_text=not question and not chatter)
    if requested == EMAIL:
        return _email_candidate(text)
    if requested == PHONE:
        return "" if understanding.is_skip(text) else extraction.find_phone(text) or (
            text.strip() if re.fullmatch(r"[\d\s+\-()（）０-９]{5,}", text.strip()) else None
        )
    if requested == DETAILS and not question and not chatter and not understanding.is_yes(text):
        return text.strip()
    return None


def _change_of_mind(slots: dict[str, Any], requested: str, text: str) -> Step | None:
    """A correction of something already given, or a new request type, at any step."""
    if requested != TYPE:
        switched = understanding.type_switch(text, slots.get(TYPE))
        if switched:
            return decisions.change_type(slots, switched)
    target = understanding.correction_target(text, requested, slots.get(TYPE))
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
    if asked:
        return keep_asking(slots, texts.FIELD_PURPOSES[asked])
    if extraction.is_third_party(text):
        return decline_third_party()
    changed = _change_of_mind(slots, requested, text)
    if changed:
        return changed
    if understanding.is_explicit_cancel(text):
        return cancel_here()
    if requested not in (PROCEED, PHONE) and (understanding.is_no(text) or intent == "stop"):
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
    if intent in REJECTING_INTENTS and not any(char.isdigit() for char in text):
        return Step(reject=True)
    return None


def _digression(slots: dict[str, Any], requested: str, text: str, intent: str | None) -> Step:
    """Neither an answer nor a known change: answer it (or hand it to a rule), then ask again."""
    question = extraction.is_question(text)
    if intent in REJECTING_INTENTS or (intent == "nlu_fallback" and question):
        return Step(reject=True)
    if intent in texts.SMALL_TALK:
        return keep_asking(slots, texts.SMALL_TALK[intent])
    if question:
        return keep_asking(slots, texts.QUESTION_NOT_STORED)
    if understanding.is_yes(text):
        return keep_asking(slots)
    return failure(slots, requested, texts.NOT_UNDERSTOOD.get(requested, texts.NOT_UNDERSTOOD_DEFAULT))


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
        if not step.updates:
            _prefill(text, slots, step, with_details=_is_statement(text))
            _bare_name(text, slots, step)
            if not step.updates:
                if intent in REJECTING_INTENTS or extraction.is_question(text):
                    return _digression(slots, requested, text, intent)
                return keep_asking(slots, texts.PROCEED_AGAIN)
            step.updates[PROCEED] = True
        return step
    if requested != EMAIL and understanding.has_no_email(text) and not slots.get(EMAIL):
        return decisions.no_email(slots, text)

    value = _value(slots, requested, text, intent, confidence)
    if value is None:
        if requested == EMAIL and (understanding.has_no_email(text) or extraction.find_phone(text)):
            return decisions.no_email(slots, text)
        step = keep_asking(slots)
        _prefill(text, slots, step, with_details=requested != DETAILS and _is_statement(text))
        _bare_name(text, slots, step)
        if len(step.updates) > 2:
            return step
        return _digression(slots, requested, text, intent)

    checked = requested in _VALIDATORS and value
    result: FieldResult = _VALIDATORS[requested](value) if checked else Valid(value)
    if isinstance(result, Invalid):
        return failure(slots, requested, result.reason)
    step = success(slots, requested, result.value)
    step.updates[PENDING] = None
    if requested != DETAILS:
        with_details = requested in (TYPE, SCENARIO) and _is_statement(text)
        _prefill(text, {**slots, requested: result.value}, step, with_details=with_details)
    return step


def _bare_name(text: str, slots: dict[str, Any], step: Step) -> None:
    """A bare name typed at another prompt ("王明") fills the name, so it is not asked again."""
    if slots.get(NAME) is None and step.updates.get(NAME) is None:
        name = understanding.bare_name(text)
        if name:
            step.updates[NAME] = name

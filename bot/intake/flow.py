"""What one user message means for the request form: which slots it fills, clears or refuses.

Pure rules over plain dicts, so the whole conversation logic is unit-tested without Rasa; the
form-validation action only turns a `Step` into SlotSet events and messages.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from bot.intake import extraction, texts
from bot.intake.answers import (
    FieldResult,
    Invalid,
    Valid,
    validate_details,
    validate_email,
    validate_name,
    validate_phone,
)
from bot.intake.texts import Reply
from bot.slots import (
    INTAKE_CHALLENGE as CHALLENGE,
)
from bot.slots import (
    INTAKE_CODE as CODE,
)
from bot.slots import (
    INTAKE_CONFIRMED as CONFIRMED,
)
from bot.slots import (
    INTAKE_DETAILS as DETAILS,
)
from bot.slots import (
    INTAKE_EMAIL as EMAIL,
)
from bot.slots import (
    INTAKE_FAILURES as FAILURES,
)
from bot.slots import (
    INTAKE_NAME as NAME,
)
from bot.slots import (
    INTAKE_OUTCOME as OUTCOME,
)
from bot.slots import (
    INTAKE_PHONE as PHONE,
)
from bot.slots import (
    INTAKE_PROCEED as PROCEED,
)
from bot.slots import (
    INTAKE_RUN_ID as RUN_ID,
)
from bot.slots import (
    INTAKE_SCENARIO as SCENARIO,
)
from bot.slots import (
    INTAKE_TOKEN as TOKEN,
)
from bot.slots import (
    INTAKE_TYPE as TYPE,
)

ALL_SLOTS = (
    TYPE,
    SCENARIO,
    PROCEED,
    NAME,
    EMAIL,
    PHONE,
    DETAILS,
    CODE,
    CONFIRMED,
    RUN_ID,
    CHALLENGE,
    TOKEN,
    FAILURES,
    OUTCOME,
)

INTENT_TYPES = {
    "request_access": "access",
    "request_correction": "correction",
    "request_deletion": "deletion",
    "request_account_closure": "account_closure",
}
# Intents that hand the turn to a rule (cancel, handoff, policy answer) instead of filling a field.
REJECTING_INTENTS = {"stop", "human_handoff", "faq", "out_of_scope", "bot_challenge", "goodbye"}
NON_FIELD_INTENTS = REJECTING_INTENTS | {"greet", "thank"}
_CONFIDENT = 0.8
_AFFIRM = re.compile(r"^(确认|确定|提交|没问题|正确|是的|对的?|好的?|可以|嗯|ok|yes|confirm)", re.I)
_DENY = re.compile(r"^(不用|不要|不了|否|no\b)", re.I)
_CHANGE = re.compile(r"修改|更改|改一下|改成|改为|换成|换一个|写错|填错|不对|change", re.I)
_CHANGE_FIELDS = (
    (NAME, re.compile(r"姓名|名字|name", re.I)),
    (EMAIL, re.compile(r"邮箱|邮件|email|e-mail|mail", re.I)),
    (PHONE, re.compile(r"手机|电话|号码|phone", re.I)),
    (DETAILS, re.compile(r"说明|详情|内容|描述|details", re.I)),
    (TYPE, re.compile(r"类型|type", re.I)),
    (SCENARIO, re.compile(r"来源|场景", re.I)),
)


@dataclass
class Step:
    """Slot changes and messages for one turn; `reject` lets a rule handle the message instead."""

    updates: dict[str, Any] = field(default_factory=dict)
    replies: list[Reply] = field(default_factory=list)
    reject: bool = False


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
    notice = [PROCEED] if needs_notice(slots) else []
    return [TYPE, SCENARIO, *notice, NAME, EMAIL, PHONE, DETAILS, CODE, CONFIRMED]


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


def _prefill(text: str, slots: dict[str, Any], step: Step, *, with_details: bool = False) -> None:
    """Fill every still-empty field the message mentions; invalid values are simply asked for later.

    Free-text details are only taken from the opening message: mid-form, a stray "谢谢" is not a request.
    """
    found = extraction.extract(text)
    candidates = {
        SCENARIO: found.scenario,
        NAME: found.name,
        EMAIL: found.email,
        PHONE: found.phone,
        DETAILS: found.details if with_details else None,
    }
    for slot, value in candidates.items():
        if value is None or slots.get(slot) is not None or slot in step.updates:
            continue
        if slot in _VALIDATORS:
            result = _VALIDATORS[slot](value)
            if isinstance(result, Valid):
                step.updates[slot] = result.value
        else:
            step.updates[slot] = value


def cancel_here() -> Step:
    """ "算了" that NLU did not read as `stop`: the form ends itself, and nothing is filed."""
    return Step(updates={OUTCOME: "cancelled"}, replies=[texts.CANCELLED])


def decline_third_party() -> Step:
    return Step(updates={OUTCOME: "third_party"}, replies=[texts.THIRD_PARTY])


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


def _failure(slots: dict[str, Any], slot: str, reason: str) -> Step:
    failures = dict(slots.get(FAILURES) or {})
    failures[slot] = failures.get(slot, 0) + 1
    replies = [Reply(reason)]
    if failures[slot] % 3 == 0:
        replies.append(texts.THREE_FAILURES)
    return Step(updates={slot: None, FAILURES: failures}, replies=replies)


def _success(slots: dict[str, Any], slot: str, value: Any) -> Step:
    failures = {key: count for key, count in (slots.get(FAILURES) or {}).items() if key != slot}
    return Step(updates={slot: value, FAILURES: failures})


def _keep_asking(slots: dict[str, Any], reply: str | None = None) -> Step:
    """Nothing to fill, but the form stays in charge and asks again (no rejection)."""
    return Step(updates={FAILURES: dict(slots.get(FAILURES) or {})}, replies=[Reply(reply)] if reply else [])


_EMAIL_INTRO = re.compile(r"^(我的)?(电子)?(邮箱|邮件|电邮|email|e-mail)(地址)?(是|为)?[:：\s]*", re.I)


def _email_candidate(text: str) -> str | None:
    """The whole answer when it is only an address, so "wu ting@x.com" is refused, not half-read."""
    remainder = _EMAIL_INTRO.sub("", text.strip())
    if "@" in remainder and not re.search(r"[\u4e00-\u9fff]", remainder):
        return remainder
    return extraction.find_email(text)


def _candidate(requested: str, text: str, free_text: bool) -> str | None:
    finders = {NAME: extraction.find_name, EMAIL: _email_candidate, PHONE: extraction.find_phone}
    finder = finders.get(requested)
    found = finder(text) if finder else None
    if found:
        return found
    return text.strip() if free_text else None


def _summary_answer(slots: dict[str, Any], text: str, intent: str | None) -> Step:
    target = next((slot for slot, pattern in _CHANGE_FIELDS if pattern.search(text)), None)
    if target and (_CHANGE.search(text) or len(text) <= 8):
        return change_field(slots, target, text)
    if intent == "affirm" or (_AFFIRM.search(text.strip()) and not _CHANGE.search(text)):
        return Step(updates={CONFIRMED: True})
    if intent in REJECTING_INTENTS:
        return Step(reject=True)
    return _keep_asking(slots, texts.CHANGE_WHICH)


def change_field(slots: dict[str, Any], target: str, text: str) -> Step:
    """Clear one field (or take its new value from the same message); the rest stays as it was."""
    step = Step(
        updates={target: None}, replies=[Reply(texts.CHANGE_ACK.format(label=texts.FIELD_LABELS[target]))]
    )
    tail = re.split(r"改成|改为|换成|应该是|是", text, maxsplit=1)
    if len(tail) == 2 and target in _VALIDATORS:
        value = _candidate(target, tail[1], free_text=True)
        result = _VALIDATORS[target](value or "")
        if isinstance(result, Valid):
            step.updates[target] = result.value
    if target == EMAIL:
        # The verification was for the old address; the new one must be proven again.
        step.updates.update({CODE: None, CHALLENGE: None, TOKEN: None})
    if target in (TYPE, SCENARIO):
        step.updates[PROCEED] = None
    return step


def _proceed_answer(slots: dict[str, Any], text: str, intent: str | None) -> Step:
    if intent == "affirm" or re.search(r"继续|提交|要的|是的|好的|可以|需要", text):
        return Step(updates={PROCEED: True})
    if intent == "deny" or _DENY.search(text.strip()):
        return Step(updates={OUTCOME: "not_wanted"}, replies=[texts.NOT_WANTED])
    if intent in REJECTING_INTENTS:
        return Step(reject=True)
    return _keep_asking(slots, "请点击“继续提交”或“不用了”。")


def collect(
    slots: dict[str, Any], requested: str, text: str, intent: str | None, confidence: float = 1.0
) -> Step:
    """A fresh message while the form asks `requested` (any slot except the code)."""
    if intent in ("stop", "human_handoff"):
        return Step(reject=True)
    if extraction.is_cancel(text):
        return cancel_here()
    if extraction.is_third_party(text):
        return decline_third_party()
    if requested == CONFIRMED:
        return _summary_answer(slots, text, intent)
    if requested == PROCEED:
        return _proceed_answer(slots, text, intent)

    question = extraction.is_question(text)
    free_text = not question and not (intent in NON_FIELD_INTENTS and confidence >= _CONFIDENT)
    if requested == TYPE:
        value: str | None = _type_from(text, intent, confidence)
    elif requested == SCENARIO:
        value = extraction.detect_scenario(text)
    elif requested == PHONE and extraction.is_skip(text):
        return _success(slots, PHONE, "")
    else:
        value = _candidate(requested, text, free_text)

    if value is None:
        step = Step()
        _prefill(text, slots, step)
        if step.updates:
            step.updates[FAILURES] = dict(slots.get(FAILURES) or {})
            return step
        if intent in REJECTING_INTENTS:
            return Step(reject=True)
        if intent in texts.SMALL_TALK:
            return _keep_asking(slots, texts.SMALL_TALK[intent])
        if question:
            return _keep_asking(slots, texts.QUESTION_NOT_STORED)
        return _failure(slots, requested, "抱歉，我没有看懂，请点击下面的按钮选择。")

    result: FieldResult = _VALIDATORS[requested](value) if requested in _VALIDATORS else Valid(value)
    if isinstance(result, Invalid):
        return _failure(slots, requested, result.reason)
    step = _success(slots, requested, result.value)
    if requested != DETAILS:
        _prefill(text, {**slots, requested: result.value}, step)
    return step

"""Reading the answer to one field out of a typed message, and every other field it also carries.

Split from flow.py: flow decides what a turn means; this module only reads values and checks them.
"""

from __future__ import annotations

import re
from typing import Any

from bot.intake import extraction, understanding
from bot.intake.answers import Valid, validate_details, validate_email, validate_name, validate_phone
from bot.intake.bare_name import bare_name
from bot.intake.details_reading import carries_details
from bot.intake.third_party import is_third_party
from bot.intake.turn import DETAILS, EMAIL, NAME, PHONE, SCENARIO, TYPE, Step

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
_WANTS_TO_SEE = re.compile(
    r"想(要|看|知道|查|了解|确认)|希望|帮我|麻烦|请(帮|把|给|查|删|告诉)|i want|i'?d like|please", re.I
)
_SMALL_TALK = {"greet", "thank", "goodbye", "bot_challenge"}


def type_from(text: str, intent: str | None, confidence: float) -> str | None:
    detected = extraction.detect_request_type(text)
    if detected:
        return detected
    if intent in INTENT_TYPES and (text.startswith("/") or confidence >= 0.85):
        return INTENT_TYPES[intent]
    return None


VALIDATORS = {NAME: validate_name, EMAIL: validate_email, PHONE: validate_phone, DETAILS: validate_details}


def is_statement(text: str) -> bool:
    """A sentence that acts on the data ("我投的简历，想删掉"): usable as details; "简历那个" is not."""
    return not extraction.is_question(text) and bool(extraction.detect_request_type(text))


def prefill(text: str, slots: dict[str, Any], step: Step, *, with_details: bool = False) -> None:
    """Fill every still-empty field the message mentions; invalid values are simply asked for later."""
    if text.startswith("/"):
        return  # a button payload names an intent; it is never a name or the request's details
    found = extraction.extract(text)
    candidates = {
        SCENARIO: found.scenario,
        NAME: found.name,
        EMAIL: found.email,
        PHONE: found.phone,
        DETAILS: carries_details(text) if with_details else None,
    }
    earlier = slots.get(DETAILS)
    if candidates[DETAILS] and earlier and candidates[DETAILS] not in earlier:
        # More about the request, given while something else was asked: add it, lose nothing.
        step.updates[DETAILS] = f"{earlier}；{candidates[DETAILS]}"
    for slot, value in candidates.items():
        if value is None or slots.get(slot) is not None or step.updates.get(slot) is not None:
            continue
        if slot in VALIDATORS:
            result = VALIDATORS[slot](value)
            if isinstance(result, Valid):
                step.updates[slot] = result.value
        else:
            step.updates[slot] = value


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
    if not value or understanding.is_yes(value) or understanding.is_no(value) or is_statement(value):
        return None
    if extraction.detect_scenario(value) or extraction.detect_request_type(value):
        return None  # "招聘" typed at the name question answers an earlier question, it is not a name
    return value if len(value) <= 30 and not re.search(r"[，,。；;]", value) else None


def value_for(
    slots: dict[str, Any], requested: str, text: str, intent: str | None, confidence: float
) -> str | None:
    """The answer to the asked field in this message, if it holds one."""
    question = extraction.is_question(text)
    # Short small talk is not an answer; a policy-sounding statement ("删掉我投的所有简历") may well be one.
    chatter = intent in _SMALL_TALK and confidence >= _CONFIDENT and len(text.strip()) <= 10
    if requested == TYPE:
        return type_from(text, intent, confidence) or understanding.choice(text, extraction.REQUEST_TYPES)
    if requested == SCENARIO:
        return extraction.detect_scenario(text) or understanding.choice(text, extraction.SCENARIOS)
    if requested == NAME:
        return _name_candidate(text, free_text=not question and not chatter)
    if requested == EMAIL:
        attempt = text.strip()
        if re.fullmatch(r"[A-Za-z0-9._%+\-@]+\.[A-Za-z]{2,}", attempt) and "@" not in attempt:
            return attempt  # "wangli163.com": refused with the reason (the "@" is missing), not ignored
        return _email_candidate(text)
    if requested == PHONE:
        return (
            ""
            if understanding.is_skip(text)
            else extraction.find_phone(text)
            or (text.strip() if re.fullmatch(r"[\d\s+\-()（）０-９]{5,}", text.strip()) else None)
        )
    if requested == DETAILS and question and _WANTS_TO_SEE.search(text):
        question = (
            False  # "想看看你们存了我什么" at the details question says what to look up, it asks nothing
        )
    if requested == DETAILS and not question and not chatter and not understanding.is_yes(text):
        return text.strip()
    return None


def take_bare_name(text: str, slots: dict[str, Any], step: Step) -> None:
    """A bare name typed at another prompt ("王明") fills the name, so it is not asked again."""
    if slots.get(NAME) is None and step.updates.get(NAME) is None:
        name = bare_name(text)
        if name:
            step.updates[NAME] = name


def continues_request(text: str, earlier: str) -> bool:
    """A bare address or name typed right after asking about one's own data ("我想查一下你们有我什么数据",
    then "sunyue@example.com"): the person goes ahead with that request, the form starts."""
    if (
        not earlier
        or earlier.startswith("/")
        or extraction.detect_request_type(text)
        or extraction.is_question(text)
    ):
        return False
    contact = extraction.find_email(text) or bare_name(text)
    wanted = extraction.detect_request_type(earlier) and not is_third_party(earlier)
    return bool(contact and wanted and len(text.strip()) <= 60)


def goes_ahead_with_earlier(text: str, earlier: str) -> bool:
    """After "我想删掉里面的人脸信息", "还是想让你们查一下" goes ahead with the request stated the turn
    before, so its type wins over the vague "查一下"."""
    wanted = extraction.detect_request_type(earlier) and not is_third_party(earlier)
    return bool(
        earlier
        and not earlier.startswith("/")
        and wanted
        and extraction.vaguely_typed(text)
        and not extraction.is_question(text)
    )

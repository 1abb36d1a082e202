"""Answers to the form's yes/no questions and changes of mind: proceed, confirm, cancel, correct, switch type.

Nothing is cancelled unless the person says so: a bare "不用了" mid-form asks once whether to cancel.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import Any

from bot.contact import EMAIL_IN_TEXT, MOBILE_IN_TEXT
from bot.intake import extraction, texts_declines, texts_fields, understanding
from bot.intake.answers import (
    Valid,
    to_half_width,
    validate_details,
    validate_email,
    validate_name,
    validate_phone,
)
from bot.intake.speech import Reply
from bot.intake.turn import (
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
    SCENARIO,
    TOKEN,
    TYPE,
    Step,
    keep_asking,
)

_CONTINUE = re.compile(
    r"继续|不取消|别取消|不要取消|不是|没有|接着|^不[，,。!！]?$|keep|continue|don'?t cancel|^no\b", re.I
)
_WANTS_IT = re.compile(
    r"继续|提交|要的|需要|仍然|依然|还是想|还是要|麻烦|看一下|帮我|want|please|go ahead", re.I
)
_VALUE_AFTER = re.compile(r"改成|改为|换成|换一个|换个|应该是|应为|正确的是|是|叫|[:：]")


def cancel_here() -> Step:
    """The person said to cancel: the form ends itself, and nothing is filed."""
    return Step(updates={OUTCOME: "cancelled", PENDING: None}, replies=[texts_declines.CANCELLED])


def decline_third_party() -> Step:
    return Step(updates={OUTCOME: "third_party", PENDING: None}, replies=[texts_declines.THIRD_PARTY])


def ask_cancel(slots: dict[str, Any]) -> Step:
    """An ambiguous "不用了" / "算了": ask once before throwing the request away."""
    failures = dict(slots.get(FAILURES) or {})
    return Step(updates={PENDING: "cancel", FAILURES: failures}, replies=[texts_declines.CANCEL_CONFIRM])


def cancel_answer(slots: dict[str, Any], text: str) -> Step | None:
    """The answer to "cancel the whole request?"; None when the message is about something else."""
    if _CONTINUE.search(text.strip()):
        return keep_asking(slots, texts_declines.CANCEL_KEPT)
    if understanding.is_yes(text) or understanding.is_explicit_cancel(text) or understanding.is_no(text):
        return cancel_here()
    return None


def proceed_answer(slots: dict[str, Any], text: str, intent: str | None) -> Step | None:
    """After the product or self-service notice: file anyway, or not; None when it is neither."""
    if understanding.is_yes(text) or text == "/affirm":
        return Step(updates={PROCEED: True, PENDING: None})
    if understanding.is_no(text) or text == "/deny":
        return Step(updates={OUTCOME: "not_wanted", PENDING: None}, replies=[texts_declines.NOT_WANTED])
    if extraction.is_question(text):
        return None
    if _WANTS_IT.search(text):
        return Step(updates={PROCEED: True, PENDING: None})
    return None


_ADDITION = re.compile(
    r"(补充|还要|另外|再加|加上|also add|also|in addition)(一下|上)?[:：，,\s]*(?P<more>.+)$", re.I
)


_PART_NAME = re.compile(
    r"(?P<part>last|family|first|given|sur)\s*-?\s*name\s+(?:is|should be|is spelt|is spelled|is actually)\s+"
    r"(?P<value>[A-Za-z][A-Za-z'\-]+)",
    re.I,
)


_SPELLED = re.compile(r"\b(?:spelled|spelt|spelling is|written)\s+(?P<value>[A-Za-z][A-Za-z'\-]+)", re.I)


def _respelled(text: str, current: str | None) -> str | None:
    """ "my name is spelled Sarah, with an h": the part of the name it resembles is replaced (Sara Nguyen)."""
    match = _SPELLED.search(text)
    if not match or not current:
        return None
    value, pieces = match.group("value"), current.split()
    similarity = [SequenceMatcher(None, piece.lower(), value.lower()).ratio() for piece in pieces]
    best = max(range(len(pieces)), key=similarity.__getitem__)
    if similarity[best] < 0.6:
        return value
    pieces[best] = value
    return " ".join(pieces)


def restated_name(text: str, current: str | None) -> str | None:
    """A name given again, different from the one on file: "my name is …", or one part of it
    ("my last name is Thomson" turns Noah Thompson into Noah Thomson)."""
    respelled = _respelled(text, current)
    if respelled:
        return respelled if respelled != current else None
    part = _PART_NAME.search(text)
    if part and current and " " in current.strip():
        pieces = current.split()
        index = 0 if part.group("part").lower() in ("first", "given") else -1
        pieces[index] = part.group("value")
        value = " ".join(pieces)
    else:
        value = extraction.find_name(text) or ""
    return value if value and value != current else None


def summary_answer(slots: dict[str, Any], text: str, intent: str | None) -> Step | None:
    """At the summary: confirm, or say which field to change; None when it is neither."""
    if understanding.is_yes(text) or text == "/affirm":
        return Step(updates={CONFIRMED: True, PENDING: None})
    if restated_name(text, slots.get(NAME)):
        return change_field(slots, NAME, text)  # "my last name is Thomson": a correction without "wrong"
    for slot, pattern in understanding.FIELD_PATTERNS:
        if slot != CODE and pattern.search(text) and len(text.strip()) <= 8:
            return change_field(slots, slot, text)
    addition = _ADDITION.search(text)
    more = addition.group("more").strip(" ：:，,。") if addition else ""
    if more and isinstance(validate_details(more), Valid):  # "补充：000000" adds nothing to the request
        details = f"{slots.get(DETAILS)}；{more}" if slots.get(DETAILS) else more
        updates = {DETAILS: details, CONFIRMED: None, PENDING: None}
        return Step(updates=updates, replies=[Reply(texts_fields.DETAILS_ADDED)])
    if re.search(r"不对|有误|错了|修改|改一下|wrong|change", text, re.I):
        return keep_asking(slots, texts_fields.CHANGE_WHICH)
    return None


_SWAP = re.compile(
    r"是(?P<right>[^\s，,。不]{1,3})不是(?P<wrong>[^\s，,。]{1,3})"
    r"|不是(?P<wrong2>[^\s，,。是]{1,3})[，,\s]*(而)?是(?P<right2>[^\s，,。]{1,3})"
)


def _swapped(current: str | None, text: str) -> str | None:
    """ "是刘不是留" fixes one part of the value already given: 留婷婷 becomes 刘婷婷."""
    match = _SWAP.search(text)
    if not match or not current:
        return None
    right = match.group("right") or match.group("right2")
    wrong = match.group("wrong") or match.group("wrong2")
    return current.replace(wrong, right, 1) if wrong in current else None


def _new_value(target: str, text: str) -> str | None:
    if target == EMAIL:
        found = [match.group(0).rstrip(".") for match in EMAIL_IN_TEXT.finditer(to_half_width(text))]
        return found[-1] if found else None
    if target == PHONE:
        found = [match.group(0) for match in MOBILE_IN_TEXT.finditer(to_half_width(text))]
        return found[-1] if found else None  # "旧的…请改成…": the number named last is the right one
    parts = _VALUE_AFTER.split(text, maxsplit=1)
    if len(parts) < 2:
        return None
    tail = parts[1].strip(" ：:，,。")
    return tail.removeprefix("成").removeprefix("为").strip() or None


_VALIDATORS = {NAME: validate_name, EMAIL: validate_email, PHONE: validate_phone, DETAILS: validate_details}


def change_field(slots: dict[str, Any], target: str, text: str) -> Step:
    """Clear one field (or take its new value from the same message); the rest stays, the summary returns."""
    step = Step(
        updates={target: None, CONFIRMED: None, PENDING: None},
        replies=[Reply(texts_fields.CHANGE_ACK.format(label=texts_fields.FIELD_LABELS[target]))],
    )
    if target in _VALIDATORS:
        restated = restated_name(text, slots.get(NAME)) if target == NAME else None
        value = _swapped(slots.get(target), text) or _new_value(target, text) or restated
        result = _VALIDATORS[target](value) if value else None
        if isinstance(result, Valid) and (target != NAME or len(result.value) <= 20):
            step.updates[target] = result.value
    elif target == SCENARIO:
        step.updates[SCENARIO] = extraction.detect_scenario(text)
    elif target == TYPE:
        step.updates[TYPE] = extraction.detect_request_type(text)
    if target == EMAIL:
        # The verification was for the old address; the new one must be proven again.
        step.updates.update({CODE: None, CHALLENGE: None, TOKEN: None})
    if target in (TYPE, SCENARIO):
        step.updates[PROCEED] = None
    return step


def change_type(slots: dict[str, Any], new_type: str) -> Step:
    """A change of mind about the kind of request keeps everything already collected."""
    label = texts_fields.TYPE_LABELS[new_type]
    return Step(
        updates={TYPE: new_type, PROCEED: None, CONFIRMED: None, PENDING: None},
        replies=[Reply(texts_fields.TYPE_CHANGED.format(label=label))],
    )


def no_email(slots: dict[str, Any], text: str) -> Step:
    """Phone only: say why the email is needed, keep the phone, offer the contact address."""
    step = keep_asking(slots)
    phone = extraction.find_phone(text)
    result = validate_phone(phone) if phone else None
    kept = isinstance(result, Valid) or bool(slots.get(PHONE))
    if isinstance(result, Valid):
        step.updates[PHONE] = result.value
    step.replies.append(
        Reply(texts_fields.NO_EMAIL.format(phone_kept=texts_fields.PHONE_KEPT if kept else ""))
    )
    return step

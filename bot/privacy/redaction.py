"""What the tracker store may keep of a conversation: masked messages, sealed slot values.

The action server reads each message in full while its turn runs (Rasa hands it the in-memory
tracker); only what is written to the store afterwards goes through `seal_events`. Pure functions
over Rasa's serialised event dicts, so the rules are tested without Rasa.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from typing import Any

from bot.chinese_script import TYPED_TEXT
from bot.contact import EMAIL_IN_TEXT, MOBILE_IN_TEXT
from bot.intake import flow
from bot.intake import status as status_flow
from bot.intake.answers import mask_email
from bot.slots import RECENT_FILING, REQUESTED_SLOT

# Slots whose values are contact data, free text or secrets: stored encrypted, never in clear.
SEALED_SLOTS = frozenset(
    {
        flow.NAME,
        flow.EMAIL,
        flow.PHONE,
        flow.DETAILS,
        flow.CODE,
        flow.TOKEN,
        status_flow.CODE,
        status_flow.RESULT,
        RECENT_FILING,
    }
)
# Slots whose values, when present, are masked wherever they reappear (a summary, a later message).
_ECHOED_SLOTS = (flow.NAME, flow.EMAIL, flow.PHONE)
NAME_TAG, CODE_TAG = "[姓名]", "[验证码]"
SEALED_PREFIX = "sealed:"
_CODE = re.compile(r"(?<![\dA-Za-z])\d{6}(?![\dA-Za-z])")


def mask_phone_in_text(match: re.Match[str]) -> str:
    """138****8000: enough to recognise one's own number, not enough to call it."""
    digits = re.sub(r"\D", "", match.group(0))[-11:]
    return f"{digits[:3]}****{digits[-4:]}"


def mask_text(text: str, known: Iterable[str] = ()) -> str:
    """Mask emails, mobiles, 6-digit codes and every known contact value (a name) in one text."""
    for value in sorted({v for v in known if v and len(v) >= 2}, key=len, reverse=True):
        if "@" in value:
            text = text.replace(value, mask_email(value))
        elif value.replace(" ", "").replace("-", "").lstrip("+").isdigit():
            continue  # phone numbers are caught by the pattern below in any formatting
        else:
            text = text.replace(value, NAME_TAG)
    text = EMAIL_IN_TEXT.sub(lambda m: mask_email(m.group(0)), text)
    text = MOBILE_IN_TEXT.sub(mask_phone_in_text, text)
    return _CODE.sub(CODE_TAG, text)


# A form run that ends like this filed nothing: the person withdrew, and the conversation goes.
WITHDRAWN_OUTCOMES = frozenset({"cancelled", "not_wanted"})
CANCEL_ACTION = "action_cancel_intake"


def withdraws(new_events: Iterable[dict[str, Any]]) -> bool:
    """True when this turn cancels a request before filing (the stop rule or the form's own cancel)."""
    for event in new_events:
        if event.get("event") == "action" and event.get("name") == CANCEL_ACTION:
            return True
        outcome = event.get("name") == flow.OUTCOME and event.get("value") in WITHDRAWN_OUTCOMES
        if event.get("event") == "slot" and outcome:
            return True
    return False


def known_values(events: Iterable[dict[str, Any]]) -> set[str]:
    """Every name, email and phone a slot event of this conversation carried."""
    return {
        str(event["value"])
        for event in events
        if event.get("event") == "slot" and event.get("name") in _ECHOED_SLOTS and event.get("value")
    }


def _requested_slot(events: Iterable[dict[str, Any]], start: str | None) -> str | None:
    """The question pending after these events (Rasa's `requested_slot`)."""
    requested = start
    for event in events:
        if event.get("event") == "slot" and event.get("name") == REQUESTED_SLOT:
            requested = event.get("value")
    return requested


def requested_before(events: list[dict[str, Any]]) -> str | None:
    """The question pending when the next stored event arrives."""
    return _requested_slot(events, None)


def seal_events(
    new_events: list[dict[str, Any]],
    *,
    requested: str | None,
    known: set[str],
    encrypt: Callable[[str], str],
) -> list[dict[str, Any]]:
    """Copies of `new_events` fit for storage: texts masked, sensitive slot values encrypted.

    `requested` is the question pending before the first event (the answer to the name question is
    masked whole even when no pattern finds a name in it); `known` holds the conversation's stored
    contact values, to which this batch's are added.
    """
    known = known | known_values(new_events)
    sealed = []
    for original in new_events:
        event = editable_copy(original)
        kind = event.get("event")
        if kind == "user":
            _mask_user(event, known, whole=requested == flow.NAME)
        elif kind == "bot":
            event["text"] = mask_text(event["text"], known) if event.get("text") else event.get("text")
            for button in (event.get("data") or {}).get("buttons") or []:
                for key in ("title", "payload"):
                    if isinstance(button.get(key), str):
                        button[key] = mask_text(button[key], known)
        elif kind == "slot":
            if event.get("name") in SEALED_SLOTS and event.get("value") is not None:
                event["value"] = SEALED_PREFIX + encrypt(_dump(event["value"]))
            if event.get("name") == REQUESTED_SLOT:
                requested = event.get("value")
        sealed.append(event)
    return sealed


def editable_copy(event: dict[str, Any]) -> dict[str, Any]:
    """A copy of an event whose parts `seal_events` edits are its own; the rest is shared.

    `Event.as_dict()` hands out the live event's parse data and button lists, which the running turn still
    uses. A deep copy of each event (its intent and response rankings included) was a third of every
    save (#17, cProfile); the edited parts are few: texts, entities, buttons and slot values.
    """
    copied = dict(event)
    parse = event.get("parse_data")
    if isinstance(parse, dict):
        copied["parse_data"] = dict(parse)
        if isinstance(parse.get("entities"), list):
            copied["parse_data"]["entities"] = [dict(entity) for entity in parse["entities"]]
    data = event.get("data")
    if isinstance(data, dict) and data.get("buttons"):
        copied["data"] = {**data, "buttons": [dict(button) for button in data["buttons"]]}
    return copied


def _mask_user(event: dict[str, Any], known: set[str], *, whole: bool) -> None:
    text = event.get("text")
    masked = NAME_TAG if whole and text and not text.startswith("/") else mask_text(text or "", known)
    if text is not None:
        event["text"] = masked
    parse = event.get("parse_data") or {}
    if parse.get("text") is not None:
        parse["text"] = masked
    typed = parse.get(TYPED_TEXT)  # the message as typed, when the NLU read it otherwise (traditional script)
    if isinstance(typed, str):
        parse[TYPED_TEXT] = NAME_TAG if whole and not typed.startswith("/") else mask_text(typed, known)
    for entity in parse.get("entities") or []:
        if isinstance(entity.get("value"), str):
            entity["value"] = mask_text(entity["value"], known)
    if isinstance(event.get("metadata"), dict):
        event["metadata"] = _mask_any(event["metadata"], known)


def _mask_any(value: Any, known: set[str]) -> Any:
    """Strings at any depth of a client-supplied structure (socket.io metadata)."""
    if isinstance(value, str):
        return mask_text(value, known)
    if isinstance(value, dict):
        return {key: _mask_any(item, known) for key, item in value.items()}
    if isinstance(value, list):
        return [_mask_any(item, known) for item in value]
    return value


def unseal_event(event: dict[str, Any], decrypt: Callable[[str], str]) -> dict[str, Any]:
    """The stored event as Rasa wrote it, except that masked texts stay masked."""
    value = event.get("value")
    if event.get("event") == "slot" and isinstance(value, str) and value.startswith(SEALED_PREFIX):
        return {**event, "value": _load(decrypt(value[len(SEALED_PREFIX) :]))}
    return event


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _load(text: str) -> Any:
    return json.loads(text)

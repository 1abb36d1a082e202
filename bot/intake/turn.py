"""The request form's slot names and what one turn produces (a `Step`), shared by the flow modules."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.intake import texts_fields
from bot.intake.speech import Reply
from bot.slots import INTAKE_CHALLENGE as CHALLENGE
from bot.slots import INTAKE_CODE as CODE
from bot.slots import INTAKE_CONFIRMED as CONFIRMED
from bot.slots import INTAKE_DETAILS as DETAILS
from bot.slots import INTAKE_EMAIL as EMAIL
from bot.slots import INTAKE_FAILURES as FAILURES
from bot.slots import INTAKE_NAME as NAME
from bot.slots import INTAKE_OUTCOME as OUTCOME
from bot.slots import INTAKE_PENDING as PENDING
from bot.slots import INTAKE_PHONE as PHONE
from bot.slots import INTAKE_PROCEED as PROCEED
from bot.slots import INTAKE_RUN_ID as RUN_ID
from bot.slots import INTAKE_SCENARIO as SCENARIO
from bot.slots import INTAKE_TOKEN as TOKEN
from bot.slots import INTAKE_TYPE as TYPE

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
    PENDING,
)


@dataclass
class Step:
    """Slot changes and messages for one turn; `reject` lets a rule handle the message instead."""

    updates: dict[str, Any] = field(default_factory=dict)
    replies: list[Reply] = field(default_factory=list)
    reject: bool = False


def keep_asking(slots: dict[str, Any], *replies: Reply | str) -> Step:
    """Nothing to fill, but the form stays in charge and asks its question again (no rejection)."""
    return Step(
        updates={FAILURES: dict(slots.get(FAILURES) or {}), PENDING: None},
        replies=[reply if isinstance(reply, Reply) else Reply(reply) for reply in replies],
    )


def failure(slots: dict[str, Any], slot: str, reason: str) -> Step:
    """A refused answer: say why, count it, and offer a human every third time."""
    failures = dict(slots.get(FAILURES) or {})
    failures[slot] = failures.get(slot, 0) + 1
    replies = [Reply(reason)]
    if failures[slot] % 3 == 0:
        replies.append(texts_fields.THREE_FAILURES)
    return Step(updates={slot: None, FAILURES: failures}, replies=replies)


def success(slots: dict[str, Any], slot: str, value: Any) -> Step:
    failures = {key: count for key, count in (slots.get(FAILURES) or {}).items() if key != slot}
    return Step(updates={slot: value, FAILURES: failures})

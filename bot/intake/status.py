"""Status check by ticket id: nothing about the ticket is shown before the email code is proven."""

from __future__ import annotations

from typing import Any

from bot.intake import extraction, texts_declines, texts_fields, texts_filing, texts_status
from bot.intake.answers import TICKET_ID_PATTERN, Invalid, to_half_width, validate_ticket_id
from bot.intake.flow import REJECTING_INTENTS, Step
from bot.intake.speech import Reply
from bot.slots import (
    STATUS_CHALLENGE as CHALLENGE,
)
from bot.slots import (
    STATUS_CODE as CODE,
)
from bot.slots import (
    STATUS_FAILURES as FAILURES,
)
from bot.slots import (
    STATUS_OUTCOME as OUTCOME,
)
from bot.slots import (
    STATUS_RESULT as RESULT,
)
from bot.slots import (
    STATUS_TICKET_ID as TICKET_ID,
)

# The status check is short: a cancel goes straight to the stop rule (nothing is lost by it).
_HANDED_TO_RULES = REJECTING_INTENTS | {"stop"}
ALL_SLOTS = (TICKET_ID, CODE, CHALLENGE, RESULT, OUTCOME, FAILURES)


def required_slots(slots: dict[str, Any]) -> list[str]:
    return [] if slots.get(OUTCOME) else [TICKET_ID, CODE]


def begin(text: str) -> Step:
    """A new check: forget an earlier one; take a ticket id the opening message already carries."""
    step = Step(updates={slot: None for slot in ALL_SLOTS})
    step.updates[FAILURES] = {}
    if TICKET_ID_PATTERN.search(to_half_width(text).upper()):
        result = validate_ticket_id(text)
        if not isinstance(result, Invalid):
            step.updates[TICKET_ID] = result.value
    elif extraction.lost_ticket_id(text):
        step.updates[OUTCOME] = "lost_id"
        step.replies.append(Reply(texts_status.STATUS_LOST_ID))
    return step


def cancel_here() -> Step:
    """A cancel phrase NLU did not read as `stop`: end the check, show nothing."""
    return Step(updates={OUTCOME: "cancelled"}, replies=[texts_declines.CANCELLED])


def collect_ticket_id(slots: dict[str, Any], text: str, intent: str | None) -> Step:
    """A message at the ticket-id prompt."""
    if intent in _HANDED_TO_RULES:
        return Step(reject=True)
    if extraction.is_cancel(text):
        return cancel_here()
    if extraction.lost_ticket_id(text):
        return Step(updates={OUTCOME: "lost_id"}, replies=[Reply(texts_status.STATUS_LOST_ID)])
    result = validate_ticket_id(text)
    failures = dict(slots.get(FAILURES) or {})
    if isinstance(result, Invalid):
        failures[TICKET_ID] = failures.get(TICKET_ID, 0) + 1
        replies = [Reply(result.reason)]
        if failures[TICKET_ID] % 3 == 0:
            replies.append(texts_fields.THREE_FAILURES)
        return Step(updates={TICKET_ID: None, FAILURES: failures}, replies=replies)
    failures.pop(TICKET_ID, None)
    return Step(updates={TICKET_ID: result.value, FAILURES: failures})


def result_reply(result: dict[str, Any]) -> Reply:
    """Status and due date only: no contact data, even after verification."""
    return Reply(
        texts_status.STATUS_RESULT.format(
            ticket_id=result.get("id", ""),
            type_label=texts_fields.TYPE_LABELS.get(str(result.get("type")), str(result.get("type", ""))),
            status_label=texts_status.STATUS_LABELS.get(
                str(result.get("status")), str(result.get("status", ""))
            ),
            due=texts_filing.due_text(result.get("due_at")),
        )
    )


def recent_proof(slots: dict[str, Any], proof: Any, *, opening: bool) -> tuple[str, str] | None:
    """The ticket this conversation just filed and its proof, when this check is about that ticket.

    It is, when the person names its id, or names none in the message that opens the check ("我刚提交的申请
    什么状态"); the backend decides whether the proof is still fresh enough (else a code is sent as usual).
    """
    if not isinstance(proof, dict) or any(slots.get(name) for name in (OUTCOME, CODE, CHALLENGE)):
        return None
    recent, token = proof.get("ticket_id"), proof.get("token")
    asked = slots.get(TICKET_ID) or (recent if opening else None)
    if not asked or asked != recent or not token:
        return None
    return str(recent), str(token)


def proven(ticket: dict[str, Any]) -> dict[str, Any]:
    """Slot updates of a check settled without a code: the result is shown when the form ends."""
    return {TICKET_ID: ticket.get("id"), RESULT: ticket, CODE: "verified"}

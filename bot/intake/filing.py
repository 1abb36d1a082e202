"""Summary before filing, and filing itself: a ticket, a duplicate, or a request kept for later."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from typing import Any

from bot.dsr_api.client import REFUSALS, DsrClient, DsrUnavailable
from bot.dsr_api.types import FilingRequest
from bot.intake import texts_fields, texts_filing, texts_status
from bot.intake.answers import mask_email, mask_phone
from bot.intake.flow import CONFIRMED, DETAILS, EMAIL, NAME, OUTCOME, PHONE, RUN_ID, SCENARIO, TOKEN, TYPE
from bot.intake.pending import PendingStore
from bot.intake.speech import Reply
from bot.tickets.errors import DuplicateTicket

logger = logging.getLogger(__name__)


def idempotency_key(conversation_id: str, run_id: str) -> str:
    """Same conversation and same form run → same key, so a retry never files twice."""
    digest = hashlib.sha256(f"{conversation_id}\x00{run_id}".encode()).hexdigest()
    return f"intake-{digest[:40]}"


def summary(slots: dict[str, Any]) -> Reply:
    """Everything that will be filed, contacts partly masked, with confirm / change / cancel."""
    phone = slots.get(PHONE) or ""
    text = texts_filing.SUMMARY.format(
        type=texts_fields.TYPE_LABELS.get(str(slots.get(TYPE)), "-"),
        scenario=texts_fields.SCENARIO_LABELS.get(str(slots.get(SCENARIO)), "-"),
        name=slots.get(NAME) or "-",
        email=mask_email(str(slots.get(EMAIL) or "")),
        phone=mask_phone(phone) if phone else texts_filing.PHONE_NOT_GIVEN,
        details=slots.get(DETAILS) or "-",
    )
    return Reply(text, texts_filing.SUMMARY_BUTTONS)


def build_ticket(
    slots: dict[str, Any], *, conversation_id: str, channel: str, language: str = "zh"
) -> FilingRequest:
    return FilingRequest(
        type=str(slots[TYPE]),
        scenario=str(slots[SCENARIO]),
        name=str(slots[NAME]),
        email=str(slots[EMAIL]),
        phone=slots.get(PHONE) or None,
        details=str(slots[DETAILS]),
        channel=channel,
        conversation_id=conversation_id,
        verification_token=str(slots[TOKEN]),
        language=language,
    )


def is_ready(slots: dict[str, Any]) -> bool:
    """Confirmed, verified and complete, with no outcome that stops filing."""
    needed = (TYPE, SCENARIO, NAME, EMAIL, DETAILS, TOKEN, RUN_ID)
    return not slots.get(OUTCOME) and slots.get(CONFIRMED) is True and all(slots.get(s) for s in needed)


@dataclass(frozen=True)
class Submission:
    """What filing said, and the ticket the person now holds (filed, or the open duplicate), if any."""

    replies: list[Reply]
    ticket_id: str | None = None


async def submit(
    slots: dict[str, Any],
    *,
    conversation_id: str,
    channel: str,
    client: DsrClient,
    store: PendingStore,
    language: str = "zh",
) -> list[Reply]:
    """File the confirmed request; keep it durably when the backend cannot be reached."""
    submission = await file_request(
        slots, conversation_id=conversation_id, channel=channel, client=client, store=store, language=language
    )
    return submission.replies


async def file_request(
    slots: dict[str, Any],
    *,
    conversation_id: str,
    channel: str,
    client: DsrClient,
    store: PendingStore,
    language: str = "zh",
) -> Submission:
    """`submit`, also naming the ticket, so a status check right after can use this filing's proof."""
    if not is_ready(slots):
        return Submission([])
    ticket = build_ticket(slots, conversation_id=conversation_id, channel=channel, language=language)
    key = idempotency_key(conversation_id, str(slots[RUN_ID]))
    masked = mask_email(ticket.email)
    try:
        filed = await client.file_ticket(ticket, idempotency_key=key)
    except DuplicateTicket as duplicate:
        label = texts_status.STATUS_LABELS.get(duplicate.status, duplicate.status)
        reply = Reply(texts_filing.DUPLICATE.format(ticket_id=duplicate.ticket_id, status_label=label))
        return Submission([reply], duplicate.ticket_id)
    except DsrUnavailable:
        store.add(key, ticket)
        logger.warning("backend down: request kept for later filing (key %s)", key[:18])
        return Submission([Reply(texts_filing.KEPT_FOR_LATER.format(email=masked))])
    except REFUSALS as error:
        logger.error("request refused by the backend: %s", type(error).__name__)
        return Submission([Reply(texts_filing.FILING_FAILED)])
    logger.info("request filed as %s", filed.id)
    text = texts_filing.FILED.format(
        ticket_id=filed.id,
        type_label=texts_fields.TYPE_LABELS.get(filed.type, filed.type),
        due=texts_filing.due_text(filed.due_at),
        email=masked,
    )
    return Submission([Reply(text)], filed.id)


def recent_filing(slots: dict[str, Any], submission: Submission) -> dict[str, str] | None:
    """The slot value a later status check in this conversation reads (bot/intake/status.recent_proof)."""
    if not submission.ticket_id or not slots.get(TOKEN):
        return None
    return {"ticket_id": submission.ticket_id, "token": str(slots[TOKEN])}

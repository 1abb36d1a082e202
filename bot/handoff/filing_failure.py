"""A request kept while the backend was down, then refused when filed: staff see it, the person is mailed.

The action server reports it (bot/intake/pending.py) with the request's own idempotency key. One
transaction opens a `filing_failed` handoff on the `request` queue (or notes it on the conversation's
open one) and queues the person's mail; the mail's Message-ID is derived from the key, so a retried
report finds that row and neither opens nor sends anything twice. The handoff leaves the assistant
unpaused (the person is told by mail, not in a live chat) until a colleague takes it.
"""

from __future__ import annotations

import hashlib
import logging
import re
import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.crypto import FieldCipher
from bot.handoff.errors import ConcurrentEscalation
from bot.handoff.models import Handoff, HandoffEvent
from bot.handoff.service import current_for_conversation
from bot.handoff.texts import CONTACT_EMAIL, FILING_FAILED_MAIL_MISSING, FILING_FAILED_NOTE, LANGUAGE_TEXT
from bot.handoff.topics import Topic
from bot.handoff.views import Reason, State
from bot.language import LANGUAGES
from bot.mail.addresses import InvalidAddress
from bot.mail.models import OutboxMessage
from bot.mail.outbox import MESSAGE_ID_DOMAIN, enqueue_email
from bot.tickets import english
from bot.tickets.errors import InvalidTicketField
from bot.tickets.states import TicketType

logger = logging.getLogger(__name__)
TEMPLATE = "filing_failed"
_CODE = re.compile(r"[a-z_]{1,40}")

# Why, in plain words, by the error code the filing was refused with: (Chinese, English).
WHY: dict[str, tuple[str, str]] = {
    "not_verified": (
        "我们的系统暂时无法访问的时间超过了邮箱验证的有效期，验证在提交前已失效",
        "our system was unavailable for longer than your email check stays valid, so it ran out before "
        "the request could be filed",
    ),
    "validation_error": (
        "申请中的部分信息未能通过我们系统的校验",
        "some of the details in the request could not be accepted by our system",
    ),
}
WHY_OTHER = ("我们的系统未能受理这项申请", "our system could not accept the request")


@dataclass(frozen=True)
class FilingFailureReport:
    handoff_id: str
    mailed: bool
    created: bool


def why_text(error: str, language: str) -> str:
    zh, en = WHY.get(error, WHY_OTHER)
    return en if language == "en" else zh


def _digest(idempotency_key: str) -> str:
    return hashlib.sha256(idempotency_key.encode()).hexdigest()[:40]


def notice_message_id(idempotency_key: str) -> str:
    """The person's mail for this request, whatever the number of reports: the idempotency record."""
    return f"<filing-failed-{_digest(idempotency_key)}@{MESSAGE_ID_DOMAIN}>"


def _open_for_staff(
    session: Session, cipher: FieldCipher, conversation_id: str, channel: str, note: str, now: datetime
) -> str:
    """A waiting, unpaused handoff on the request queue; on an already open one, an event saying so."""
    open_row = session.execute(
        select(Handoff).where(Handoff.open_key == conversation_id)
    ).scalar_one_or_none()
    row = open_row or Handoff(
        id=uuid.uuid4().hex,
        conversation_id=conversation_id,
        channel=channel,
        reason=Reason.FILING_FAILED.value,
        topic=Topic.REQUEST.value,
        first_message_enc=cipher.encrypt(note),
        state=State.WAITING.value,
        open_key=conversation_id,
        assistant_paused=False,
        requested_at=now,
    )
    session.add(row)
    kind = "filing_failed" if open_row is not None else "requested"
    session.add(HandoffEvent(handoff=row, at=now, actor="system", kind=kind, text_enc=cipher.encrypt(note)))
    try:
        session.flush()
    except IntegrityError:
        raise ConcurrentEscalation(conversation_id) from None  # a retry sees the winner's open row
    return str(row.id)


def report_filing_failure(
    *,
    session: Session,
    cipher: FieldCipher,
    idempotency_key: str,
    type: str,
    name: str,
    email: str,
    channel: str,
    error: str,
    now: datetime,
    conversation_id: str | None = None,
    language: str | None = "zh",
) -> FilingFailureReport:
    """Open the handoff and queue the mail once per key; a repeat answers what the first report did."""
    if not idempotency_key or len(idempotency_key) > 200:
        raise InvalidTicketField("Idempotency-Key", "Idempotency-Key must be 1-200 characters")
    try:
        kind = TicketType(type)
    except ValueError:
        raise InvalidTicketField("type", "unknown request type") from None
    for field, value in (("conversation_id", conversation_id or ""), ("channel", channel)):
        if not value.isprintable():  # PostgreSQL refuses NUL; CR/LF would forge lines in the console and logs
            raise InvalidTicketField(field, f"{field} must not contain control characters")
    lang = language if language in LANGUAGES else "zh"
    error = error if _CODE.fullmatch(error or "") else "refused"
    conversation = conversation_id or f"filing:{_digest(idempotency_key)[:24]}"
    message_id = notice_message_id(idempotency_key)
    if session.execute(select(OutboxMessage.id).where(OutboxMessage.message_id == message_id)).first():
        view = current_for_conversation(session=session, cipher=cipher, conversation_id=conversation)
        return FilingFailureReport(view.id if view is not None else "", mailed=True, created=False)
    note = FILING_FAILED_NOTE.format(
        type_text=english.type_text(kind, "zh"),
        why=why_text(error, "zh"),
        language_text=LANGUAGE_TEXT[lang],
        contact=CONTACT_EMAIL,
        reference=_digest(idempotency_key)[:12],
    )
    context = {
        "name": name,
        "type_text": english.type_text(kind, lang),
        "reason_text": why_text(error, lang),
        "contact_email": CONTACT_EMAIL,
    }
    try:
        enqueue_email(
            session=session,
            cipher=cipher,
            to=email,
            template=TEMPLATE,
            context=context,
            now=now,
            language=lang,
            message_id=message_id,
        )
        mailed = True
    except InvalidAddress:
        note, mailed = f"{note}{FILING_FAILED_MAIL_MISSING}", False
    handoff_id = _open_for_staff(session, cipher, conversation, channel[:32] or "unknown", note, now)
    logger.warning("kept request refused (%s): handoff %s opened, mail queued: %s", error, handoff_id, mailed)
    return FilingFailureReport(handoff_id, mailed=mailed, created=True)

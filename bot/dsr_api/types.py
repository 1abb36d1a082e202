"""The DSR API's wire types: request bodies the server parses and answers the client reads, declared once.

The full ticket on the wire is `bot.tickets.views.TicketView` (its `to_dict()` is the JSON); the types here
are the bodies around it. Field names are the contract's (see /api/openapi.json).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from bot.dsr_api.schema import wire
from bot.handoff.reasons import Reason
from bot.language import LANGUAGES
from bot.tickets.states import RejectionReason, Scenario, Status, TicketType
from bot.tickets.views import TicketView
from bot.verification.purposes import Purpose


@dataclass(frozen=True)
class StartVerification:
    """Body of POST /api/verifications: an email (file_request) or a ticket id (status_check)."""

    purpose: str = wire(40, enum=Purpose)
    email: str | None = wire(raw=True, default=None)
    ticket_id: str | None = wire(raw=True, default=None)
    language: str | None = wire(8, enum=LANGUAGES, default="zh", description="the language of the code mail")


@dataclass(frozen=True)
class StatusByRecentProof:
    """Body of POST /api/verifications/recent: the same conversation's filing token and a ticket id."""

    ticket_id: str = wire(raw=True)
    verification_token: str = wire(raw=True)


@dataclass(frozen=True)
class CheckCode:
    """Body of POST /api/verifications/{challenge_id}/check."""

    code: str = wire(20)


@dataclass(frozen=True)
class Challenge:
    """A code was sent; never carries the code."""

    challenge_id: str
    expires_at: str = wire(fmt="date-time")
    resend_after: str = wire(fmt="date-time")

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Challenge:
        expires, resend = str(data.get("expires_at", "")), str(data.get("resend_after", ""))
        return cls(str(data["challenge_id"]), expires, resend)


@dataclass(frozen=True)
class TicketStatus:
    """What a status check may show once the email is proven: no contact data."""

    id: str
    type: str = wire(enum=TicketType)
    status: str = wire(enum=Status)
    due_at: str | None = wire(fmt="date-time")
    created_at: str | None = wire(fmt="date-time")

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TicketStatus:
        return cls(
            id=str(data["id"]),
            type=str(data.get("type", "")),
            status=str(data.get("status", "")),
            due_at=data.get("due_at"),
            created_at=data.get("created_at"),
        )


@dataclass(frozen=True)
class Verification:
    """Answer of a correct code: a token for filing, and for a status check the ticket's summary."""

    verified: bool
    verification_token: str
    ticket: TicketStatus | None = None

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Verification:
        ticket = data.get("ticket")
        return cls(True, str(data["verification_token"]), TicketStatus.from_json(ticket) if ticket else None)


@dataclass(frozen=True)
class Withdrawal:
    """Answer of DELETE /api/verifications/{challenge_id}: how many rows of each kind were erased."""

    erased: dict[str, int]


@dataclass(frozen=True)
class FilingRequest:
    """Body of POST /api/tickets: a verified request (the Idempotency-Key header makes retries safe)."""

    type: str = wire(40, enum=TicketType)
    scenario: str = wire(40, enum=Scenario)
    name: str = wire(100)
    email: str = wire(254, fmt="email")
    details: str = wire(5000)
    channel: str = wire(32)
    conversation_id: str | None = wire(128, default=None)
    verification_token: str | None = wire(raw=True, required=True, default=None)
    phone: str | None = wire(32, default=None)
    language: str | None = wire(8, enum=LANGUAGES, default="zh", description="mails are in it")

    def to_json(self) -> dict[str, Any]:
        body = asdict(self)
        if not body["phone"]:
            body.pop("phone")
        return body


@dataclass(frozen=True)
class FilingFailure:
    """Body of POST /api/filing-failures: a kept request the backend refused when it was finally filed.

    Sent with the request's own Idempotency-Key, so a retried report opens one handoff and sends one mail.
    """

    type: str = wire(40, enum=TicketType)
    name: str = wire(100)
    email: str = wire(254, fmt="email")
    channel: str = wire(32)
    error: str = wire(40, description="the error code the filing was refused with (not_verified, ...)")
    conversation_id: str | None = wire(128, default=None)
    language: str | None = wire(8, enum=LANGUAGES, default="zh", description="the mail is in it")

    @classmethod
    def of(cls, ticket: FilingRequest, error: str) -> FilingFailure:
        return cls(
            type=ticket.type,
            name=ticket.name,
            email=ticket.email,
            channel=ticket.channel,
            error=error,
            conversation_id=ticket.conversation_id,
            language=ticket.language,
        )


@dataclass(frozen=True)
class FailureNotice:
    """Answer of POST /api/filing-failures: the staff handoff, and whether the person's mail was queued."""

    handoff_id: str
    mailed: bool
    created: bool = True

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FailureNotice:
        return cls(str(data["handoff_id"]), bool(data.get("mailed")), bool(data.get("created", True)))


@dataclass(frozen=True)
class FiledTicket:
    """What the assistant reads back from a filed ticket (the answer is a full Ticket)."""

    id: str
    type: str
    status: str
    due_at: str | None
    days_left: int | None = None
    requests_last_12_months: int | None = None

    @classmethod
    def from_json(cls, data: dict[str, Any], request: FilingRequest) -> FiledTicket:
        return cls(
            id=str(data["id"]),
            type=str(data.get("type", request.type)),
            status=str(data.get("status", "received")),
            due_at=data.get("due_at"),
            days_left=data.get("days_left"),
            requests_last_12_months=data.get("requests_last_12_months"),
        )


@dataclass(frozen=True)
class TicketList:
    """Answer of GET /api/tickets."""

    tickets: list[TicketView]


@dataclass(frozen=True)
class TransitionRequest:
    """Body of POST /api/tickets/{ticket_id}/transitions."""

    to: str = wire(40, enum=Status)
    reason: str | None = wire(40, enum=RejectionReason, description="required when to=rejected", default=None)
    note: str | None = wire(2000, description="required when reason=other; stated in the email", default=None)
    actor: str | None = wire(120, default=None)


@dataclass(frozen=True)
class HandoffRequest:
    """Body of POST /api/handoffs: queue a conversation for a colleague."""

    conversation_id: str
    channel: str
    reason: str = wire(40, enum=Reason)
    topic: str | None = None
    first_message: str | None = None


@dataclass(frozen=True)
class Registration:
    """Answer of POST /api/handoffs: `waiting`, `taken` or `unavailable` (no colleague online).

    `paused` is the handoff row's answer (bot/handoff/pause.py); the action pauses Rasa from it.
    """

    status: str
    agents_online: bool
    handoff_id: str | None = None
    paused: bool = False

    @property
    def queued(self) -> bool:
        return self.status in ("waiting", "taken")

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Registration:
        return cls(
            str(data.get("status")),
            bool(data.get("agents_online")),
            data.get("handoff_id"),
            bool(data.get("paused")),
        )


@dataclass(frozen=True)
class HandoffState:
    """Answer of GET /api/handoffs/{conversation_id}: should the assistant stay paused?"""

    conversation_id: str
    state: str
    paused: bool
    handoff_id: str | None = None
    reason: str | None = None
    channel: str | None = None
    agent: str | None = None
    requested_at: str | None = wire(fmt="date-time", default=None)


@dataclass(frozen=True)
class Error:
    """Every refusal: `error` is a code from the error table, `message` a sentence; extras per code."""

    error: str
    message: str
    field: str | None = None
    ticket_id: str | None = None
    status: str | None = None
    attempts_left: int | None = None
    retry_after: int | None = None

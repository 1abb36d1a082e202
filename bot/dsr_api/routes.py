"""Every route of the DSR API, written once: the server binds handlers to these, the client formats these
paths, and the OpenAPI document is generated from them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.dsr_api import types as wire
from bot.tickets.views import TicketView


@dataclass(frozen=True)
class Operation:
    """One method on one path: what it takes, what it answers, and which statuses it may answer with."""

    method: str
    path: str
    summary: str
    ok: int
    answer: type[Any] | None
    body: type[Any] | None = None
    query: tuple[str, ...] = ()
    headers: tuple[str, ...] = ()
    errors: tuple[int, ...] = (400, 401, 403, 404, 409, 410, 422, 423, 429)
    public: bool = False

    def url(self, **params: str) -> str:
        """The path with its parameters filled in (already quoted by the caller when needed)."""
        return self.path.format(**params)


START_VERIFICATION = Operation(
    "POST",
    "/api/verifications",
    "Start identity verification (file_request by email, status_check by ticket id)",
    201,
    wire.Challenge,
    wire.StartVerification,
)
RESEND_CODE = Operation(
    "POST", "/api/verifications/{challenge_id}/resend", "Send a new code", 200, wire.Challenge
)
CHECK_CODE = Operation(
    "POST",
    "/api/verifications/{challenge_id}/check",
    "Check a code; returns a verification token",
    200,
    wire.Verification,
    wire.CheckCode,
)
STATUS_BY_RECENT_PROOF = Operation(
    "POST",
    "/api/verifications/recent",
    "A status check proven by the filing verified minutes ago in the same conversation (no new code)",
    200,
    wire.Verification,
    wire.StatusByRecentProof,
)
WITHDRAW_VERIFICATION = Operation(
    "DELETE",
    "/api/verifications/{challenge_id}",
    "Withdraw before filing: erase the challenge, its code mails and their sink copies",
    200,
    wire.Withdrawal,
)
FILE_TICKET = Operation(
    "POST",
    "/api/tickets",
    "File a verified request (Idempotency-Key header); 200 with the same ticket on a retry",
    201,
    TicketView,
    wire.FilingRequest,
    headers=("Idempotency-Key",),
)
LIST_TICKETS = Operation(
    "GET",
    "/api/tickets",
    "List tickets",
    200,
    wire.TicketList,
    query=("email", "type", "status", "overdue", "due_within_days", "limit", "offset"),
)
REPORT_FILING_FAILURE = Operation(
    "POST",
    "/api/filing-failures",
    "A kept request could not be filed: open a handoff for staff and mail the person "
    "(Idempotency-Key header: the request's own; 200 with the same handoff on a retry)",
    201,
    wire.FailureNotice,
    wire.FilingFailure,
    headers=("Idempotency-Key",),
    errors=(400, 401, 422),
)
GET_TICKET = Operation("GET", "/api/tickets/{ticket_id}", "One ticket with its history", 200, TicketView)
TRANSITION_TICKET = Operation(
    "POST",
    "/api/tickets/{ticket_id}/transitions",
    "Change a ticket's status",
    200,
    TicketView,
    wire.TransitionRequest,
)
REQUEST_HANDOFF = Operation(
    "POST",
    "/api/handoffs",
    "Queue a conversation for a colleague (201 new, 200 already queued)",
    201,
    wire.Registration,
    wire.HandoffRequest,
    errors=(400, 401, 422),
)
HANDOFF_STATE = Operation(
    "GET",
    "/api/handoffs/{conversation_id}",
    "Whether the assistant should stay paused in this conversation",
    200,
    wire.HandoffState,
    errors=(401,),
)
OPENAPI = Operation("GET", "/api/openapi.json", "This document", 200, None, errors=(), public=True)

OPERATIONS: tuple[Operation, ...] = (
    START_VERIFICATION,
    RESEND_CODE,
    CHECK_CODE,
    STATUS_BY_RECENT_PROOF,
    WITHDRAW_VERIFICATION,
    FILE_TICKET,
    REPORT_FILING_FAILURE,
    LIST_TICKETS,
    GET_TICKET,
    TRANSITION_TICKET,
    REQUEST_HANDOFF,
    HANDOFF_STATE,
    OPENAPI,
)

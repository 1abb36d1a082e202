"""The one client of the DSR backend (action server): requests, verification, filing and handoffs.

Refusals come back as the core's own error classes (`WrongCode`, `DuplicateTicket`, ...), rebuilt from the
error table, so the assistant catches exactly what the backend raised. Two outcomes have no core class:
the backend could not be reached (`DsrUnavailable`: keep the request, retry later) and a refusal the table
does not know (`DsrRefused`).
"""

from __future__ import annotations

import logging
from dataclasses import asdict
from typing import Any
from urllib.parse import quote

import httpx

from bot.dsr_api import routes
from bot.dsr_api.errors import error_from_wire
from bot.dsr_api.routes import Operation
from bot.dsr_api.types import (
    Challenge,
    FailureNotice,
    FiledTicket,
    FilingFailure,
    FilingRequest,
    HandoffRequest,
    Registration,
    Verification,
)
from bot.http_endpoint import HttpEndpoint
from bot.tickets.errors import TicketError
from bot.verification.errors import VerificationError
from bot.verification.purposes import Purpose

logger = logging.getLogger(__name__)


class DsrUnavailable(Exception):
    """Network error, timeout, 5xx, a wrong token: the request can be kept and retried later."""


class DsrRefused(Exception):
    """A 4xx the error table does not name; `field` names the culprit when known."""

    def __init__(self, status_code: int, error: str, field: str | None = None) -> None:
        super().__init__(f"{status_code} {error} {field or ''}".strip())
        self.status_code, self.error, self.field = status_code, error, field


# Everything a call may raise that says "the backend answered no" (as opposed to DsrUnavailable).
REFUSALS: tuple[type[Exception], ...] = (TicketError, VerificationError, DsrRefused)


def refusal_code(error: Exception) -> str:
    """The wire code a refusal came with (`not_verified`, `validation_error`, ...), for the person's mail."""
    code = error.error if isinstance(error, DsrRefused) else getattr(error, "code", None)
    return str(code or "refused")[:40]


class DsrClient:
    """One small object per process; a fresh connection per call keeps it loop-agnostic."""

    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        timeout: float = 5.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._endpoint = HttpEndpoint(base_url, timeout, transport)
        self._headers = {"Authorization": f"Bearer {token}"}

    async def _call(
        self,
        op: Operation,
        body: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        **params: str,
    ) -> tuple[int, dict[str, Any]]:
        path = op.url(**{name: quote(value, safe="") for name, value in params.items()})
        try:
            async with self._endpoint.client() as client:
                response = await client.request(
                    op.method, path, json=body, headers={**self._headers, **(headers or {})}
                )
        except httpx.HTTPError as error:
            logger.warning("DSR backend unreachable on %s %s: %s", op.method, op.path, type(error).__name__)
            raise DsrUnavailable(type(error).__name__) from error
        if response.status_code >= 500:
            logger.warning("DSR backend error %s on %s %s", response.status_code, op.method, op.path)
            raise DsrUnavailable(f"HTTP {response.status_code}")
        try:
            data = response.json() if response.content else {}
        except ValueError as error:
            raise DsrUnavailable("response is not JSON") from error
        return response.status_code, data if isinstance(data, dict) else {"items": data}

    @staticmethod
    def _raise(status: int, data: dict[str, Any], prefer: type[Exception]) -> None:
        """The core error the answer stands for; a wrong token is an operator error worth retrying after."""
        if status == 401:
            raise DsrUnavailable("unauthorized: check DSR_API_TOKEN")
        error = error_from_wire(status, data, prefer=prefer)
        if error is not None:
            raise error
        raise DsrRefused(status, str(data.get("error") or "error"), data.get("field"))

    async def _answer(self, op: Operation, prefer: type[Exception], **kwargs: Any) -> dict[str, Any]:
        status, data = await self._call(op, **kwargs)
        if status not in (200, 201):
            self._raise(status, data, prefer)
        return data

    async def _challenge(self, op: Operation, **kwargs: Any) -> Challenge:
        return Challenge.from_json(await self._answer(op, VerificationError, **kwargs))

    async def health(self) -> bool:
        """True when the backend answers /health."""
        try:
            async with self._endpoint.client() as client:
                response = await client.get("/health", headers=self._headers)
        except httpx.HTTPError:
            return False
        return response.status_code == 200

    async def start_email_verification(self, email: str, language: str = "zh") -> Challenge:
        """Sends a code to the address the person gave, before filing, in the conversation's language."""
        body = {"purpose": Purpose.FILE_REQUEST.value, "email": email, "language": language}
        return await self._challenge(routes.START_VERIFICATION, body=body)

    async def start_status_verification(self, ticket_id: str, language: str = "zh") -> Challenge:
        """Sends a code to the ticket's email; an unknown id gets an identical decoy answer."""
        body = {"purpose": Purpose.STATUS_CHECK.value, "ticket_id": ticket_id, "language": language}
        return await self._challenge(routes.START_VERIFICATION, body=body)

    async def resend(self, challenge_id: str) -> Challenge:
        return await self._challenge(routes.RESEND_CODE, challenge_id=challenge_id)

    async def withdraw(self, challenge_id: str) -> None:
        """The person withdrew before filing: the backend erases the challenge and its code mails."""
        await self._answer(routes.WITHDRAW_VERIFICATION, VerificationError, challenge_id=challenge_id)

    async def check_code(self, challenge_id: str, code: str) -> Verification:
        status, data = await self._call(routes.CHECK_CODE, {"code": code}, challenge_id=challenge_id)
        if status != 200 or not data.get("verified"):
            self._raise(status, data, VerificationError)
        return Verification.from_json(data)

    async def status_by_recent_proof(self, ticket_id: str, verification_token: str) -> Verification:
        """The status of a ticket filed minutes ago in this conversation, proven by that filing's token."""
        body = {"ticket_id": ticket_id, "verification_token": verification_token}
        return Verification.from_json(
            await self._answer(routes.STATUS_BY_RECENT_PROOF, VerificationError, body=body)
        )

    async def file_ticket(self, ticket: FilingRequest, *, idempotency_key: str) -> FiledTicket:
        """Idempotent: the same key returns the same ticket and sends no second email."""
        headers = {"Idempotency-Key": idempotency_key}
        data = await self._answer(routes.FILE_TICKET, TicketError, body=ticket.to_json(), headers=headers)
        return FiledTicket.from_json(data, ticket)

    async def report_filing_failure(
        self, ticket: FilingRequest, error: str, *, idempotency_key: str
    ) -> FailureNotice:
        """A kept request was refused: staff get a handoff, the person a mail; one key tells them once."""
        body = asdict(FilingFailure.of(ticket, error))
        headers = {"Idempotency-Key": idempotency_key}
        data = await self._answer(routes.REPORT_FILING_FAILURE, TicketError, body=body, headers=headers)
        return FailureNotice.from_json(data)

    async def _handoff_answer(self, op: Operation, **kwargs: Any) -> dict[str, Any]:
        """Any refusal counts as unavailable here: the assistant then gives the contact details instead."""
        try:
            return await self._answer(op, Exception, **kwargs)
        except REFUSALS as error:
            logger.warning("handoff API refused: %s", type(error).__name__)
            raise DsrUnavailable(type(error).__name__) from error

    async def register_handoff(
        self,
        conversation_id: str,
        channel: str,
        reason: str,
        *,
        topic: str | None = None,
        first_message: str | None = None,
    ) -> Registration:
        """Queue the conversation for a colleague (or learn that nobody is online)."""
        request = HandoffRequest(conversation_id, channel, reason, topic or None, first_message or None)
        body = {name: value for name, value in asdict(request).items() if value is not None}
        return Registration.from_json(await self._handoff_answer(routes.REQUEST_HANDOFF, body=body))

    async def should_stay_paused(self, conversation_id: str) -> bool:
        """True while a colleague has (or is about to have) the conversation."""
        data = await self._handoff_answer(routes.HANDOFF_STATE, conversation_id=conversation_id)
        return bool(data.get("paused"))

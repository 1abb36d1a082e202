"""Typed async client for the DSR backend API (see the agreed API in the contract).

Every HTTP outcome the assistant must explain becomes a typed exception, so actions translate
them into polite replies in one place and never parse JSON themselves.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from typing import Any

import httpx

from bot.http_endpoint import HttpEndpoint

logger = logging.getLogger(__name__)


class BackendError(Exception):
    """Base of every backend failure the assistant explains."""


class BackendUnavailable(BackendError):
    """Network error, timeout or 5xx: the request can be kept and retried later."""


class RateLimited(BackendError):
    def __init__(self, retry_after: int) -> None:
        super().__init__(f"rate limited, retry after {retry_after}s")
        self.retry_after = retry_after


class WrongCode(BackendError):
    def __init__(self, attempts_left: int) -> None:
        super().__init__(f"wrong code, {attempts_left} attempts left")
        self.attempts_left = attempts_left


class CodeExpired(BackendError):
    """The challenge's ten minutes are over; a resend gives a new code."""


class CodeLocked(BackendError):
    """Too many wrong codes: even the right one fails now."""


class ChallengeNotFound(BackendError):
    """The challenge id is unknown to the backend (e.g. it was reset)."""


class Duplicate(BackendError):
    def __init__(self, ticket_id: str, status: str) -> None:
        super().__init__(f"duplicate of {ticket_id} ({status})")
        self.ticket_id = ticket_id
        self.status = status


class NotVerified(BackendError):
    """The verification token is missing, invalid or not for this email."""


class Refused(BackendError):
    """Any other 4xx: the request itself is wrong; `field` names the culprit when known."""

    def __init__(self, status_code: int, error: str, field: str | None = None) -> None:
        super().__init__(f"{status_code} {error} {field or ''}".strip())
        self.status_code = status_code
        self.error = error
        self.field = field


@dataclass(frozen=True)
class Challenge:
    challenge_id: str
    expires_at: str
    resend_after: str


@dataclass(frozen=True)
class TicketStatus:
    """What a status check may show once the email is proven: no contact data."""

    id: str
    type: str
    status: str
    due_at: str | None
    created_at: str | None


@dataclass(frozen=True)
class Verification:
    token: str
    ticket: TicketStatus | None = None


@dataclass(frozen=True)
class NewTicket:
    """The body of POST /api/tickets."""

    type: str
    scenario: str
    name: str
    email: str
    details: str
    channel: str
    conversation_id: str
    verification_token: str
    phone: str | None = None

    def to_json(self) -> dict[str, Any]:
        body = asdict(self)
        if not body["phone"]:
            body.pop("phone")
        return body


@dataclass(frozen=True)
class FiledTicket:
    id: str
    type: str
    status: str
    due_at: str | None
    days_left: int | None = None
    requests_last_12_months: int | None = None


def _route(path: str) -> str:
    """The path without ids, for logs."""
    return "/".join(path.split("/")[:3])


def _ticket_status(data: dict[str, Any]) -> TicketStatus:
    return TicketStatus(
        id=str(data["id"]),
        type=str(data.get("type", "")),
        status=str(data.get("status", "")),
        due_at=data.get("due_at"),
        created_at=data.get("created_at"),
    )


class BackendClient:
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
        method: str,
        path: str,
        body: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, dict[str, Any]]:
        try:
            async with self._endpoint.client() as client:
                response = await client.request(
                    method, path, json=body, headers={**self._headers, **(headers or {})}
                )
        except httpx.HTTPError as error:
            logger.warning("DSR backend unreachable on %s %s: %s", method, _route(path), type(error).__name__)
            raise BackendUnavailable(type(error).__name__) from error
        if response.status_code >= 500:
            logger.warning("DSR backend error %s on %s", response.status_code, method)
            raise BackendUnavailable(f"HTTP {response.status_code}")
        try:
            data = response.json() if response.content else {}
        except ValueError as error:
            raise BackendUnavailable("response is not JSON") from error
        return response.status_code, data if isinstance(data, dict) else {"items": data}

    @staticmethod
    def _raise_for_error(status: int, data: dict[str, Any]) -> None:
        error = str(data.get("error", ""))
        if status == 429 or error == "rate_limited":
            raise RateLimited(int(data.get("retry_after", 60)))
        if error == "wrong_code":
            raise WrongCode(int(data.get("attempts_left", 0)))
        if status == 410 or error == "expired":
            raise CodeExpired()
        if status == 423 or error == "locked":
            raise CodeLocked()
        if error == "duplicate":
            raise Duplicate(str(data.get("ticket_id", "")), str(data.get("status", "")))
        if error == "not_verified":
            raise NotVerified()
        if status == 404:
            raise ChallengeNotFound()
        if status == 401:
            # A wrong token is an operator error; the request is worth keeping until it is fixed.
            raise BackendUnavailable("unauthorized: check DSR_API_TOKEN")
        raise Refused(status, error or "error", data.get("field"))

    def _challenge(self, status: int, data: dict[str, Any]) -> Challenge:
        if status not in (200, 201):
            self._raise_for_error(status, data)
        return Challenge(
            str(data["challenge_id"]), str(data.get("expires_at", "")), str(data.get("resend_after", ""))
        )

    async def health(self) -> bool:
        """True when the backend answers /health."""
        try:
            status, _ = await self._call("GET", "/health")
        except BackendUnavailable:
            return False
        return status == 200

    async def start_email_verification(self, email: str) -> Challenge:
        """Sends a code to the address the person gave, before filing."""
        return self._challenge(
            *await self._call("POST", "/api/verifications", {"purpose": "file_request", "email": email})
        )

    async def start_status_verification(self, ticket_id: str) -> Challenge:
        """Sends a code to the ticket's email; an unknown id gets an identical decoy answer."""
        body = {"purpose": "status_check", "ticket_id": ticket_id}
        return self._challenge(*await self._call("POST", "/api/verifications", body))

    async def resend(self, challenge_id: str) -> Challenge:
        return self._challenge(*await self._call("POST", f"/api/verifications/{challenge_id}/resend"))

    async def withdraw(self, challenge_id: str) -> None:
        """The person withdrew before filing: the backend erases the challenge and its code mails."""
        status, data = await self._call("DELETE", f"/api/verifications/{challenge_id}")
        if status >= 400:
            self._raise_for_error(status, data)

    async def check_code(self, challenge_id: str, code: str) -> Verification:
        status, data = await self._call("POST", f"/api/verifications/{challenge_id}/check", {"code": code})
        if status != 200 or not data.get("verified"):
            self._raise_for_error(status, data)
        ticket = data.get("ticket")
        return Verification(str(data["verification_token"]), _ticket_status(ticket) if ticket else None)

    async def file_ticket(self, ticket: NewTicket, *, idempotency_key: str) -> FiledTicket:
        """Idempotent: the same key returns the same ticket and sends no second email."""
        status, data = await self._call(
            "POST", "/api/tickets", ticket.to_json(), headers={"Idempotency-Key": idempotency_key}
        )
        if status not in (200, 201):
            self._raise_for_error(status, data)
        return FiledTicket(
            id=str(data["id"]),
            type=str(data.get("type", ticket.type)),
            status=str(data.get("status", "received")),
            due_at=data.get("due_at"),
            days_left=data.get("days_left"),
            requests_last_12_months=data.get("requests_last_12_months"),
        )

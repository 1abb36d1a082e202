"""An in-memory DSR backend speaking the agreed HTTP API, for unit tests of the intake client and actions."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from typing import Any

import httpx

from bot.dsr_api.client import DsrClient


@dataclass
class FakeChallenge:
    code: str
    purpose: str
    email: str | None
    ticket_id: str | None
    attempts_left: int = 5
    expired: bool = False
    decoy: bool = False


@dataclass
class FakeBackend:
    """Behaves like the real API; `up = False` makes every call a connection error."""

    up: bool = True
    challenges: dict[str, FakeChallenge] = field(default_factory=dict)
    tickets: dict[str, dict[str, Any]] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)  # token -> email
    sent: list[tuple[str, str]] = field(default_factory=list)  # (to, code)
    confirmations: list[str] = field(default_factory=list)  # ticket ids confirmed by email
    rate_limited: bool = False
    withdrawn: list[str] = field(default_factory=list)  # challenge ids erased after a cancel
    daily_limited: bool = False  # every code check answers 429 daily_limit, as after 15 wrong codes a day
    calls: int = 0
    proofs_expired: bool = False  # the filing's proof is older than the backend's reuse window
    # POST /api/filing-failures by Idempotency-Key; `reports_up = False` fails only those calls (down again).
    failure_reports: dict[str, dict[str, Any]] = field(default_factory=dict)
    report_calls: int = 0
    reports_up: bool = True

    def client(self) -> DsrClient:
        return DsrClient("http://dsr.test", "token", transport=httpx.MockTransport(self.handle))

    def last_code(self, to: str) -> str:
        return [code for address, code in self.sent if address == to][-1]

    def _new_challenge(self, purpose: str, email: str | None, ticket_id: str | None) -> httpx.Response:
        challenge_id = secrets.token_hex(8)
        ticket = self.tickets.get(ticket_id or "")
        to = email or (ticket["email"] if ticket else None)
        challenge = FakeChallenge(secrets.choice(["123456", "654321", "111222"]), purpose, to, ticket_id)
        challenge.decoy = to is None
        self.challenges[challenge_id] = challenge
        if to:
            self.sent.append((to, challenge.code))
        body = {
            "challenge_id": challenge_id,
            "expires_at": "2026-03-02T10:10:00+08:00",
            "resend_after": "2026-03-02T10:01:00+08:00",
        }
        return httpx.Response(201, json=body)

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.calls += 1
        if not self.up:
            raise httpx.ConnectError("backend down", request=request)
        if request.url.path == "/health":
            return httpx.Response(200, json={"status": "ok"})
        assert request.headers["Authorization"] == "Bearer token"
        body = json.loads(request.content) if request.content else {}
        parts = request.url.path.strip("/").split("/")
        if parts == ["api", "verifications", "recent"]:
            return self._recent_proof(body)
        if parts == ["api", "verifications"]:
            if self.rate_limited:
                return httpx.Response(429, json={"error": "rate_limited", "retry_after": 42})
            return self._new_challenge(body["purpose"], body.get("email"), body.get("ticket_id"))
        if parts[:2] == ["api", "verifications"] and len(parts) == 3 and request.method == "DELETE":
            if self.challenges.pop(parts[2], None) is None:
                return httpx.Response(404, json={"error": "not_found", "message": "?"})
            self.withdrawn.append(parts[2])
            return httpx.Response(200, json={"erased": {"challenges": 1}})
        if parts[:2] == ["api", "verifications"] and len(parts) == 4:
            return self._challenge_action(parts[2], parts[3], body)
        if parts == ["api", "tickets"] and request.method == "POST":
            return self._file(body, request.headers.get("Idempotency-Key", ""))
        if parts == ["api", "filing-failures"] and request.method == "POST":
            return self._report(body, request)
        return httpx.Response(404, json={"error": "not_found", "message": "?"})

    def _challenge_action(self, challenge_id: str, action: str, body: dict[str, Any]) -> httpx.Response:
        challenge = self.challenges.get(challenge_id)
        if challenge is None:
            return httpx.Response(404, json={"error": "not_found", "message": "?"})
        if action == "resend":
            if self.rate_limited:
                return httpx.Response(429, json={"error": "rate_limited", "retry_after": 42})
            if challenge.attempts_left <= 0:
                return httpx.Response(423, json={"error": "locked", "message": "locked"})
            return self._new_challenge(challenge.purpose, challenge.email, challenge.ticket_id)
        if self.daily_limited:
            return httpx.Response(429, json={"error": "daily_limit", "retry_after": 50000})
        if challenge.attempts_left <= 0:
            return httpx.Response(423, json={"error": "locked", "message": "locked"})
        if challenge.expired:
            return httpx.Response(410, json={"error": "expired", "message": "expired"})
        if challenge.decoy or body.get("code") != challenge.code:
            challenge.attempts_left -= 1
            return httpx.Response(400, json={"error": "wrong_code", "attempts_left": challenge.attempts_left})
        token = secrets.token_hex(8)
        self.tokens[token] = challenge.email or ""
        answer: dict[str, Any] = {"verified": True, "verification_token": token}
        if challenge.purpose == "status_check":
            ticket = self.tickets[challenge.ticket_id or ""]
            answer["ticket"] = {key: ticket[key] for key in ("id", "type", "status", "due_at", "created_at")}
        return httpx.Response(200, json=answer)

    def _recent_proof(self, body: dict[str, Any]) -> httpx.Response:
        """Like the backend: a filing token proves the status of a ticket of the same address (no mail)."""
        ticket = self.tickets.get(body.get("ticket_id", ""))
        email = self.tokens.get(body.get("verification_token", ""))
        if ticket is None or email is None or email != ticket["email"] or self.proofs_expired:
            return httpx.Response(403, json={"error": "not_verified", "message": "not verified"})
        summary = {key: ticket[key] for key in ("id", "type", "status", "due_at", "created_at")}
        return httpx.Response(200, json={"verified": True, "verification_token": "", "ticket": summary})

    def _file(self, body: dict[str, Any], key: str) -> httpx.Response:
        if key in self.keys:
            return httpx.Response(200, json=self.tickets[self.keys[key]])
        if self.tokens.get(body.get("verification_token", "")) != body.get("email"):
            return httpx.Response(403, json={"error": "not_verified", "message": "not verified"})
        for ticket in self.tickets.values():
            if (
                ticket["email"] == body["email"]
                and ticket["type"] == body["type"]
                and ticket["status"] == "received"
            ):
                return httpx.Response(
                    409,
                    json={
                        "error": "duplicate",
                        "message": "dup",
                        "ticket_id": ticket["id"],
                        "status": "received",
                    },
                )
        ticket_id = f"DSR-{secrets.token_hex(3).upper()}"
        ticket = {
            **body,
            "id": ticket_id,
            "status": "received",
            "due_at": "2026-03-23T23:59:59+08:00",
            "created_at": "2026-03-02T10:00:00+08:00",
            "days_left": 15,
            "requests_last_12_months": 1,
        }
        ticket.pop("verification_token", None)
        self.tickets[ticket_id] = ticket
        self.keys[key] = ticket_id
        self.confirmations.append(ticket_id)
        return httpx.Response(201, json=ticket)

    def _report(self, body: dict[str, Any], request: httpx.Request) -> httpx.Response:
        self.report_calls += 1
        if not self.reports_up:
            raise httpx.ConnectError("backend down again", request=request)
        key = request.headers.get("Idempotency-Key", "")
        if key in self.failure_reports:
            return httpx.Response(200, json={"handoff_id": "h1", "mailed": True, "created": False})
        self.failure_reports[key] = body
        return httpx.Response(201, json={"handoff_id": "h1", "mailed": True, "created": True})

    def add_ticket(self, email: str, request_type: str = "deletion") -> str:
        ticket_id = f"DSR-{secrets.token_hex(3).upper()}"
        self.tickets[ticket_id] = {
            "id": ticket_id,
            "email": email,
            "type": request_type,
            "status": "received",
            "due_at": "2026-03-23T23:59:59+08:00",
            "created_at": "2026-03-02T10:00:00+08:00",
        }
        return ticket_id

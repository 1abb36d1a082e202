"""The OpenAPI description at /api/openapi.json, written by hand to match bot/web/api.py."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from bot.tickets.states import RejectionReason, Scenario, Status, TicketType


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


_ERR = _json(_ref("Error"), "error")
_ERRORS = {code: _ERR for code in ("400", "401", "403", "404", "409", "410", "422", "423", "429")}

SCHEMAS: dict[str, Any] = {
    "Error": {
        "type": "object",
        "required": ["error", "message"],
        "properties": {
            "error": {"type": "string"},
            "message": {"type": "string"},
            "field": {"type": "string"},
            "ticket_id": {"type": "string"},
            "attempts_left": {"type": "integer"},
            "retry_after": {"type": "integer"},
        },
    },
    "Challenge": {
        "type": "object",
        "properties": {
            "challenge_id": {"type": "string"},
            "expires_at": {"type": "string", "format": "date-time"},
            "resend_after": {"type": "string", "format": "date-time"},
        },
    },
    "NewTicket": {
        "type": "object",
        "required": ["type", "scenario", "name", "email", "details", "channel", "verification_token"],
        "properties": {
            "type": {"enum": [t.value for t in TicketType]},
            "scenario": {"enum": [s.value for s in Scenario]},
            "name": {"type": "string", "maxLength": 100},
            "email": {"type": "string", "format": "email"},
            "phone": {"type": "string"},
            "details": {"type": "string", "maxLength": 5000},
            "channel": {"type": "string", "maxLength": 32},
            "conversation_id": {"type": "string", "maxLength": 128},
            "verification_token": {"type": "string"},
        },
    },
    "Ticket": {
        "type": "object",
        "properties": {
            "id": {"type": "string", "pattern": "^DSR-[2-9A-HJKMNP-Z]{6}$"},
            "type": {"enum": [t.value for t in TicketType]},
            "status": {"enum": [s.value for s in Status]},
            "scenario": {"enum": [s.value for s in Scenario]},
            **{name: {"type": "string"} for name in ("name", "email", "phone", "details", "channel")},
            "conversation_id": {"type": "string"},
            **{
                name: {"type": "string", "format": "date-time"}
                for name in ("verified_at", "created_at", "due_at", "closed_at")
            },
            "days_left": {"type": "integer", "nullable": True},
            "overdue": {"type": "boolean"},
            "requests_last_12_months": {"type": "integer"},
            "history": {"type": "array", "items": {"type": "object"}},
        },
    },
    "Transition": {
        "type": "object",
        "required": ["to"],
        "properties": {
            "to": {"enum": [s.value for s in Status]},
            "reason": {
                "enum": [r.value for r in RejectionReason],
                "description": "required when to=rejected",
            },
            "note": {"type": "string", "description": "required when reason=other; stated in the email"},
            "actor": {"type": "string"},
        },
    },
}


def _op(
    summary: str, ok: str, schema: dict[str, Any], body: str | None = None, **extra: Any
) -> dict[str, Any]:
    operation: dict[str, Any] = {"summary": summary, "responses": {ok: _json(schema, "success"), **_ERRORS}}
    if body:
        operation["requestBody"] = {"required": True, "content": {"application/json": {"schema": _ref(body)}}}
    operation.update(extra)
    return operation


_TICKET_ID = [{"name": "ticket_id", "in": "path", "required": True, "schema": {"type": "string"}}]
_CHALLENGE_ID = [{"name": "challenge_id", "in": "path", "required": True, "schema": {"type": "string"}}]

SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Megvii DSR backend", "version": "1.0.0"},
    "components": {
        "schemas": SCHEMAS,
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
    },
    "security": [{"bearer": []}],
    "paths": {
        "/api/verifications": {
            "post": _op(
                "Start identity verification (file_request by email, status_check by ticket id)",
                "201",
                _ref("Challenge"),
                requestBody={
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "purpose": {"enum": ["file_request", "status_check"]},
                                    "email": {"type": "string"},
                                    "ticket_id": {"type": "string"},
                                },
                            }
                        }
                    }
                },
            )
        },
        "/api/verifications/{challenge_id}": {
            "delete": _op(
                "Withdraw before filing: erase the challenge, its code mails and their sink copies",
                "200",
                {"type": "object", "properties": {"erased": {"type": "object"}}},
                parameters=_CHALLENGE_ID,
            )
        },
        "/api/verifications/{challenge_id}/resend": {
            "post": _op("Send a new code", "200", _ref("Challenge"), parameters=_CHALLENGE_ID)
        },
        "/api/verifications/{challenge_id}/check": {
            "post": _op(
                "Check a code; returns a verification token",
                "200",
                {"type": "object"},
                parameters=_CHALLENGE_ID,
                requestBody={
                    "content": {
                        "application/json": {
                            "schema": {"type": "object", "properties": {"code": {"type": "string"}}}
                        }
                    }
                },
            )
        },
        "/api/tickets": {
            "post": _op(
                "File a verified request (Idempotency-Key header)",
                "201",
                _ref("Ticket"),
                "NewTicket",
                parameters=[{"name": "Idempotency-Key", "in": "header", "schema": {"type": "string"}}],
            ),
            "get": _op(
                "List tickets",
                "200",
                {"type": "object", "properties": {"tickets": {"type": "array", "items": _ref("Ticket")}}},
                parameters=[
                    {"name": n, "in": "query", "schema": {"type": "string"}}
                    for n in ("email", "type", "status", "overdue", "due_within_days", "limit", "offset")
                ],
            ),
        },
        "/api/tickets/{ticket_id}": {
            "get": _op("One ticket with its history", "200", _ref("Ticket"), parameters=_TICKET_ID)
        },
        "/api/tickets/{ticket_id}/transitions": {
            "post": _op(
                "Change a ticket's status", "200", _ref("Ticket"), "Transition", parameters=_TICKET_ID
            )
        },
    },
}


async def openapi_json(request: Request) -> JSONResponse:
    """Public, like most API descriptions: it holds no data."""
    return JSONResponse(SPEC)


routes = [Route("/api/openapi.json", openapi_json, methods=["GET"])]
